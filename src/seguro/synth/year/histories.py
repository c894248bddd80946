"""Work histories before the closed months, for the people who claim benefits in the year.

The year's closes start at ``first_month`` (2021-07); a pension, a severance or reserve-fund
withdrawal needs years of contributions before. This writes them set-based, as a close leaves
them (the factories' ``contribution_months`` shape): one employer obligation a month, paid on
its due date, and one contribution record per person and month, in the regime and with the
employer of the person's affiliation. The individual accounts are then credited by the
benefits service ``fund_credits_post`` over those months (never written here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from seguro.contributions.models import ContributionRecord, Obligation
from seguro.contributions.selectors import due_date_of
from seguro.synth.year.config import months_between

BATCH = 5_000


@dataclass(frozen=True)
class Worker:
    """Who gets a history: the person and the affiliation the months are declared under."""

    person_id: int
    canton_code: str
    employer_id: int
    affiliation_id: int
    regime: str


@dataclass(frozen=True)
class HistorySpec:
    first: date  # first month (day 1)
    last: date  # last month (day 1), before the closed months
    salary_cents: int
    reserve_fund_cents: int = 0  # per month, for workers who accumulate it with the institute


def month_add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def histories_write(workers: Sequence[tuple[Worker, HistorySpec]]) -> int:
    """Write the months of each worker's history; return the contribution records written."""
    if not workers:
        return 0
    pairs: dict[tuple[int, date], str] = {}
    for worker, spec in workers:
        for period in months_between(spec.first, spec.last):
            pairs.setdefault((worker.employer_id, period), worker.canton_code)
    Obligation.objects.bulk_create(
        (
            Obligation(
                kind="payroll",
                period=period,
                employer_id=employer_id,
                province_code=canton[:2],
                canton_code=canton,
                employee_cents=0,
                employer_cents=0,
                reserve_fund_cents=0,
                spouse_extension_cents=0,
                total_cents=0,
                due_date=due_date_of(period),
                paid_on=due_date_of(period),
            )
            for (employer_id, period), canton in pairs.items()
        ),
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    employers = sorted({e for e, _ in pairs})
    periods = [p for _, p in pairs]
    ids: dict[tuple[int, date], int] = {}
    for start in range(0, len(employers), 500):
        rows = Obligation.objects.filter(
            kind="payroll",
            employer_id__in=employers[start : start + 500],
            period__gte=min(periods),
            period__lte=max(periods),
        ).values_list("employer_id", "period", "id")
        ids.update({(e, p): i for e, p, i in rows})
    records = (
        ContributionRecord(
            person_id=worker.person_id,
            employer_id=worker.employer_id,
            affiliation_id=worker.affiliation_id,
            obligation_id=ids[(worker.employer_id, period)],
            period=period,
            regime=worker.regime,
            salary_cents=spec.salary_cents,
            days_worked=30,
            employee_cents=0,
            employer_cents=0,
            reserve_fund_cents=spec.reserve_fund_cents,
        )
        for worker, spec in workers
        for period in months_between(spec.first, spec.last)
    )
    written = ContributionRecord.objects.bulk_create(
        records, ignore_conflicts=True, batch_size=BATCH
    )
    return len(written)
