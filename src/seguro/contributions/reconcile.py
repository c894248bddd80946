"""Reconcile a closed month's obligations (the receivables subledger) with the general ledger.

The close posts each chunk's sums by province and fund, and each obligation keeps its own split
(`fund_cents`). Summing the obligations of the close run by province and fund must give the
ledger's `assessed` entries of that run exactly; a difference means an obligation's amounts were
changed outside the close (the ledger itself is guarded by its hash chain).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from seguro.batch.close_month import CLOSE_DOCUMENT
from seguro.contributions.models import Obligation
from seguro.contributions.selectors import CLOSE_JOB
from seguro.core.errors import DomainError
from seguro.core.models import JobRun
from seguro.ledger.models import EntryKind, LedgerEntry


@dataclass(frozen=True)
class Difference:
    province_code: str
    fund: str
    subledger_cents: int
    ledger_cents: int


@dataclass(frozen=True)
class Reconciliation:
    period: date
    obligations: int
    pairs_checked: int  # (province, fund) pairs in either book
    differences: list[Difference]


def close_reconcile(period: date) -> Reconciliation:
    run = JobRun.objects.filter(job=CLOSE_JOB, period=period.replace(day=1)).first()
    if run is None or run.status != JobRun.Status.DONE:
        raise DomainError(
            f"el mes {period:%Y-%m} no está cerrado: no hay nada que conciliar.", field="período"
        )
    subledger: dict[tuple[str, str], int] = defaultdict(int)
    count = 0
    rows = Obligation.objects.filter(close_run_id=run.pk).values_list("province_code", "fund_cents")
    for province, split in rows.iterator(chunk_size=20_000):
        count += 1
        for fund, cents in split.items():
            subledger[(province, fund)] += int(cents)
    ledger = {
        (province, fund): int(cents)
        for province, fund, cents in LedgerEntry.objects.filter(
            kind=EntryKind.ASSESSED, document_type=CLOSE_DOCUMENT, document_id=run.pk
        )
        .values("province_code", "fund")
        .annotate(cents=Sum("amount_cents"))
        .values_list("province_code", "fund", "cents")
    }
    pairs = sorted(set(subledger) | set(ledger))
    differences = [
        Difference(
            province, fund, subledger.get((province, fund), 0), ledger.get((province, fund), 0)
        )
        for province, fund in pairs
        if subledger.get((province, fund), 0) != ledger.get((province, fund), 0)
    ]
    return Reconciliation(period.replace(day=1), count, len(pairs), differences)
