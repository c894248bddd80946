"""Paying an approved non-pension claim: its instalments, the ledger and the individual accounts.

- lump sums and subsidies: one instalment, posted as ``benefit_paid`` to the kind's fund;
- severance and reserve-fund withdrawals: one instalment taken from the person's account
  (a ``withdrawal`` movement) and posted as ``withdrawal`` to that fund;
- unemployment: five monthly instalments; the fixed part is ``benefit_paid`` by the
  unemployment fund, the top-up comes out of the severance account (``withdrawal``).
Each instalment posts once: its ledger key is ``benefit-claim:<claim>:<number>``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Max

from seguro.benefits.funds import fund_balance_cents
from seguro.benefits.kinds import spec_of
from seguro.benefits.models import (
    Claim,
    ClaimInstalment,
    ClaimKind,
    ClaimState,
    FundAccount,
    FundKind,
    FundMovement,
    MovementKind,
)
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.ledger.services import POSTING_SCHEMA, ledger_post
from seguro.registry.models import Affiliation
from seguro.rules.money import from_cents, to_cents

LEDGER_JOB = "benefit-payment"
DOCUMENT = "benefit_claim"
WITHDRAWAL_KINDS = {
    ClaimKind.SEVERANCE: FundKind.SEVERANCE,
    ClaimKind.RESERVE_FUND: FundKind.RESERVE_FUND,
}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def pension_start(claim: Claim) -> date:
    """The first day the pension is owed. An old-age pension starts the month after the cese
    (law-ecuador.md §3.1, "Pension starts the month after cese"), and never before the day its
    requirements are met (the event date); the other pensions start on their event (the
    invalidity, the accident, the death)."""
    if claim.kind != ClaimKind.OLD_AGE:
        return claim.event_date
    last_exit = Affiliation.objects.filter(
        person_id=claim.applicant_id, valid_to__isnull=False
    ).aggregate(last=Max("valid_to"))["last"]
    if last_exit is None:
        return claim.event_date
    return max(claim.event_date, _add_months(last_exit, 1))


def instalments_create(claim: Claim, on: date) -> list[ClaimInstalment]:
    """The payment schedule of an approved claim (inside the approval's transaction)."""
    amount = int(claim.amount_cents or 0)
    first = _add_months(on, 1)
    rows: list[ClaimInstalment] = []
    if claim.kind == ClaimKind.UNEMPLOYMENT:
        fixed = to_cents(Decimal(claim.outputs["fixed_part"]))
        for i, payment in enumerate(claim.outputs["payments"]):
            total = to_cents(Decimal(payment))
            fund = min(total, fixed)
            rows.append(
                ClaimInstalment(
                    claim=claim,
                    number=i + 1,
                    due_on=_add_months(first, i),
                    fund_cents=fund,
                    account_cents=total - fund,
                )
            )
    elif claim.kind in WITHDRAWAL_KINDS:
        rows.append(
            ClaimInstalment(claim=claim, number=1, due_on=on, fund_cents=0, account_cents=amount)
        )
    else:
        rows.append(ClaimInstalment(claim=claim, number=1, due_on=on, fund_cents=amount))
    return ClaimInstalment.objects.bulk_create(rows)


def _withdraw(claim: Claim, instalment: ClaimInstalment, kind: str, on: date) -> None:
    person = claim.insured
    account = FundAccount.objects.select_for_update().filter(person=person, kind=kind).first()
    balance = fund_balance_cents(person.pk, kind) if account else 0
    if account is None or balance < instalment.account_cents:
        raise DomainError(
            f"el retiro de {from_cents(instalment.account_cents)} supera el saldo disponible de "
            f"la cuenta de {FundKind(kind).label.lower()} ({from_cents(balance)}).",
            field="saldo",
        )
    FundMovement.objects.create(
        account=account,
        kind=MovementKind.WITHDRAWAL,
        period=on,
        amount_cents=-instalment.account_cents,
        instalment=instalment,
        explanation=[
            {
                "step": f"Retiro por la solicitud N.º {claim.pk}, pago {instalment.number}",
                "value": str(from_cents(-instalment.account_cents)),
            }
        ],
    )


def claim_pay(*, actor: Any, claim: Claim, on: date) -> ClaimInstalment:
    """Pay the next unpaid instalment of an approved claim; the last one marks it paid."""
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("applicant", "deceased")
            .get(pk=claim.pk)
        )
        if spec_of(claim.kind).pension_kind:
            raise DomainError(
                "las pensiones se pagan en la nómina mensual de pensiones, no aquí.",
                field="prestación",
            )
        if claim.state != ClaimState.APPROVED:
            raise DomainError(
                f"solo se paga una solicitud aprobada; esta está "
                f"{claim.get_state_display().lower()}.",
                field="estado",
            )
        instalment = (
            claim.instalments.select_for_update()
            .filter(paid_on__isnull=True)
            .order_by("number")
            .first()
        )
        if instalment is None:  # pragma: no cover - an approved claim always has one unpaid
            raise DomainError("la solicitud no tiene pagos pendientes.", field="estado")
        spec = spec_of(claim.kind)
        account_kind = WITHDRAWAL_KINDS.get(ClaimKind(claim.kind), FundKind.SEVERANCE)
        if instalment.account_cents:
            _withdraw(claim, instalment, account_kind, on)
        key = f"benefit-claim:{claim.pk}:{instalment.number}"
        entries = []
        base = {
            "period": on.replace(day=1),
            "province_code": claim.province_code,
            "employer_id": None,
            "person_id": claim.applicant_id,
            "document_type": DOCUMENT,
            "document_id": instalment.pk,
        }
        if instalment.fund_cents:
            entries.append(
                {
                    **base,
                    "fund": spec.fund,
                    "kind": spec.ledger_kind,
                    "amount_cents": instalment.fund_cents,
                }
            )
        if instalment.account_cents:
            entries.append(
                {
                    **base,
                    "fund": account_kind.value,
                    "kind": "withdrawal",
                    "amount_cents": instalment.account_cents,
                }
            )
        ledger_post(
            key=key,
            job=LEDGER_JOB,
            period=on.replace(day=1),
            entries=pl.DataFrame(entries, schema=POSTING_SCHEMA),
        )
        instalment.paid_on = on
        instalment.ledger_key = key
        instalment.save(update_fields=["paid_on", "ledger_key"])
        if not claim.instalments.filter(paid_on__isnull=True).exists():
            claim.state = ClaimState.PAID
            claim.paid_on = on
            claim.save(update_fields=["state", "paid_on"])
        audit_event_record(
            actor=actor,
            action="benefits.claim_pay",
            target=claim,
            summary=f"Pago {instalment.number} de la solicitud N.º {claim.pk}: "
            f"{from_cents(instalment.total_cents)}",
            data={
                "instalment": instalment.number,
                "fund_cents": instalment.fund_cents,
                "account_cents": instalment.account_cents,
                "ledger_key": key,
            },
        )
    return instalment
