"""Occupational-disease cases: CIE-10, the term from the diagnosis, the committee's
qualification with the incapacity percentage, scope and audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.work_risks import selectors
from seguro.work_risks.models import DiseaseState, EmployerLiability, LiabilityState
from seguro.work_risks.services import (
    disease_case_file,
    disease_case_qualify,
    disease_case_to_committee,
    disease_investigation_open,
    job_analysis_record,
)


def _file(world: dict[str, Any], reported_on: date, **extra: Any) -> Any:
    args: dict[str, Any] = {
        "actor": world["loja_user"],
        "person": world["loja_worker"],
        "employer": world["loja_employer"],
        "icd10_code": "j61",
        "disease": "Neumoconiosis debida al asbesto",
        "exposure": "Corte de planchas de fibrocemento, 8 años.",
        # Mon 04-mar-2024: the 10th working day is Mon 18-mar.
        "diagnosis_date": date(2024, 3, 4),
        "reported_on": reported_on,
    }
    args.update(extra)
    return disease_case_file(**args)


def test_the_term_runs_from_the_diagnosis_on_both_sides(world: dict[str, Any]) -> None:
    on_time = _file(world, date(2024, 3, 18))
    assert (on_time.late, on_time.due_date, on_time.icd10_code) == (False, date(2024, 3, 18), "J61")
    late = _file(world, date(2024, 3, 19), icd10_code="M54.5", disease="Lumbalgia")
    assert late.late
    liability = EmployerLiability.objects.get()
    assert (liability.disease_case, liability.surcharge_cents) == (late, 46000)  # 1 SBU 2024


@pytest.mark.parametrize("code", ["X1", "1J61", "J61.123", ""])
def test_a_bad_icd10_code_is_refused(world: dict[str, Any], code: str) -> None:
    with pytest.raises(DomainError) as error:
        _file(world, date(2024, 3, 18), icd10_code=code)
    assert error.value.field == "código CIE-10"


def test_the_committee_qualifies_with_the_incapacity_percentage(world: dict[str, Any]) -> None:
    case = _file(world, date(2024, 3, 18), other_employers=[world["quito_employer"]])
    officer = world["loja_officer"]
    with pytest.raises(DomainError, match="envíe primero el caso al Comité"):
        disease_case_qualify(
            actor=officer,
            case=case,
            qualified=True,
            resolution_number="CVIRP-2024-1",
            resolution_date=date(2024, 5, 2),
            incapacity_percent="25",
        )
    disease_case_to_committee(actor=officer, case=case)
    for bad in (None, "0", "100.01", "12.345"):
        with pytest.raises(DomainError) as error:
            disease_case_qualify(
                actor=officer,
                case=case,
                qualified=True,
                resolution_number="CVIRP-2024-1",
                resolution_date=date(2024, 5, 2),
                incapacity_percent=bad,
            )
        assert error.value.field == "incapacidad"
    disease_case_qualify(
        actor=officer,
        case=case,
        qualified=True,
        resolution_number="CVIRP-2024-1",
        resolution_date=date(2024, 5, 2),
        incapacity_percent="25.50",
    )
    case.refresh_from_db()
    assert (case.state, case.incapacity_percent) == (DiseaseState.QUALIFIED, Decimal("25.50"))
    actions = AuditEvent.objects.filter(target_type="work_risks.occupationaldiseasecase")
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "work_risks.disease.file",
        "work_risks.disease.committee",
        "work_risks.disease.qualify",
    ]
    # A past employer with exposure sees the case; the worker too.
    assert list(selectors.disease_cases(user=world["quito_user"])) == [case]
    assert list(selectors.disease_cases(user=world["worker_user"])) == [case]


def test_a_rejected_case_has_no_percentage_and_cancels_the_liability(
    world: dict[str, Any],
) -> None:
    case = _file(world, date(2024, 3, 19))  # one day late
    officer = world["loja_officer"]
    disease_case_to_committee(actor=officer, case=case)
    with pytest.raises(DomainError, match="no lleva porcentaje"):
        disease_case_qualify(
            actor=officer,
            case=case,
            qualified=False,
            resolution_number="CVIRP-2024-2",
            resolution_date=date(2024, 5, 2),
            incapacity_percent="10",
        )
    disease_case_qualify(
        actor=officer,
        case=case,
        qualified=False,
        resolution_number="CVIRP-2024-2",
        resolution_date=date(2024, 5, 2),
    )
    assert EmployerLiability.objects.get().state == LiabilityState.CANCELLED


def test_investigation_and_job_analysis_of_a_case(world: dict[str, Any]) -> None:
    case = _file(world, date(2024, 3, 18))
    officer = world["loja_officer"]
    investigation = disease_investigation_open(
        actor=officer, case=case, started_on=date(2024, 3, 20)
    )
    analysis = job_analysis_record(
        actor=officer,
        employer=world["loja_employer"],
        job_title="Operador de corte",
        analysed_on=date(2024, 3, 25),
        risk_factors=["chemical", "ergonomic", "chemical"],
        conclusion="Exposición a fibras de asbesto sin protección respiratoria.",
        disease_case=case,
    )
    assert analysis.risk_factors == ["chemical", "ergonomic"]
    audited = AuditEvent.objects.filter(
        target_type__in=["work_risks.investigation", "work_risks.jobanalysis"]
    )
    assert sorted(audited.values_list("action", flat=True)) == [
        "work_risks.disease.investigate",
        "work_risks.job_analysis.record",
    ]
    detail = selectors.disease_case_detail(user=officer, pk=case.pk)
    assert detail is not None
    assert detail["investigations"] == [investigation] and detail["job_analyses"] == [analysis]
    employer_view = selectors.disease_case_detail(user=world["loja_user"], pk=case.pk)
    assert employer_view is not None and employer_view["investigations"] == []
    with pytest.raises(DomainError) as error:
        job_analysis_record(
            actor=officer,
            employer=world["loja_employer"],
            job_title="Bodeguero",
            analysed_on=date(2024, 3, 25),
            risk_factors=["noise"],
            conclusion="x",
        )
    assert error.value.field == "factores"
    with pytest.raises(DomainError):
        job_analysis_record(
            actor=world["quito_officer"],
            employer=world["loja_employer"],
            job_title="Bodeguero",
            analysed_on=date(2024, 3, 25),
            risk_factors=["physical"],
            conclusion="x",
        )
