"""Row scope: a Pichincha finance user neither sees nor changes Loja's rows; auditors read all."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.institution import scope, services
from seguro.institution.models import (
    AuditRecommendation,
    BudgetLine,
    OrganisationalUnit,
    ProcurementProcess,
    StrategicObjective,
)
from tests import factories


def test_a_pichincha_finance_user_cannot_see_loja_rows(loja_2022, unit):
    quito_unit = unit("17")
    services.budget_line_record(
        actor=None,
        unit=quito_unit,
        year=2022,
        item_code="51",
        item_name="Gastos en personal",
        appropriated="10.00",
    )
    finance = factories.user("finance", province="17")
    lines = scope.visible(finance, BudgetLine)
    assert list(lines.values_list("unit__province_id", flat=True).distinct()) == ["17"]
    assert not scope.visible(finance, ProcurementProcess).exists()
    assert not scope.visible(finance, AuditRecommendation).exists()
    assert scope.visible(finance, StrategicObjective).count() == 7  # national: everyone's
    loja_line = BudgetLine.objects.filter(unit__province_id="11").first()
    assert not scope.is_visible(finance, loja_line)


def test_a_pichincha_finance_user_cannot_change_loja_rows(loja_2022):
    finance = factories.user("finance", province="17")
    loja_line = BudgetLine.objects.filter(unit__province_id="11").order_by("pk").first()
    loja_process = ProcurementProcess.objects.filter(stage="planned").first()
    loja_unit = OrganisationalUnit.objects.get(code="IESS-DPL")
    events = AuditEvent.objects.count()
    refusals = [
        lambda: services.budget_commit(actor=finance, line=loja_line, amount="1.00"),
        lambda: services.budget_line_record(
            actor=finance,
            unit=loja_unit,
            year=2023,
            item_code="51",
            item_name="Gastos en personal",
            appropriated="1.00",
        ),
        lambda: services.procurement_stage_advance(
            actor=finance, process=loja_process, stage="published", on=date(2022, 6, 1)
        ),
        lambda: services.unit_register(
            actor=finance, code="X-1", name="Intrusa", kind="coordination", parent=loja_unit
        ),
        lambda: services.strategic_objective_register(actor=finance, code="OEI-99", name="X"),
    ]
    for attempt in refusals:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert "ámbito" in refused.value.message or "nacional" in refused.value.message
    assert AuditEvent.objects.count() == events


def test_a_loja_finance_user_writes_loja_rows_and_national_staff_everything(loja_2022):
    loja_unit = OrganisationalUnit.objects.get(code="DPL-CAF")
    finance = factories.user("finance", province="11")
    line = services.budget_line_record(
        actor=finance,
        unit=loja_unit,
        year=2023,
        item_code="53",
        item_name="Bienes y servicios de consumo",
        appropriated="100.00",
    )
    event = AuditEvent.objects.get(action="institution.budget_line.record", target_id=line.pk)
    assert event.actor == finance
    national = factories.user("finance")
    assert scope.visible(national, BudgetLine).count() == BudgetLine.objects.count()


def test_auditors_read_everything_and_employers_nothing(loja_2022):
    auditor = factories.user("auditor")
    assert scope.visible(auditor, ProcurementProcess).count() == 62
    assert auditor.has_perm("institution.view_budgetline")
    assert not auditor.has_perm("institution.change_budgetline")
    finance = factories.user("finance")
    assert finance.has_perm("institution.change_budgetline")
    assert not finance.has_perm("institution.delete_budgetline")
    employer = factories.user("employer", employer=factories.employer())
    assert not scope.visible(employer, BudgetLine).exists()
