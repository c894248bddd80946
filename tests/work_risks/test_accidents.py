"""Accident notices: the term, the employer liability, qualification, scope and audit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.registry.models import Canton
from seguro.work_risks import selectors
from seguro.work_risks.models import (
    AccidentReport,
    CaseState,
    EmployerLiability,
    LiabilityReason,
    LiabilityState,
)
from seguro.work_risks.services import (
    accident_investigation_open,
    accident_qualify,
    accident_report_file,
    employer_liability_assess,
    investigation_record,
)
from tests import factories


def _file(world: dict[str, Any], reported_on: date, **extra: Any) -> AccidentReport:
    args: dict[str, Any] = {
        "actor": world["loja_user"],
        "person": world["loja_worker"],
        "employer": world["loja_employer"],
        "accident_date": date(2024, 3, 20),
        "canton": Canton.objects.get(code="1101"),
        "place": "Bodega principal",
        "kind": "at_work",
        "description": "Caída desde una escalera al bajar cajas.",
        "injuries": "Fractura de muñeca derecha.",
        "leave_days": 30,
        "reported_on": reported_on,
    }
    args.update(extra)
    return accident_report_file(**args)


def _actions(target: Any) -> list[str]:
    rows = AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return list(rows.order_by("id").values_list("action", flat=True))


def test_a_notice_on_the_last_day_of_the_term_is_on_time(world: dict[str, Any]) -> None:
    # Accident Wed 20-mar-2024; with Good Friday 29-mar the 10th working day is Thu 04-apr.
    report = _file(world, date(2024, 4, 4))
    assert (report.late, report.due_date) == (False, date(2024, 4, 4))
    assert report.affiliation == world["loja_affiliation"]
    assert report.province_code == "11"
    assert not EmployerLiability.objects.exists()
    assert _actions(report) == ["work_risks.accident.file"]


def test_a_notice_the_day_after_the_term_is_late_and_opens_a_liability(
    world: dict[str, Any],
) -> None:
    report = _file(world, date(2024, 4, 5))
    assert report.late
    liability = EmployerLiability.objects.get()
    # C.D. 517 Art. 15: 1 SBU of 2024 (460.00); the benefits' cost waits for their payment.
    assert (liability.reason, liability.state) == (LiabilityReason.LATE_REPORT, "pending")
    assert (liability.surcharge_cents, liability.benefits_cents) == (46000, None)
    assert liability.explanation[-1]["value"] == "460.00"
    assert _actions(liability) == ["work_risks.liability.open"]
    assert _actions(report) == ["work_risks.accident.file"]


def test_a_worker_not_affiliated_on_the_day_opens_an_unaffiliated_liability(
    world: dict[str, Any],
) -> None:
    stranger = factories.person(canton="1101")
    report = _file(world, date(2024, 3, 21), person=stranger)
    assert report.affiliation is None and not report.late
    assert list(EmployerLiability.objects.values_list("reason", flat=True)) == ["unaffiliated"]


def test_an_employer_cannot_file_for_another_employer(world: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as error:
        _file(world, date(2024, 3, 21), actor=world["quito_user"])
    assert error.value.field == "empleador"
    assert not AccidentReport.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"accident_date": date(2024, 3, 22)}, "fecha"),  # after the notice
        ({"kind": "vacation"}, "tipo"),
        ({"injuries": "  "}, "lesiones"),
        ({"leave_days": -1}, "días de reposo"),
    ],
)
def test_bad_input_is_refused_in_spanish(
    world: dict[str, Any], extra: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as error:
        _file(world, date(2024, 3, 21), **extra)
    assert error.value.field == field


def test_the_same_accident_cannot_be_filed_twice(world: dict[str, Any]) -> None:
    _file(world, date(2024, 3, 21))
    with pytest.raises(DomainError, match="ya existe el aviso"):
        _file(world, date(2024, 3, 22))


def test_an_employer_sees_only_its_reports_and_a_worker_only_theirs(
    world: dict[str, Any],
) -> None:
    loja = _file(world, date(2024, 3, 21))
    quito = accident_report_file(
        actor=world["quito_user"],
        person=world["quito_worker"],
        employer=world["quito_employer"],
        accident_date=date(2024, 3, 20),
        canton=Canton.objects.get(code="1701"),
        place="Oficina",
        kind="commuting",
        description="Atropellado camino al trabajo.",
        injuries="Contusiones.",
        reported_on=date(2024, 3, 25),
    )
    assert list(selectors.accident_reports(user=world["loja_user"])) == [loja]
    assert list(selectors.accident_reports(user=world["quito_user"])) == [quito]
    assert list(selectors.accident_reports(user=world["worker_user"])) == [loja]
    assert list(selectors.accident_reports(user=world["loja_officer"])) == [loja]
    assert selectors.accident_report_detail(user=world["loja_user"], pk=quito.pk) is None
    assert set(selectors.accident_reports(user=None)) == {loja, quito}


def test_the_officer_investigates_and_qualifies_a_late_accident(world: dict[str, Any]) -> None:
    report = _file(world, date(2024, 4, 8))
    officer = world["loja_officer"]
    investigation = accident_investigation_open(
        actor=officer, report=report, started_on=date(2024, 4, 9)
    )
    report.refresh_from_db()
    assert report.state == CaseState.INVESTIGATING
    investigation_record(
        actor=officer,
        investigation=investigation,
        findings="Escalera sin antideslizantes.",
        causes="Falta de mantenimiento del equipo.",
        recommendations="Reemplazar escaleras; capacitar al personal.",
        finished_on=date(2024, 4, 20),
    )
    accident_qualify(
        actor=officer,
        report=report,
        is_work_accident=True,
        resolution_number="CPRT-L-2024-015",
        resolution_date=date(2024, 4, 25),
    )
    report.refresh_from_db()
    assert (report.state, report.is_work_accident) == (CaseState.QUALIFIED, True)
    assert _actions(report) == [
        "work_risks.accident.file",
        "work_risks.accident.investigate",
        "work_risks.accident.qualify",
    ]
    assert _actions(investigation) == ["work_risks.investigation.record"]
    with pytest.raises(DomainError, match="ya fue calificado"):
        accident_qualify(
            actor=officer,
            report=report,
            is_work_accident=False,
            resolution_number="X",
            resolution_date=date(2024, 4, 26),
        )
    # The subsidy paid (say 1 200.00) is added to the fixed 460.00: 1 660.00.
    liability = EmployerLiability.objects.get()
    employer_liability_assess(
        actor=officer, liability=liability, benefits_paid="1200.00", on=date(2024, 7, 1)
    )
    liability.refresh_from_db()
    assert (liability.state, liability.total_cents) == (LiabilityState.ASSESSED, 166000)
    assert liability.explanation[-1]["value"] == "1660.00"
    assert _actions(liability) == ["work_risks.liability.open", "work_risks.liability.assess"]


def test_not_a_work_accident_leaves_the_liability_without_effect(
    world: dict[str, Any],
) -> None:
    report = _file(world, date(2024, 4, 8))
    accident_qualify(
        actor=world["loja_officer"],
        report=report,
        is_work_accident=False,
        resolution_number="CPRT-L-2024-016",
        resolution_date=date(2024, 4, 25),
        resolution_text="Ocurrió fuera de la jornada y del lugar de trabajo.",
    )
    liability = EmployerLiability.objects.get()
    assert liability.state == LiabilityState.CANCELLED
    assert _actions(liability) == ["work_risks.liability.open", "work_risks.liability.cancel"]


def test_only_the_institute_in_the_province_qualifies(world: dict[str, Any]) -> None:
    report = _file(world, date(2024, 3, 21))
    for actor in (world["quito_officer"], world["loja_user"]):
        with pytest.raises(DomainError), transaction.atomic():
            accident_qualify(
                actor=actor,
                report=report,
                is_work_accident=True,
                resolution_number="R-1",
                resolution_date=date(2024, 4, 1),
            )
    report.refresh_from_db()
    assert report.state == CaseState.FILED
