"""The contribution history of one person as of a date (historia laboral).

One selector serves the affiliate's statement, every benefit claim and the health coverage check,
so they all count the same way:

- a month counts as one contribution (imposición) when it has a contribution record whose
  obligation was fully paid on or before the date, whatever the number of employers that month;
- a month declared and unpaid after its due date is not counted: it is listed in
  ``unpaid_periods`` with the employer, because the law makes that employer liable for the
  benefit (LSS Art. 94) and the claim needs to know; a month not yet due is simply pending;
- the salary of a month is the sum over its paid records (several employers add up);
- only months before the month of the date count (the month of the date is not closed yet);
- the consecutive run ends with the month before the date, or with the one before that while
  the last month is not due yet (its contributions cannot be late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from seguro.contributions.models import ContributionRecord
from seguro.contributions.selectors import due_date_of
from seguro.registry.models import DEPENDENCY_REGIMES
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.params import default_parameters
from seguro.rules.pensions import calculation_base

_DEPENDENCY = frozenset(r.value for r in DEPENDENCY_REGIMES)


@dataclass(frozen=True)
class ContributionHistory:
    person_id: int
    as_of: date
    # Distinct months with a paid contribution before the month of ``as_of``.
    contributions: int
    # The unbroken run of such months that ends with the month before ``as_of``.
    consecutive_before: int
    contributions_last_12_months: int
    # Months with a paid contribution in a dependency regime (employee, public servant...).
    dependency_contributions: int
    last_period: date | None
    # Whole months from the last paid month to the month of ``as_of`` (0 = paid last month).
    months_since_last: int | None
    # (YYYY-MM, salary) of every paid month, oldest first.
    salary_history: tuple[tuple[str, Decimal], ...]
    # Average of the best five complete calendar years (None with fewer than five).
    best_five_years_average: Decimal | None
    # Months past their due date and unpaid on the date, with the employer that owes them.
    unpaid_periods: tuple[tuple[date, int | None], ...]

    @property
    def years_of_contributions(self) -> int:
        return self.contributions // 12

    @property
    def employers_in_arrears(self) -> frozenset[int]:
        return frozenset(e for _, e in self.unpaid_periods if e is not None)

    def rule_inputs(self) -> dict[str, object]:
        """The inputs every benefit rule takes from the history (RULES.md names)."""
        inputs: dict[str, object] = {
            "contributions": self.contributions,
            "consecutive_before": self.consecutive_before,
            "contributions_last_12_months": self.contributions_last_12_months,
            "consecutive_contributions": self.consecutive_before,
        }
        if self.salary_history:
            inputs["salary_history"] = [
                {"period": p, "salary": str(s)} for p, s in self.salary_history
            ]
        if self.best_five_years_average is not None:
            inputs["best_five_years_average"] = str(self.best_five_years_average)
        return inputs


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def contribution_history(person_id: int, as_of: date) -> ContributionHistory:
    """The person's history as of a date (see the module docstring for what counts)."""
    month_start = as_of.replace(day=1)
    rows = (
        ContributionRecord.objects.filter(person_id=person_id, period__lt=month_start)
        .values_list(
            "period",
            "regime",
            "salary_cents",
            "employer_id",
            "obligation__paid_on",
            "obligation__due_date",
        )
        .order_by("period")
    )
    salary_by_month: dict[date, int] = {}
    dependency_months: set[date] = set()
    unpaid: list[tuple[date, int | None]] = []
    for period, regime, salary_cents, employer_id, paid_on, due_date in rows:
        if paid_on is None or paid_on > as_of:
            if due_date < as_of:
                unpaid.append((period, employer_id))
            continue
        salary_by_month[period] = salary_by_month.get(period, 0) + salary_cents
        if regime in _DEPENDENCY:
            dependency_months.add(period)

    months = sorted(salary_by_month)
    target = _month_index(month_start)
    consecutive = 0
    expected = target - 1
    last_month = date(as_of.year - (as_of.month == 1), (as_of.month - 2) % 12 + 1, 1)
    if (not months or _month_index(months[-1]) != expected) and as_of <= due_date_of(last_month):
        expected -= 1
    for period in reversed(months):
        if _month_index(period) != expected:
            break
        consecutive += 1
        expected -= 1
    last_12 = sum(1 for p in months if target - 12 <= _month_index(p) < target)
    history = tuple((f"{p:%Y-%m}", Decimal(salary_by_month[p]) / 100) for p in months)
    return ContributionHistory(
        person_id=person_id,
        as_of=as_of,
        contributions=len(months),
        consecutive_before=consecutive,
        contributions_last_12_months=last_12,
        dependency_contributions=len(dependency_months),
        last_period=months[-1] if months else None,
        months_since_last=(target - 1 - _month_index(months[-1])) if months else None,
        salary_history=history,
        best_five_years_average=_best_five_years(history, as_of),
        unpaid_periods=tuple(unpaid),
    )


def _best_five_years(history: tuple[tuple[str, Decimal], ...], as_of: date) -> Decimal | None:
    """The pension base the law defines, computed by the rules engine (never here)."""
    if not history:
        return None
    inputs = Inputs({"salary_history": [{"period": p, "salary": s} for p, s in history]})
    try:
        return calculation_base(default_parameters(), as_of, inputs, Explanation())
    except RuleError:
        return None
