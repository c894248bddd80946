"""Budget execution: lines per unit and year, reforms, commitments and accruals.

The order appropriated >= committed >= accrued >= 0 is checked here with a Spanish message and
again by the database's constraints.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution.models import BudgetLine, OrganisationalUnit
from seguro.institution.scope import scope_require_unit
from seguro.institution.services._common import money, text
from seguro.institution.services._common import year as year_check


def _usd(amount: Decimal) -> str:
    return f"USD {amount:,.2f}"


@transaction.atomic
def budget_line_record(
    *,
    actor: Any,
    unit: OrganisationalUnit,
    year: int,
    item_code: str,
    item_name: str,
    appropriated: Any,
) -> BudgetLine:
    """Open a budget item (partida) of a unit for a fiscal year with its appropriation."""
    fiscal_year = year_check(year, "año fiscal")
    scope_require_unit(actor, unit)
    code = text(item_code, "partida presupuestaria", 30)
    amount = money(appropriated, "presupuesto vigente", allow_zero=True)
    if BudgetLine.objects.filter(unit=unit, year=fiscal_year, item_code=code).exists():
        raise DomainError(
            f"la unidad ya tiene la partida {code} en {fiscal_year}.",
            field="partida presupuestaria",
        )
    line = BudgetLine.objects.create(
        unit=unit,
        year=fiscal_year,
        item_code=code,
        item_name=text(item_name, "denominación de la partida", 200),
        appropriated=amount,
    )
    audit_event_record(
        actor=actor,
        action="institution.budget_line.record",
        target=line,
        summary=f"Partida {code} de {unit.code} para {fiscal_year}: {_usd(amount)}",
        data={"unit": unit.code, "year": fiscal_year, "appropriated": amount},
    )
    return line


def _locked(line: BudgetLine, actor: Any) -> BudgetLine:
    locked = BudgetLine.objects.select_for_update().select_related("unit").get(pk=line.pk)
    scope_require_unit(actor, locked.unit)
    return locked


@transaction.atomic
def budget_appropriation_change(
    *, actor: Any, line: BudgetLine, appropriated: Any, reason: str
) -> BudgetLine:
    """A budget reform: the new appropriation may not fall below what is already committed."""
    line = _locked(line, actor)
    amount = money(appropriated, "presupuesto vigente", allow_zero=True)
    why = text(reason, "motivo de la reforma", 300)
    if amount < line.committed:
        raise DomainError(
            f"el nuevo presupuesto vigente ({_usd(amount)}) es menor que lo ya comprometido "
            f"({_usd(line.committed)}).",
            field="presupuesto vigente",
        )
    before = line.appropriated
    line.appropriated = amount
    line.save(update_fields=["appropriated"])
    audit_event_record(
        actor=actor,
        action="institution.budget_line.reform",
        target=line,
        summary=f"Reforma de la partida {line.item_code}: {_usd(before)} → {_usd(amount)}",
        data={"before": before, "appropriated": amount, "reason": why},
    )
    return line


@transaction.atomic
def budget_commit(*, actor: Any, line: BudgetLine, amount: Any) -> BudgetLine:
    """Commit part of the appropriation (certificación y compromiso)."""
    line = _locked(line, actor)
    value = money(amount, "comprometido")
    available = line.appropriated - line.committed
    if value > available:
        raise DomainError(
            f"comprometer {_usd(value)} supera el saldo disponible de la partida "
            f"({_usd(available)} de un presupuesto vigente de {_usd(line.appropriated)}).",
            field="comprometido",
        )
    line.committed += value
    line.save(update_fields=["committed"])
    audit_event_record(
        actor=actor,
        action="institution.budget_line.commit",
        target=line,
        summary=f"Compromiso de {_usd(value)} en la partida {line.item_code}",
        data={"amount": value, "committed": line.committed},
    )
    return line


@transaction.atomic
def budget_accrue(*, actor: Any, line: BudgetLine, amount: Any) -> BudgetLine:
    """Accrue (devengar) part of what is committed."""
    line = _locked(line, actor)
    value = money(amount, "devengado")
    pending = line.committed - line.accrued
    if value > pending:
        raise DomainError(
            f"devengar {_usd(value)} supera lo comprometido pendiente de devengar "
            f"({_usd(pending)}).",
            field="devengado",
        )
    line.accrued += value
    line.save(update_fields=["accrued"])
    audit_event_record(
        actor=actor,
        action="institution.budget_line.accrue",
        target=line,
        summary=f"Devengado de {_usd(value)} en la partida {line.item_code}",
        data={"amount": value, "accrued": line.accrued},
    )
    return line
