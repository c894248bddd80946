"""Who pays how: on time (most), late by a fixed number of months (a calibrated few of the larger
employers), or not at all until a payment agreement or a credit title (a handful). Drawn from
the obligations the monthly closes made, with the seed; the same database and seed give the
same choice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import polars as pl
from django.db.models import Sum

from seguro.collections.models import PaymentAllocation
from seguro.collections.posting import ALLOCATION_DOCUMENT
from seguro.contributions.models import Obligation
from seguro.ledger.models import EntryKind, LedgerEntry
from seguro.synth.year.config import YearPlan

OBLIGATIONS_SCHEMA = {
    "obligation_id": pl.Int64,
    "employer_id": pl.Int64,
    "person_id": pl.Int64,
    "period": pl.Date,
    "due_date": pl.Date,
    "total_cents": pl.Int64,
    "paid_cents": pl.Int64,
}


def obligations_frame(plan: YearPlan) -> pl.DataFrame:
    rows = (
        Obligation.objects.filter(province_code=plan.province_code, period__in=plan.months)
        .order_by("id")
        .values_list(
            "id", "employer_id", "person_id", "period", "due_date", "total_cents", "paid_cents"
        )
    )
    return pl.DataFrame(list(rows), schema=OBLIGATIONS_SCHEMA, orient="row")


@dataclass(frozen=True)
class Debtors:
    enforcement: list[int]
    agreements: list[int]
    late: list[tuple[int, int]]  # (employer, months late), in the order they are drawn


def debtors_draw(plan: YearPlan, obligations: pl.DataFrame) -> Debtors:
    assumptions = plan.assumptions
    # an employer's obligations are full size at any scale: the threshold is not scaled
    minimum = Decimal(assumptions["late_payer_min_monthly_usd"]) * 100
    averages = (
        obligations.filter(pl.col("employer_id").is_not_null())
        .group_by("employer_id")
        .agg(pl.col("total_cents").mean().alias("average"))
        .filter(pl.col("average") >= float(minimum))
        .sort("employer_id")
    )
    eligible = averages["employer_id"].to_list()
    rng = np.random.default_rng([plan.seed, 1])
    order = [int(eligible[i]) for i in rng.permutation(len(eligible))]
    at_least = 1 if eligible else 0
    enforced = max(at_least, plan.count(assumptions["enforcement"]["count"]))
    agreed = max(at_least, plan.count(assumptions["agreements"]["count"]))
    enforcement = order[:enforced]
    agreements = order[enforced : enforced + agreed]
    rest = order[enforced + agreed :]
    low, high = assumptions["late_delay_months"]
    delays = rng.integers(int(low), int(high) + 1, size=len(rest))
    return Debtors(
        enforcement, agreements, [(e, int(d)) for e, d in zip(rest, delays, strict=True)]
    )


def arrears_recovered_cents(plan: YearPlan) -> int:
    """Capital paid in the year on obligations overdue when paid (the report's definition,
    summed here from the ledger so the calibration does not depend on the report)."""
    total = LedgerEntry.objects.filter(
        document_type=ALLOCATION_DOCUMENT,
        kind=EntryKind.PAID,
        batch__period__year=plan.year,
        province_code=plan.province_code,
        document_id__in=PaymentAllocation.objects.filter(in_arrears=True).values("id"),
    ).aggregate(cents=Sum("amount_cents"))["cents"]
    return int(total or 0)


def year_end(plan: YearPlan) -> date:
    return date(plan.year, 12, 31)
