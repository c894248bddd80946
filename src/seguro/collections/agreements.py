"""Payment agreements (convenios de purga de mora, acuerdos de pago parcial).

- Signing covers everything the employer has overdue on the signing date: principal, the
  interest accrued to that date (frozen: it stops accruing while the agreement holds) and fines.
  The number of monthly instalments is between ``arrears.agreement_min_instalments`` and the
  maximum of rule ``payment_agreement`` for the debt (C.D. 625; C.D. 671 brackets from
  23-abr-2024). Instalments are equal; the last one absorbs the rounding. The first is due one
  month after signing. C.D. 671's 10 % financing interest is not modelled (unconfirmed reading).
- LSS Art. 91: with ``arrears.agreement_unpaid_instalments_to_fall`` (2) instalments past due
  and unpaid, the agreement falls on the day after the due date of that instalment and the
  debt goes to coactive enforcement: a credit title is issued (or the open case resumes with
  measures). The debt reopens: interest accrues again from each obligation's due date.
- C.D. 625: a fallen agreement may be reactivated within
  ``arrears.agreement_reactivation_days`` (180) days of its fall: the remaining debt (interest
  recomputed to the reactivation date) is frozen again as a new version of the agreement and
  spread over the instalments not yet paid.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from seguro.collections import law
from seguro.collections._common import next_number, not_future, usd
from seguro.collections.debts import Debtor, FineLine, ObligationLine, position
from seguro.collections.enforcement import case_move_if_allowed, credit_title_issue
from seguro.collections.models import (
    COMPONENT_RANK,
    AgreementInstalment,
    AgreementItem,
    AgreementStatus,
    CaseState,
    Component,
    EnforcementCase,
    PaymentAgreement,
    TitleReason,
)
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Employer
from seguro.registry.scope import employer_visible, scope_require_employer


def agreement_schedule(debt_cents: int, count: int, start: date) -> list[tuple[int, date, int]]:
    """(number, due date, cents) of ``count`` equal monthly instalments from ``start``; the
    last one absorbs the rounding."""
    if count < 1 or debt_cents < count:
        raise DomainError("no se puede dividir la deuda en esas cuotas.", field="cuotas")
    base = debt_cents // count
    amounts = [base] * (count - 1) + [debt_cents - base * (count - 1)]
    return [(n, law.add_months(start, n), cents) for n, cents in enumerate(amounts, start=1)]


def agreement_limits(debt_cents: int, on: date) -> tuple[int, int]:
    """(minimum, maximum) instalments the law allows for a debt on a date."""
    result = law.rule("payment_agreement", on, {"debt": str(usd(debt_cents))}, field="fecha")
    return law.min_instalments(on), int(result["outputs"]["max_instalments"])


def _items(
    agreement: PaymentAgreement,
    version: int,
    on: date,
    lines: list[ObligationLine],
    fines: list[FineLine],
) -> int:
    parts: list[tuple[Any, ...]] = []
    for line in lines:
        o = line.obligation
        parts.append((o.due_date, 0, o.period, o.pk, Component.INTEREST, line.interest_cents, o))
        parts.append(
            (o.due_date, 2, o.period, o.pk, Component.PRINCIPAL, line.outstanding_cents, o)
        )
    for fine_line in fines:
        f = fine_line.fine
        parts.append(
            (f.due_date, 1, f.period, f.pk, Component.FINE, fine_line.outstanding_cents, f)
        )
    assert all(p[1] == COMPONENT_RANK[p[4]] for p in parts)
    rows = []
    for rank, part in enumerate(sorted((p for p in parts if p[5] > 0), key=lambda p: p[:4]), 1):
        is_fine = part[4] == Component.FINE
        rows.append(
            AgreementItem(
                agreement=agreement,
                version=version,
                rank=rank,
                component=part[4],
                obligation=None if is_fine else part[6],
                fine=part[6] if is_fine else None,
                amount_cents=part[5],
                frozen_on=on,
            )
        )
    AgreementItem.objects.bulk_create(rows)
    return sum(r.amount_cents for r in rows)


def _instalments(
    agreement: PaymentAgreement, version: int, debt: int, count: int, on: date
) -> None:
    AgreementInstalment.objects.bulk_create(
        AgreementInstalment(
            agreement=agreement, version=version, number=n, due_date=due, amount_cents=cents
        )
        for n, due, cents in agreement_schedule(debt, count, on)
    )


def _open_case(employer: Employer) -> EnforcementCase | None:
    return (
        EnforcementCase.objects.filter(employer=employer)
        .exclude(state__in=[CaseState.PAID, CaseState.ARCHIVED])
        .first()
    )


@transaction.atomic
def agreement_sign(
    *, actor: Any, employer: Employer, on: date, instalments: int
) -> PaymentAgreement:
    scope_require_employer(actor, employer)
    not_future(on, "fecha de firma")
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    if PaymentAgreement.objects.filter(employer=employer, status=AgreementStatus.ACTIVE).exists():
        raise DomainError(f"{employer.tax_id} ya tiene un convenio vigente.", field="empleador")
    pos = position(Debtor(employer=employer), on)
    lines, fines = pos.overdue()
    debt = sum(line.outstanding_cents + line.interest_cents for line in lines) + sum(
        f.outstanding_cents for f in fines
    )
    if debt <= 0:
        raise DomainError(
            f"{employer.tax_id} no tiene obligaciones vencidas al {on:%d/%m/%Y}.",
            field="empleador",
        )
    low, high = agreement_limits(debt, on)
    if not low <= instalments <= high:
        raise DomainError(
            f"para una deuda de {usd(debt)} USD el convenio admite de {low} a {high} cuotas "
            f"mensuales; se pidieron {instalments}.",
            field="cuotas",
        )
    case = _open_case(employer)
    agreement = PaymentAgreement.objects.create(
        number=next_number("agreement"),
        employer=employer,
        province_code=employer.canton.province_id,
        signed_on=on,
        signed_by=actor if getattr(actor, "pk", None) else None,
        status=AgreementStatus.ACTIVE,
        version=1,
        version_start=on,
        instalment_count=instalments,
        debt_cents=debt,
        max_instalments=high,
        case=case,
    )
    frozen = _items(agreement, 1, on, lines, fines)
    assert frozen == debt
    _instalments(agreement, 1, debt, instalments, on)
    if case is not None:
        case_move_if_allowed(actor, case, CaseState.AGREEMENT, on, f"Convenio {agreement.number}")
    audit_event_record(
        actor=actor,
        action="agreement.sign",
        target=agreement,
        summary=f"Convenio {agreement.number} de {employer.tax_id}: {usd(debt)} USD en "
        f"{instalments} cuotas",
        data={"debt_cents": debt, "instalments": instalments, "max_instalments": high},
    )
    return agreement


def _unpaid_past_due(agreement: PaymentAgreement, on: date) -> list[AgreementInstalment]:
    return [
        i
        for i in agreement.instalments.filter(version=agreement.version, due_date__lt=on).order_by(
            "number"
        )
        if i.paid_cents < i.amount_cents
    ]


@transaction.atomic
def agreements_review(
    *, actor: Any, on: date, employer: Employer | None = None
) -> list[PaymentAgreement]:
    """Let fall (LSS Art. 91) every active agreement with too many unpaid instalments on
    ``on``, and send its debt to coactive enforcement. Returns the fallen agreements."""
    agreements = PaymentAgreement.objects.filter(
        status=AgreementStatus.ACTIVE, employer__in=employer_visible(actor)
    ).select_related("employer__canton")
    if employer is not None:
        scope_require_employer(actor, employer)
        agreements = agreements.filter(employer=employer)
    threshold = law.unpaid_instalments_to_fall(on)
    fallen = []
    for agreement in agreements.order_by("number"):
        unpaid = _unpaid_past_due(agreement, on)
        if len(unpaid) < threshold:
            continue
        agreement.status = AgreementStatus.FALLEN
        agreement.fallen_on = unpaid[threshold - 1].due_date + timedelta(days=1)
        agreement.save(update_fields=["status", "fallen_on"])
        note = f"Convenio {agreement.number} caído: {len(unpaid)} cuotas impagas"
        if agreement.case is not None and agreement.case.state == CaseState.AGREEMENT:
            case_move_if_allowed(actor, agreement.case, CaseState.MEASURES, on, note)
        elif _open_case(agreement.employer) is None:
            case = credit_title_issue(
                actor=actor, employer=agreement.employer, on=on, reason=TitleReason.FALLEN_AGREEMENT
            )
            agreement.case = case
            agreement.save(update_fields=["case"])
        audit_event_record(
            actor=actor,
            action="agreement.fall",
            target=agreement,
            summary=note,
            data={
                "fallen_on": agreement.fallen_on,
                "unpaid": [i.number for i in unpaid],
                "threshold": threshold,
            },
        )
        fallen.append(agreement)
    return fallen


@transaction.atomic
def agreement_reactivate(*, actor: Any, agreement: PaymentAgreement, on: date) -> PaymentAgreement:
    """Reactivate a fallen agreement within the legal term (C.D. 625: 180 days)."""
    agreement = PaymentAgreement.objects.select_for_update().get(pk=agreement.pk)
    employer = agreement.employer
    scope_require_employer(actor, employer)
    not_future(on, "fecha de reactivación")
    if agreement.status != AgreementStatus.FALLEN or agreement.fallen_on is None:
        raise DomainError("solo se reactiva un convenio caído.", field="estado")
    if on < agreement.fallen_on:
        raise DomainError("la reactivación es anterior a la caída del convenio.", field="fecha")
    term = law.reactivation_days(agreement.fallen_on)
    elapsed = (on - agreement.fallen_on).days
    if elapsed > term:
        raise DomainError(
            f"el convenio cayó el {agreement.fallen_on:%d/%m/%Y}; el plazo de reactivación es "
            f"de {term} días y han pasado {elapsed}.",
            field="fecha",
        )
    if PaymentAgreement.objects.filter(employer=employer, status=AgreementStatus.ACTIVE).exists():
        raise DomainError(f"{employer.tax_id} ya tiene otro convenio vigente.", field="empleador")
    previous = list(agreement.items.filter(version=agreement.version))
    obligation_ids = {i.obligation_id for i in previous if i.obligation_id}
    fine_ids = {i.fine_id for i in previous if i.fine_id}
    pos = position(Debtor(employer=employer), on)
    lines = [line for line in pos.obligations if line.obligation.pk in obligation_ids]
    fines = [f for f in pos.fines if f.fine.pk in fine_ids]
    paid_count = agreement.instalments.filter(paid_on__isnull=False).count()
    count = max(1, agreement.instalment_count - paid_count)
    version = agreement.version + 1
    agreement.status = AgreementStatus.ACTIVE
    agreement.version = version
    agreement.version_start = on
    agreement.reactivated_on = on
    agreement.save(update_fields=["status", "version", "version_start", "reactivated_on"])
    debt = _items(agreement, version, on, lines, fines)
    if debt <= 0:
        raise DomainError("la deuda del convenio ya está pagada.", field="convenio")
    count = min(count, debt)
    _instalments(agreement, version, debt, count, on)
    if agreement.case is not None:
        case_move_if_allowed(
            actor,
            agreement.case,
            CaseState.AGREEMENT,
            on,
            f"Convenio {agreement.number} reactivado",
        )
    audit_event_record(
        actor=actor,
        action="agreement.reactivate",
        target=agreement,
        summary=f"Convenio {agreement.number} reactivado: {usd(debt)} USD en {count} cuotas",
        data={"version": version, "debt_cents": debt, "instalments": count, "days": elapsed},
    )
    return agreement
