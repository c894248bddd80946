"""Helpers shared by the work-risks services: dates, text and money input, liabilities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Employer
from seguro.work_risks.law import liability_surcharge
from seguro.work_risks.models import (
    AccidentReport,
    EmployerLiability,
    LiabilityReason,
    LiabilityState,
    OccupationalDiseaseCase,
)


def not_future(day: date, field: str) -> date:
    if day > date.today():
        raise DomainError(f"la fecha {day:%d/%m/%Y} está en el futuro.", field=field)
    return day


def required_text(value: Any, field: str, max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError("este dato es obligatorio.", field=field)
    if max_length is not None and len(text) > max_length:
        raise DomainError(f"admite hasta {max_length} caracteres.", field=field)
    return text


def dollars_cents(value: Any, field: str) -> int:
    """A non-negative dollar amount with at most two decimals, in cents."""
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{value!r} no es un valor en dólares.", field=field) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise DomainError("use un valor positivo con hasta dos decimales.", field=field)
    return int(amount * 100)


def employer_province(employer: Employer) -> str:
    return str(employer.canton.province_id)


def liability_open(
    *,
    actor: Any,
    employer: Employer,
    reason: str,
    on: date,
    accident_report: AccidentReport | None = None,
    disease_case: OccupationalDiseaseCase | None = None,
) -> EmployerLiability:
    """C.D. 517 Art. 14: the employer is liable; the fixed part is known now (Art. 15), the
    benefits' cost stays pending until the benefits are paid."""
    cents, explanation = liability_surcharge(on=on, reason=reason)
    liability = EmployerLiability.objects.create(
        employer=employer,
        province_code=employer_province(employer),
        accident_report=accident_report,
        disease_case=disease_case,
        reason=reason,
        state=LiabilityState.PENDING,
        determined_on=on,
        surcharge_cents=cents,
        explanation=explanation,
    )
    audit_event_record(
        actor=actor,
        action="work_risks.liability.open",
        target=liability,
        summary=(f"Responsabilidad patronal de {employer.tax_id}: {LiabilityReason(reason).label}"),
        data={"reason": reason, "surcharge_cents": cents, "on": on},
    )
    return liability


def liabilities_cancel(*, actor: Any, liabilities: Any, why: str) -> int:
    """Pending liabilities lose their object when the case is not a work risk."""
    count = 0
    for liability in liabilities.select_for_update().filter(state=LiabilityState.PENDING):
        liability.state = LiabilityState.CANCELLED
        liability.save(update_fields=["state"])
        audit_event_record(
            actor=actor,
            action="work_risks.liability.cancel",
            target=liability,
            summary=f"Responsabilidad patronal N.º {liability.pk} sin efecto: {why}",
            data={"why": why},
        )
        count += 1
    return count
