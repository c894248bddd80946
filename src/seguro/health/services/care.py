"""Writes at the point of care: the coverage check, the attention (with the employer's
liability when its arrears are behind the coverage) and the referral to an external provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.health.coverage import EMERGENCY, coverage_evaluate
from seguro.health.models import (
    Attention,
    AttentionKind,
    CoverageCheck,
    EmployerHealthLiability,
    HealthUnit,
    Professional,
    ProviderAgreement,
    Referral,
    UnitKind,
)
from seguro.health.services._common import icd10_check, money_cents, require_unit_staff
from seguro.registry.models import Person
from seguro.rules.explain import Explanation
from seguro.rules.money import cents, from_cents, to_cents
from seguro.rules.params import default_parameters


@transaction.atomic
def coverage_check(
    *,
    actor: Any,
    person: Person,
    on: date,
    emergency: bool = False,
    unit: HealthUnit | None = None,
) -> CoverageCheck:
    """Evaluate the person's coverage on ``on`` and record the check (who, when, result)."""
    if unit is not None:
        require_unit_staff(actor, unit)
    at_dispensary = unit is not None and unit.kind == UnitKind.RURAL_DISPENSARY
    result = coverage_evaluate(
        person=person, on=on, emergency=emergency, prefer="rural" if at_dispensary else None
    )
    check = CoverageCheck.objects.create(
        person=person,
        checked_on=on,
        checked_by=actor if getattr(actor, "is_authenticated", False) else None,
        unit=unit,
        emergency=emergency,
        covered=result.covered,
        attend=result.attend,
        basis=result.basis,
        basis_label=result.label,
        reason=result.reason,
        explanation=result.explanation,
        employer_in_arrears_id=result.employer_in_arrears_id if result.covered else None,
    )
    outcome = result.label if result.attend else f"sin cobertura: {result.reason}"
    audit_event_record(
        actor=actor,
        action="health_coverage.check",
        target=check,
        summary=f"Cobertura de {person.identifier} al {on:%d/%m/%Y}: {outcome}",
        data={
            "person": person.identifier,
            "on": on,
            "emergency": emergency,
            "covered": result.covered,
            "basis": result.basis,
        },
    )
    return check


def _liability_amount(cost_cents: int, on: date) -> tuple[int, list[dict[str, Any]]]:
    """The employer owes the attention's cost times the parameter's share (LSS Arts. 94, 96)."""
    pv = default_parameters().get("health_subsidies.employer_liability", on)
    ex = Explanation()
    ex.calc("Costo de la atención según tarifario", from_cents(cost_cents))
    amount = cents(from_cents(cost_cents) * pv.value)
    ex.param(f"Responsabilidad patronal = costo x {pv.value}", pv, amount)
    return to_cents(amount), ex.as_list()


@transaction.atomic
def attention_record(
    *,
    actor: Any,
    check: CoverageCheck,
    professional: Professional,
    kind: str,
    diagnosis_code: str,
    cost: Any,
    notes: str = "",
) -> Attention:
    """Record the attention a coverage check allowed, at the check's unit and date."""
    check = CoverageCheck.objects.select_for_update().get(pk=check.pk)
    unit = check.unit
    if unit is None:
        raise DomainError("la verificación no indica la unidad de salud.", field="unidad")
    require_unit_staff(actor, unit)
    if not check.attend:
        raise DomainError(
            f"la persona no tiene cobertura: {check.reason}", field="verificación de cobertura"
        )
    if Attention.objects.filter(coverage_check=check).exists():
        raise DomainError(
            "esa verificación ya tiene una atención; verifique la cobertura de nuevo.",
            field="verificación de cobertura",
        )
    if kind not in AttentionKind.values:
        raise DomainError(
            "el tipo de atención es médica, odontológica o de enfermería.", field="tipo"
        )
    if professional.unit_id != unit.pk or not professional.active:
        raise DomainError(
            f"{professional.full_name} no trabaja en {unit.name}.", field="profesional"
        )
    if unit.kind == UnitKind.RURAL_DISPENSARY and check.basis not in ("rural", EMERGENCY):
        raise DomainError(
            "los dispensarios del Seguro Social Campesino atienden a los miembros de familias "
            "campesinas (y cualquier emergencia).",
            field="unidad",
        )
    code, name = icd10_check(diagnosis_code)
    cost_cents = money_cents(cost, "costo")
    attention = Attention.objects.create(
        coverage_check=check,
        person_id=check.person_id,
        unit=unit,
        professional=professional,
        kind=kind,
        attended_on=check.checked_on,
        diagnosis_code=code,
        diagnosis_name=name,
        emergency=check.emergency,
        cost_cents=cost_cents,
        notes=notes.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    data: dict[str, Any] = {"kind": kind, "diagnosis": code, "cost_cents": cost_cents}
    if check.employer_in_arrears_id is not None:
        amount, explanation = _liability_amount(cost_cents, check.checked_on)
        liability = EmployerHealthLiability.objects.create(
            employer_id=check.employer_in_arrears_id,
            attention=attention,
            amount_cents=amount,
            created_on=check.checked_on,
            explanation=explanation,
        )
        data["employer_liability"] = {"id": liability.pk, "amount_cents": amount}
    audit_event_record(
        actor=actor,
        action="health_attention.record",
        target=attention,
        summary=f"{attention.get_kind_display()} a {check.person_id} en {unit.name} ({code})",
        data=data,
    )
    return attention


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    attention: Attention,
    agreement: ProviderAgreement,
    service_code: str,
    referred_on: date,
    reason: str,
) -> Referral:
    require_unit_staff(actor, attention.unit)
    code = service_code.strip().upper()
    if not agreement.services.filter(code=code).exists():
        raise DomainError(
            f"el servicio {code} no consta en el convenio {agreement.number}.", field="servicio"
        )
    if not agreement.valid_from <= referred_on <= agreement.valid_to:
        raise DomainError(
            f"el convenio {agreement.number} no está vigente el {referred_on:%d/%m/%Y}.",
            field="convenio",
        )
    if not reason.strip():
        raise DomainError("indique el motivo de la derivación.", field="motivo")
    referral = Referral.objects.create(
        attention=attention,
        agreement=agreement,
        service_code=code,
        referred_on=referred_on,
        reason=reason.strip(),
    )
    audit_event_record(
        actor=actor,
        action="health_referral.create",
        target=referral,
        summary=f"Derivación a {agreement.provider.name} ({code})",
        data={"attention": attention.pk, "agreement": agreement.number},
    )
    return referral
