"""Reading the contribution history for a claim.

``contribution_history`` (contributions app) counts only paid months. For employer liability
(LSS Art. 94) a claim also needs the history *as if* the employers in arrears had paid: the same
counts with their unpaid, overdue months added. Self-employed and voluntary months the affiliate
did not pay are not added: nobody else answers for them.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from seguro.contributions.history import ContributionHistory
from seguro.contributions.models import ContributionRecord
from seguro.contributions.selectors import due_date_of
from seguro.registry.models import DEPENDENCY_REGIMES
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.money import cents
from seguro.rules.params import default_parameters
from seguro.rules.pensions import calculation_base

_DEPENDENCY = frozenset(r.value for r in DEPENDENCY_REGIMES)


def _index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def arrears_months(history: ContributionHistory) -> list[tuple[date, int]]:
    """Unpaid overdue months owed by an employer (not the affiliate's own)."""
    return sorted({(p, e) for p, e in history.unpaid_periods if e is not None})


def history_counting_arrears(history: ContributionHistory) -> ContributionHistory:
    """The history with the months employers in arrears declared and did not pay counted as
    contributions (their declared salary included); the selector's counting rules otherwise."""
    owed = arrears_months(history)
    if not owed:
        return history
    periods = sorted({p for p, _ in owed})
    rows = ContributionRecord.objects.filter(
        person_id=history.person_id, period__in=periods, employer_id__isnull=False
    ).values_list("period", "regime", "salary_cents")
    salary = {date.fromisoformat(f"{p}-01"): Decimal(s) for p, s in history.salary_history}
    dependency_added = 0
    for period, regime, salary_cents in rows:
        if period not in salary:
            dependency_added += regime in _DEPENDENCY
            salary[period] = Decimal(0)
        salary[period] += Decimal(salary_cents) / 100
    months = sorted(salary)
    target = _index(history.as_of.replace(day=1))
    present = {_index(m) for m in months}
    expected = target - 1
    last_month = _month(target - 1)
    if expected not in present and history.as_of <= due_date_of(last_month):
        expected -= 1
    consecutive = 0
    while expected in present:
        consecutive += 1
        expected -= 1
    salary_history = tuple((f"{m:%Y-%m}", cents(salary[m])) for m in months)
    return dataclasses.replace(
        history,
        contributions=len(months),
        consecutive_before=consecutive,
        contributions_last_12_months=sum(1 for i in present if target - 12 <= i < target),
        dependency_contributions=history.dependency_contributions + dependency_added,
        last_period=months[-1],
        months_since_last=target - 1 - _index(months[-1]),
        salary_history=salary_history,
        best_five_years_average=_best_five(salary_history, history.as_of),
        unpaid_periods=tuple(
            (p, e) for p, e in history.unpaid_periods if e is None
        ),  # the employers' months now count
    )


def _best_five(history: tuple[tuple[str, Decimal], ...], as_of: date) -> Decimal | None:
    inputs = Inputs({"salary_history": [{"period": p, "salary": s} for p, s in history]})
    try:
        return calculation_base(default_parameters(), as_of, inputs, Explanation())
    except RuleError:
        return None


def months_before(history: ContributionHistory, count: int) -> list[Decimal]:
    """Salaries of the months among the ``count`` calendar months before the month of the
    history's date that have a contribution (oldest first)."""
    target = _index(history.as_of.replace(day=1))
    return [
        s
        for p, s in history.salary_history
        if target - count <= _index(date.fromisoformat(f"{p}-01")) < target
    ]


def average_of_months_before(history: ContributionHistory, count: int) -> Decimal:
    """Average salary of the contributed months among the ``count`` months before the date (the
    law's averages of the last 12 months; months without a contribution are left out)."""
    salaries = months_before(history, count)
    if not salaries:
        return Decimal("0.00")
    return cents(sum(salaries, Decimal(0)) / len(salaries))
