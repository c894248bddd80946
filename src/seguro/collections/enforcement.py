"""Coactive enforcement (LSS Art. 287): a credit title for an employer's overdue debt and the
case that follows it, through allowed state changes only, each one dated and audited.

    issued ──► notified ──► measures ordered ──► paid ──► archived
       │           │  ╲            ▲   │           ▲
       │           │   ╲           │   ▼           │
       │           └────► agreement ───────────────┘
       ├──► agreement (an agreement signed or reactivated before notification)
       └──► archived  (a title issued in error)

The procedural steps after notification (auto de pago, embargo terms) are not in the reference
([UNCONFIRMED]); the states are the ones the institute reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.collections._common import next_number, not_future, usd
from seguro.collections.debts import Debtor, position
from seguro.collections.models import (
    AgreementStatus,
    CaseState,
    CreditTitle,
    EnforcementCase,
    EnforcementStateChange,
    PaymentAgreement,
    TitleReason,
)
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Employer
from seguro.registry.scope import scope_require_employer

TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.ISSUED: frozenset({CaseState.NOTIFIED, CaseState.AGREEMENT, CaseState.ARCHIVED}),
    CaseState.NOTIFIED: frozenset({CaseState.MEASURES, CaseState.AGREEMENT, CaseState.PAID}),
    CaseState.MEASURES: frozenset({CaseState.AGREEMENT, CaseState.PAID}),
    CaseState.AGREEMENT: frozenset({CaseState.MEASURES, CaseState.PAID}),
    CaseState.PAID: frozenset({CaseState.ARCHIVED}),
    CaseState.ARCHIVED: frozenset(),
}


def _record(actor: Any, case: EnforcementCase, to_state: str, on: date, note: str) -> None:
    previous = case.state
    case.state = to_state
    case.state_since = on
    case.save(update_fields=["state", "state_since"])
    EnforcementStateChange.objects.create(
        case=case,
        from_state=previous or "",
        to_state=to_state,
        on=on,
        note=note[:300],
        actor=actor if getattr(actor, "pk", None) else None,
    )
    audit_event_record(
        actor=actor,
        action="enforcement.state",
        target=case,
        summary=f"Coactiva {case.title.number}: {CaseState(to_state).label} el {on:%d/%m/%Y}",
        data={"from": previous, "to": to_state, "on": on, "note": note},
    )


def case_move_if_allowed(
    actor: Any, case: EnforcementCase, to_state: str, on: date, note: str
) -> bool:
    """A change the agreements cause (signing, fall, reactivation), when the law allows it."""
    if to_state not in TRANSITIONS[case.state] or on < case.state_since:
        return False
    _record(actor, case, to_state, on, note)
    return True


@transaction.atomic
def credit_title_issue(
    *, actor: Any, employer: Employer, on: date, reason: str = TitleReason.ARREARS
) -> EnforcementCase:
    """Issue a credit title for everything the employer has overdue on ``on`` and open its case."""
    scope_require_employer(actor, employer)
    not_future(on, "fecha de emisión")
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    if (
        EnforcementCase.objects.filter(employer=employer)
        .exclude(state__in=[CaseState.PAID, CaseState.ARCHIVED])
        .exists()
    ):
        raise DomainError(
            f"{employer.tax_id} ya tiene un juicio coactivo abierto.", field="empleador"
        )
    if PaymentAgreement.objects.filter(employer=employer, status=AgreementStatus.ACTIVE).exists():
        raise DomainError(
            f"{employer.tax_id} tiene un convenio de pago vigente; su deuda no va a coactiva "
            "mientras lo cumpla.",
            field="empleador",
        )
    pos = position(Debtor(employer=employer), on)
    lines, fines = pos.overdue()
    principal = sum(line.outstanding_cents for line in lines)
    interest = sum(line.interest_cents for line in lines)
    fines_cents = sum(f.outstanding_cents for f in fines)
    total = principal + interest + fines_cents
    if total <= 0:
        raise DomainError(
            f"{employer.tax_id} no tiene deuda vencida al {on:%d/%m/%Y}.", field="empleador"
        )
    title = CreditTitle.objects.create(
        number=next_number("credit_title"),
        employer=employer,
        province_code=employer.canton.province_id,
        reason=reason,
        issued_on=on,
        issued_by=actor if getattr(actor, "pk", None) else None,
        principal_cents=principal,
        interest_cents=interest,
        fines_cents=fines_cents,
        total_cents=total,
    )
    title.obligations.set([line.obligation for line in lines])
    title.fines.set([f.fine for f in fines])
    case = EnforcementCase.objects.create(
        title=title,
        employer=employer,
        province_code=title.province_code,
        state=CaseState.ISSUED,
        state_since=on,
        opened_on=on,
    )
    EnforcementStateChange.objects.create(
        case=case,
        from_state="",
        to_state=CaseState.ISSUED,
        on=on,
        note=TitleReason(reason).label,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    audit_event_record(
        actor=actor,
        action="enforcement.title_issue",
        target=title,
        summary=f"Título de crédito {title.number} a {employer.tax_id} por {usd(total)} USD",
        data={"principal": principal, "interest": interest, "fines": fines_cents, "on": on},
    )
    return case


def title_balance_cents(case: EnforcementCase, on: date) -> int:
    """What is still owed on ``on`` of the debt the case's title covers."""
    title = case.title
    pos = position(Debtor(employer=case.employer), on)
    obligation_ids = set(title.obligations.values_list("id", flat=True))
    fine_ids = set(title.fines.values_list("id", flat=True))
    owed = sum(
        line.outstanding_cents + line.interest_cents
        for line in pos.obligations
        if line.obligation.pk in obligation_ids
    )
    return owed + sum(f.outstanding_cents for f in pos.fines if f.fine.pk in fine_ids)


@transaction.atomic
def enforcement_case_transition(
    *, actor: Any, case: EnforcementCase, to_state: str, on: date, note: str = ""
) -> EnforcementCase:
    """Move a case to another state, if the procedure allows that step from where it is."""
    case = EnforcementCase.objects.select_for_update().select_related("title").get(pk=case.pk)
    scope_require_employer(actor, case.employer)
    not_future(on, "fecha")
    if to_state not in CaseState.values:
        raise DomainError(f"{to_state!r} no es un estado del juicio.", field="estado")
    current = CaseState(case.state)
    if to_state not in TRANSITIONS[case.state]:
        allowed = ", ".join(CaseState(s).label.lower() for s in sorted(TRANSITIONS[case.state]))
        raise DomainError(
            f"un juicio en estado «{current.label}» no pasa a «{CaseState(to_state).label}»; "
            f"puede pasar a: {allowed or 'ninguno (está cerrado)'}.",
            field="estado",
        )
    if on < case.state_since:
        raise DomainError(
            f"la fecha es anterior al estado actual ({case.state_since:%d/%m/%Y}).", field="fecha"
        )
    if (
        to_state == CaseState.AGREEMENT
        and not PaymentAgreement.objects.filter(
            employer=case.employer, status=AgreementStatus.ACTIVE
        ).exists()
    ):
        raise DomainError(
            "registre el convenio de pago: al firmarlo el juicio pasa a convenio.", field="estado"
        )
    if to_state == CaseState.PAID:
        balance = title_balance_cents(case, on)
        if balance > 0:
            raise DomainError(
                f"al {on:%d/%m/%Y} aún se deben {usd(balance)} USD del título {case.title.number}.",
                field="estado",
            )
    _record(actor, case, to_state, on, note)
    return case
