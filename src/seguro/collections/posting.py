"""A payment's ledger entries, per allocation and fund: one batch per payment registered at the
window, one batch per bank file and month of payment for the payments of a bank file.

- principal → ``paid`` entries split by fund pro rata of what each fund still has to receive
  on the obligation (its split as assessed, ``Obligation.fund_cents``, minus the ``paid``
  entries already posted). On a first payment that is the obligation's assessed composition; a
  later payment splits the rest, so once an obligation is paid in full every fund has received
  exactly what was assessed.
- interest → ``interest`` entries split pro rata of the assessed composition (the late money
  was each fund's).
- fines → one ``fine`` entry to the administration fund (C.D. 516 does not say which fund a
  fine goes to; see the README).
Cents are split by largest remainder, so each allocation's entries sum exactly to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import polars as pl
from django.db.models import Sum

from seguro.collections.models import Component, Payment, PaymentAllocation
from seguro.contributions.models import Obligation
from seguro.core.errors import DomainError
from seguro.ledger.models import EntryKind, Fund, LedgerBatch, LedgerEntry
from seguro.ledger.services import POSTING_SCHEMA, ledger_post

ALLOCATION_DOCUMENT = "allocation"
PAYMENT_JOB = "collections-payment"
FINE_FUND = Fund.ADMINISTRATION


def split_pro_rata(amount: int, weights: dict[str, int]) -> dict[str, int]:
    """Split ``amount`` cents in proportion to ``weights`` (largest remainder; ties by the
    larger weight, then by name). Each share is at most its weight when amount ≤ Σ weights."""
    positive = {k: w for k, w in weights.items() if w > 0}
    total = sum(positive.values())
    if total <= 0:
        raise ValueError("no positive weight to split by")
    shares = {k: amount * w // total for k, w in positive.items()}
    rest = amount - sum(shares.values())
    order = sorted(positive, key=lambda k: (-(amount * positive[k] % total), -positive[k], k))
    for key in order[:rest]:
        shares[key] += 1
    return shares


def assessed_by_fund(obligation_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Each obligation's split by fund as assessed (the subledger's `fund_cents`)."""
    rows = Obligation.objects.filter(pk__in=list(obligation_ids)).values_list("pk", "fund_cents")
    return {pk: {fund: int(cents) for fund, cents in split.items()} for pk, split in rows}


def paid_by_fund(obligation_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    allocation_to_obligation = dict(
        PaymentAllocation.objects.filter(
            obligation_id__in=list(obligation_ids), component=Component.PRINCIPAL
        ).values_list("id", "obligation_id")
    )
    rows = (
        LedgerEntry.objects.filter(
            kind=EntryKind.PAID,
            document_type=ALLOCATION_DOCUMENT,
            document_id__in=list(allocation_to_obligation),
        )
        .values("document_id", "fund")
        .annotate(cents=Sum("amount_cents"))
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        result[allocation_to_obligation[row["document_id"]]][row["fund"]] += int(row["cents"])
    return result


def payment_entries(
    payment: Payment,
    allocations: list[PaymentAllocation],
    assessed: dict[int, dict[str, int]],
    already: dict[int, dict[str, int]],
) -> list[dict[str, object]]:
    """One payment's entries, in order; ``already`` (each obligation's paid cents by fund) is
    updated with its principal, so the next payment of a file splits what is left."""
    rows: list[dict[str, object]] = []
    for alloc in allocations:
        if alloc.component == Component.FINE:
            fine = alloc.fine
            assert fine is not None
            shares = {FINE_FUND.value: alloc.amount_cents}
            kind, period, province = EntryKind.FINE, fine.period, fine.province_code
        else:
            obligation = alloc.obligation
            assert obligation is not None
            composition = assessed.get(obligation.pk, {})
            if sum(composition.values()) <= 0:
                raise DomainError(
                    f"la obligación de {obligation.period:%m/%Y} no tiene su reparto de aportes "
                    "por fondo; no se puede distribuir el pago por fondo.",
                    field="obligación",
                )
            period, province = obligation.period, obligation.province_code
            if alloc.component == Component.INTEREST:
                kind = EntryKind.INTEREST
                shares = split_pro_rata(alloc.amount_cents, composition)
            else:
                kind = EntryKind.PAID
                paid = already.setdefault(obligation.pk, {})
                remaining = {f: c - paid.get(f, 0) for f, c in composition.items()}
                if sum(max(0, c) for c in remaining.values()) < alloc.amount_cents:
                    raise DomainError(
                        f"lo liquidado por fondo de la obligación de {obligation.period:%m/%Y} "
                        "es menor que el pago; revise la obligación y el libro mayor.",
                        field="obligación",
                    )
                shares = split_pro_rata(alloc.amount_cents, remaining)
                for fund, cents in shares.items():
                    paid[fund] = paid.get(fund, 0) + cents
        for fund, cents in sorted(shares.items()):
            rows.append(
                {
                    "fund": fund,
                    "kind": kind.value,
                    "amount_cents": cents,
                    "period": period,
                    "province_code": province,
                    "employer_id": payment.employer_id,
                    "person_id": payment.person_id,
                    "document_type": ALLOCATION_DOCUMENT,
                    "document_id": alloc.pk,
                }
            )
    return rows


def _obligation_ids(allocations: list[PaymentAllocation]) -> set[int]:
    return {a.obligation_id for a in allocations if a.obligation_id is not None}


def payment_post(payment: Payment, allocations: list[PaymentAllocation]) -> LedgerBatch:
    """Post one payment's entries as its own batch (a payment registered at the window),
    inside the payment's transaction."""
    obligation_ids = _obligation_ids(allocations)
    rows = payment_entries(
        payment, allocations, assessed_by_fund(obligation_ids), paid_by_fund(obligation_ids)
    )
    return ledger_post(
        key=f"payment:{payment.receipt_number}",
        job=PAYMENT_JOB,
        period=date(payment.paid_on.year, payment.paid_on.month, 1),
        entries=pl.DataFrame(rows, schema=POSTING_SCHEMA),
    )


def bank_file_batch_key(sha256: str, month: date) -> str:
    """A bank file's batch for a month, named by the file's fingerprint (its content)."""
    return f"bank-file:{sha256}:{month:%Y-%m}"


class BankFilePosting:
    """The entries of a bank file's payments, posted together when the file is complete: one
    batch per month of payment (the ledger sums collections by the batch's month), so a
    bank's daily file is one posting, as the bank settles it, and not one per payment."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        self.assessed: dict[int, dict[str, int]] = {}
        self.already: dict[int, dict[str, int]] = {}
        self.rows: dict[date, list[dict[str, object]]] = defaultdict(list)
        self.payments: dict[date, list[int]] = defaultdict(list)

    def add(self, payment: Payment, allocations: list[PaymentAllocation]) -> None:
        """Take a registered payment's entries (all or none of them)."""
        touched = _obligation_ids(allocations)
        new = touched - set(self.assessed)
        self.assessed.update(assessed_by_fund(new))
        self.already.update({pk: dict(funds) for pk, funds in paid_by_fund(new).items()})
        trial = {pk: dict(self.already.get(pk, {})) for pk in touched}
        rows = payment_entries(payment, allocations, self.assessed, trial)
        self.already.update(trial)
        month = date(payment.paid_on.year, payment.paid_on.month, 1)
        self.rows[month].extend(rows)
        self.payments[month].append(payment.pk)

    def post(self) -> list[LedgerBatch]:
        batches = []
        for month in sorted(self.rows):
            batch = ledger_post(
                key=bank_file_batch_key(self.sha256, month),
                job=PAYMENT_JOB,
                period=month,
                entries=pl.DataFrame(self.rows[month], schema=POSTING_SCHEMA),
            )
            Payment.objects.filter(pk__in=self.payments[month]).update(ledger_batch=batch)
            batches.append(batch)
        return batches
