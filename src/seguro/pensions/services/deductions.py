"""Deductions from a pension (court-ordered alimony, BIESS loans) and the pensioner's choice of
monthly bonuses. Data from outside orders, not law: the amounts are given, not computed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.pensions.models import DeductionKind, Pension, PensionDeduction
from seguro.registry.models import Person
from seguro.registry.scope import scope_require_person


@transaction.atomic
def pension_deduction_add(
    *,
    actor: Any,
    pension: Pension,
    person: Person,
    kind: str,
    monthly_amount_cents: int,
    valid_from: date,
    valid_to: date | None = None,
    reference: str = "",
) -> PensionDeduction:
    scope_require_person(actor, person)
    if kind not in DeductionKind.values:
        raise DomainError(f"el tipo de descuento {kind!r} no existe.", field="tipo")
    if monthly_amount_cents <= 0:
        raise DomainError("el descuento debe ser mayor que cero.", field="valor mensual")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError("el fin del descuento es anterior a su inicio.", field="hasta")
    if not pension.beneficiaries.filter(person=person).exists():
        raise DomainError("la persona no es beneficiaria de esta pensión.", field="beneficiario")
    deduction = PensionDeduction.objects.create(
        pension=pension,
        person=person,
        kind=kind,
        monthly_amount_cents=monthly_amount_cents,
        valid_from=valid_from,
        valid_to=valid_to,
        reference=reference[:120],
    )
    audit_event_record(
        actor=actor,
        action="pension.deduction_add",
        target=deduction,
        summary=f"{deduction.get_kind_display()} de {person.identifier}: "
        f"{monthly_amount_cents / 100:.2f} al mes desde {valid_from:%d/%m/%Y}",
        data={
            "pension": pension.pk,
            "kind": kind,
            "monthly_amount_cents": monthly_amount_cents,
            "valid_from": valid_from,
            "valid_to": valid_to,
        },
    )
    return deduction


@transaction.atomic
def pension_monthly_bonuses_set(*, actor: Any, pension: Pension, monthly: bool) -> Pension:
    """The pensioner's choice: the 13th and 14th as monthly twelfths, or paid once a year."""
    if pension.holder is not None:
        scope_require_person(actor, pension.holder)
    pension.monthly_bonuses = monthly
    pension.save(update_fields=["monthly_bonuses"])
    audit_event_record(
        actor=actor,
        action="pension.monthly_bonuses",
        target=pension,
        summary="Décimos mensualizados" if monthly else "Décimos acumulados",
        data={"monthly": monthly},
    )
    return pension
