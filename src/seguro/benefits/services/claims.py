"""A claim's life: filed → checked → computed → approved | denied → paid.

Each transition is one service: one transaction, the acting user, one audit event. The person who
computed a claim never decides it (maker-checker): the services refuse it, and a database
constraint backs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from seguro.benefits.calculation import claim_calculate
from seguro.benefits.history import arrears_months, history_counting_arrears
from seguro.benefits.kinds import spec_of
from seguro.benefits.models import (
    Claim,
    ClaimBeneficiary,
    ClaimDocument,
    ClaimKind,
    ClaimState,
    SurvivorRelationship,
    UnemploymentCause,
)
from seguro.benefits.services.liability import liabilities_create, liability_plan
from seguro.benefits.services.payment import instalments_create, pension_start
from seguro.contributions.history import contribution_history
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.core.roles import user_roles
from seguro.pensions.services import BeneficiaryShare, pension_grant
from seguro.registry.models import Person
from seguro.registry.scope import scope_require_person
from seguro.rules.money import from_cents, to_cents

NEEDS_DAYS = (ClaimKind.WORK_RISK_TEMPORARY, ClaimKind.SICKNESS)


def _locked(claim: Claim) -> Claim:
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("applicant", "deceased")
        .get(pk=claim.pk)
    )


def _require_state(claim: Claim, *states: str) -> None:
    if claim.state not in states:
        allowed = ", ".join(str(ClaimState(s).label).lower() for s in states)
        raise DomainError(
            f"la solicitud N.º {claim.pk} está {claim.get_state_display().lower()}; "
            f"esta acción requiere que esté: {allowed}.",
            field="estado",
        )


def claim_file(
    *,
    actor: Any,
    kind: str,
    applicant: Person,
    filed_on: date,
    event_date: date | None = None,
    deceased: Person | None = None,
    beneficiaries: Sequence[tuple[Person, str]] = (),
    days: int | None = None,
    incapacity_percent: str | Decimal | None = None,
    cause: str = "",
    accident_reference: str = "",
    expenses: str | Decimal | None = None,
) -> Claim:
    """Open a claim for a person, with the checklist of documents its kind requires."""
    if kind not in ClaimKind.values:
        raise DomainError(f"la prestación {kind!r} no existe.", field="prestación")
    spec = spec_of(kind)
    scope_require_person(actor, applicant)
    if spec.needs_deceased:
        if deceased is None or deceased.death_date is None:
            raise DomainError(
                "esta prestación requiere el causante con su fecha de fallecimiento registrada.",
                field="causante",
            )
        event_date = deceased.death_date
    elif deceased is not None:
        raise DomainError("esta prestación no lleva causante fallecido.", field="causante")
    if event_date is None:
        raise DomainError("indique la fecha del hecho que genera la prestación.", field="fecha")
    if kind == ClaimKind.SURVIVORS and not beneficiaries:
        raise DomainError("el montepío requiere al menos un beneficiario.", field="beneficiarios")
    if kind in NEEDS_DAYS and (days is None or days <= 0):
        raise DomainError("indique los días de incapacidad (mayor que cero).", field="días")
    percent = None
    if kind == ClaimKind.WORK_RISK_PARTIAL:
        try:
            percent = Decimal(str(incapacity_percent))
        except InvalidOperation:
            percent = None
        if percent is None or not Decimal(0) < percent <= Decimal(100):
            raise DomainError(
                "indique el porcentaje de incapacidad dictaminado (entre 0 y 100).",
                field="porcentaje de incapacidad",
            )
    if kind == ClaimKind.UNEMPLOYMENT and cause not in UnemploymentCause.values:
        raise DomainError("indique la causa del cese.", field="causa del cese")
    for _, relationship in beneficiaries:
        if relationship not in SurvivorRelationship.values:
            raise DomainError(f"parentesco desconocido: {relationship!r}.", field="beneficiarios")
    expenses_cents = None
    if expenses not in (None, ""):
        try:
            expenses_cents = to_cents(Decimal(str(expenses)))
        except InvalidOperation:
            raise DomainError("el valor de los gastos no es un número.", field="gastos") from None
    with transaction.atomic():
        claim = Claim.objects.create(
            kind=kind,
            applicant=applicant,
            deceased=deceased,
            province_code=applicant.canton_id[:2],
            filed_on=filed_on,
            event_date=event_date,
            filed_by=actor if getattr(actor, "is_authenticated", False) else None,
            days=days if kind in NEEDS_DAYS else None,
            incapacity_percent=percent,
            cause=cause if kind == ClaimKind.UNEMPLOYMENT else "",
            accident_reference=accident_reference[:60],
            expenses_cents=expenses_cents,
        )
        ClaimDocument.objects.bulk_create(
            ClaimDocument(claim=claim, code=code, label=label) for code, label in spec.documents
        )
        ClaimBeneficiary.objects.bulk_create(
            ClaimBeneficiary(claim=claim, person=person, relationship=relationship)
            for person, relationship in beneficiaries
        )
        audit_event_record(
            actor=actor,
            action="benefits.claim_file",
            target=claim,
            summary=f"Solicitud de {claim.get_kind_display()} de {applicant.identifier}",
            data={"kind": kind, "event_date": event_date, "filed_on": filed_on},
        )
    return claim


def claim_documents_check(*, actor: Any, claim: Claim, codes: Iterable[str]) -> Claim:
    """Mark documents as checked; once all are, the claim is *checked* and can be computed."""
    with transaction.atomic():
        claim = _locked(claim)
        _require_state(claim, ClaimState.FILED)
        scope_require_person(actor, claim.applicant)
        documents = {d.code: d for d in claim.documents.select_for_update()}
        wanted = set(codes)
        unknown = wanted - set(documents)
        if unknown:
            raise DomainError(
                f"documentos que esta solicitud no requiere: {', '.join(sorted(unknown))}.",
                field="documentos",
            )
        now = timezone.now()
        user = actor if getattr(actor, "is_authenticated", False) else None
        for code in sorted(wanted):
            doc = documents[code]
            if doc.checked_at is None:
                doc.checked_at, doc.checked_by = now, user
                doc.save(update_fields=["checked_at", "checked_by"])
        missing = [d.label for d in documents.values() if d.checked_at is None]
        if not missing:
            claim.state = ClaimState.CHECKED
            claim.save(update_fields=["state"])
        audit_event_record(
            actor=actor,
            action="benefits.claim_documents_check",
            target=claim,
            summary=f"Documentos verificados: {len(documents) - len(missing)} de {len(documents)}",
            data={"checked": sorted(wanted), "missing": missing},
        )
    return claim


def claim_compute(*, actor: Any, claim: Claim) -> Claim:
    """Compute the claim with its rule. Months that employers declared and did not pay count for
    the affiliate (LSS Art. 94); when they change the result, the employers' liability is
    planned here and created on approval."""
    with transaction.atomic():
        claim = _locked(claim)
        if claim.state == ClaimState.FILED:
            missing = list(
                claim.documents.filter(checked_at__isnull=True).values_list("label", flat=True)
            )
            raise DomainError(
                "no se puede calcular: faltan documentos por verificar: " + "; ".join(missing),
                field="documentos",
            )
        _require_state(claim, ClaimState.CHECKED, ClaimState.COMPUTED)
        scope_require_person(actor, claim.applicant)
        history = contribution_history(claim.insured.pk, claim.event_date)
        paid_only = claim_calculate(claim, history)
        owed = arrears_months(history)
        granted, plan = paid_only, []
        if owed:
            granted = claim_calculate(claim, history_counting_arrears(history))
            plan = liability_plan(claim, paid_only, granted, owed)
        matters = granted.eligible != paid_only.eligible or (
            granted.amount_cents != paid_only.amount_cents
        )
        claim.rule = granted.rule
        claim.eligible = granted.eligible
        claim.reason = granted.reason
        claim.amount_cents = granted.amount_cents
        claim.outputs = {**granted.outputs, "employer_liability": plan}
        claim.explanation = granted.explanation
        claim.arrears_periods = [[p.isoformat(), e] for p, e in owed] if owed and matters else []
        claim.computed_by = actor if getattr(actor, "is_authenticated", False) else None
        claim.computed_at = timezone.now()
        claim.state = ClaimState.COMPUTED
        claim.save()
        audit_event_record(
            actor=actor,
            action="benefits.claim_compute",
            target=claim,
            summary=(
                f"Calculada: {claim.amount_cents / 100:.2f}"
                if claim.eligible
                else f"Calculada: no cumple requisitos. {claim.reason}"
            ),
            data={
                "rule": claim.rule,
                "eligible": claim.eligible,
                "amount_cents": claim.amount_cents,
                "arrears_periods": claim.arrears_periods,
                "employer_liability": plan,
            },
        )
    return claim


def _require_checker(actor: Any, claim: Claim) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise DomainError("una decisión requiere un aprobador identificado.", field="aprobador")
    if claim.computed_by_id is not None and claim.computed_by_id == actor.pk:
        raise DomainError(
            "usted calculó esta solicitud: la aprobación o negación debe hacerla otra persona "
            "(control de dos personas).",
            field="aprobador",
        )
    if not (actor.is_superuser or "approver" in user_roles(actor)):
        raise DomainError(
            "su usuario no tiene el rol de aprobador de prestaciones.", field="aprobador"
        )
    # The pages list only the approver's province; the service holds the same line for any
    # other caller (the API, a script).
    scope_require_person(actor, claim.applicant)


def claim_approve(*, actor: Any, claim: Claim, on: date, note: str = "") -> Claim:
    """A second person approves: employer liabilities are created; a pension claim is granted in
    the pension payroll (the claim is then paid by the payroll), any other claim gets its
    payment schedule."""
    with transaction.atomic():
        claim = _locked(claim)
        _require_state(claim, ClaimState.COMPUTED)
        _require_checker(actor, claim)
        if not claim.eligible:
            raise DomainError(
                f"la solicitud no cumple los requisitos ({claim.reason}); solo puede negarse.",
                field="estado",
            )
        claim.state = ClaimState.APPROVED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decided_on = on
        claim.decision_reason = note
        liabilities = liabilities_create(claim, on)
        spec = spec_of(claim.kind)
        pension = None
        if spec.pension_kind:
            if claim.kind == ClaimKind.SURVIVORS:
                shares = [
                    BeneficiaryShare(b.person, b.relationship)
                    for b in claim.beneficiaries.select_related("person")
                ]
                holder = None
                amount_cents = to_cents(Decimal(claim.outputs["deceased_pension"]))
            else:
                shares = [BeneficiaryShare(claim.applicant, "holder")]
                holder, amount_cents = claim.applicant, int(claim.amount_cents or 0)
            pension = pension_grant(
                actor=actor,
                kind=spec.pension_kind,
                holder=holder,
                deceased=claim.deceased,
                start=pension_start(claim),
                amount_cents=amount_cents,
                region=claim.applicant.canton.province.region,
                beneficiaries=shares,
                explanation=claim.explanation,
                source=f"solicitud {claim.pk}",
                years_of_contributions=int(claim.outputs.get("years_of_contributions") or 0),
            )
            claim.pension_id = pension.pk
            claim.state = ClaimState.PAID
            claim.paid_on = on
        else:
            instalments_create(claim, on)
        claim.save()
        audit_event_record(
            actor=actor,
            action="benefits.claim_approve",
            target=claim,
            summary=f"Aprobada: {claim.get_kind_display()} {from_cents(claim.amount_cents or 0)}",
            data={
                "pension_id": claim.pension_id,
                "liabilities": [
                    {"employer": x.employer_id, "amount_cents": x.amount_cents} for x in liabilities
                ],
                "note": note,
            },
        )
    return claim


def claim_deny(*, actor: Any, claim: Claim, reason: str) -> Claim:
    """A second person denies a computed claim, with a reason the applicant will read."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("indique el motivo de la negación.", field="motivo")
    with transaction.atomic():
        claim = _locked(claim)
        _require_state(claim, ClaimState.COMPUTED)
        _require_checker(actor, claim)
        claim.state = ClaimState.DENIED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decided_on = timezone.localdate()
        claim.decision_reason = reason
        claim.save(
            update_fields=["state", "decided_by", "decided_at", "decided_on", "decision_reason"]
        )
        audit_event_record(
            actor=actor,
            action="benefits.claim_deny",
            target=claim,
            summary=f"Negada: {reason}",
            data={"reason": reason},
        )
    return claim
