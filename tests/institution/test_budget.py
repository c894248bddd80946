"""Budget execution: the Loja 2022 table, and the order appropriated >= committed >= accrued."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.institution import selectors, services
from seguro.institution.models import BudgetLine

# Loja 2022 report, "Ejecución presupuestaria": vigente, devengado, % ejec.
LOJA_ROWS = [
    ("CRP Administración de Pensiones", "343587.20", "323723.92", "0.94"),
    ("CRP Fondo Riesgos", "186891.63", "173765.70", "0.93"),
    ("Coordinación Administrativa Financiera", "1683007.72", "1443963.73", "0.86"),
    ("Coordinación Seguro Campesino", "13649402.09", "11068121.28", "0.81"),
    ("Coordinación de Salud Individual y Familiar", "52819303.16", "30716551.77", "0.58"),
]


def test_loja_2022_budget_execution_is_the_reports_table(loja_2022):
    execution = selectors.budget_execution(year=2022, province_code="11")
    got = [(r.unit_name, r.appropriated, r.accrued, r.execution_rate) for r in execution.rows]
    assert got == [(n, Decimal(a), Decimal(d), Decimal(e)) for n, a, d, e in LOJA_ROWS]
    # 43 726 126.40 / 68 682 191.80 = 0.6366... -> 0.64
    assert execution.total.appropriated == Decimal("68682191.80")
    assert execution.total.accrued == Decimal("43726126.40")
    assert execution.total.execution_rate == Decimal("0.64")
    assert execution.total.appropriated == sum(Decimal(r[1]) for r in LOJA_ROWS)
    for row in execution.rows:
        assert row.accrued <= row.committed <= row.appropriated


def test_another_province_or_year_has_no_rows(loja_2022):
    assert selectors.budget_execution(year=2022, province_code="17").rows == []
    assert selectors.budget_execution(year=2021).total.appropriated == Decimal("0.00")


@pytest.fixture
def line(unit):
    line = services.budget_line_record(
        actor=None,
        unit=unit(),
        year=2024,
        item_code="53",
        item_name="Bienes y servicios de consumo",
        appropriated="1000.00",
    )
    return services.budget_commit(actor=None, line=line, amount="600.00")


def test_accruing_above_committed_is_refused_and_nothing_is_written(line):
    services.budget_accrue(actor=None, line=line, amount="500.00")
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        services.budget_accrue(actor=None, line=line, amount="100.01")  # 600 - 500 = 100 left
    assert refused.value.field == "devengado"
    assert "100.00" in refused.value.message
    line.refresh_from_db()
    assert (line.committed, line.accrued) == (Decimal("600.00"), Decimal("500.00"))
    assert AuditEvent.objects.count() == events
    services.budget_accrue(actor=None, line=line, amount="100.00")  # exactly what is left
    line.refresh_from_db()
    assert line.accrued == line.committed == Decimal("600.00")


def test_committing_above_appropriated_is_refused(line):
    with pytest.raises(DomainError) as refused:
        services.budget_commit(actor=None, line=line, amount="400.01")
    assert refused.value.field == "comprometido"
    line.refresh_from_db()
    assert line.committed == Decimal("600.00")


def test_a_reform_cannot_leave_the_appropriation_below_the_committed(line):
    with pytest.raises(DomainError) as refused:
        services.budget_appropriation_change(
            actor=None, line=line, appropriated="599.99", reason="Recorte"
        )
    assert refused.value.field == "presupuesto vigente"
    line = services.budget_appropriation_change(
        actor=None, line=line, appropriated="600.00", reason="Recorte"
    )
    assert line.appropriated == Decimal("600.00")
    assert line.execution_rate == Decimal("0.00")


@pytest.mark.parametrize("amount", ["-1", "0", "10.001", "abc", "1e3x"])
def test_amounts_must_be_positive_cents(line, amount):
    with pytest.raises(DomainError):
        services.budget_commit(actor=None, line=line, amount=amount)


def test_the_database_keeps_the_order_even_behind_the_services(line):
    for values in ({"accrued": Decimal("700.00")}, {"committed": Decimal("1000.01")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=line.pk).update(**values)


def test_a_budget_item_is_opened_once_per_unit_and_year(line):
    with pytest.raises(DomainError) as refused:
        services.budget_line_record(
            actor=None,
            unit=line.unit,
            year=2024,
            item_code="53",
            item_name="Otra vez",
            appropriated="1.00",
        )
    assert refused.value.field == "partida presupuestaria"
