"""The contribution history selector: counts, runs and the best-five-years base worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seguro.contributions.history import contribution_history
from tests import factories

pytestmark = pytest.mark.django_db

# One salary per calendar year, 2017-2023: the five best complete years are 2019-2023.
SALARIES = {
    2017: "400.00",
    2018: "450.00",
    2019: "800.00",
    2020: "900.00",
    2021: "1000.00",
    2022: "1100.00",
    2023: "1200.00",
    2024: "1300.00",
}


def test_counts_runs_and_base_of_seven_paid_years() -> None:
    worker = factories.person()
    employer = factories.employer()
    factories.contribution_months(
        worker, employer=employer, start=date(2017, 1, 1), months=85, salary=SALARIES
    )
    # On 10 February 2024 January is not due yet (15 February): pending, neither counted nor
    # breaking the run; December was paid on its due date, 15 January.
    history = contribution_history(worker.pk, date(2024, 2, 10))
    assert history.contributions == 84
    assert history.consecutive_before == 84
    assert history.contributions_last_12_months == 11  # February-December 2023
    assert history.dependency_contributions == 84
    assert history.last_period == date(2023, 12, 1)
    assert history.months_since_last == 1
    assert history.years_of_contributions == 7
    # (800 + 900 + 1000 + 1100 + 1200) / 5 = 1000.00 (C.D. 100 Art. 2, arithmetic since 2021)
    assert history.best_five_years_average == Decimal("1000.00")
    assert history.unpaid_periods == ()


def test_the_month_of_the_date_and_later_do_not_count() -> None:
    worker = factories.person()
    factories.contribution_months(
        worker, employer=factories.employer(), start=date(2023, 1, 1), months=12, salary="500.00"
    )
    # As of 2023-06-30 only January-May are history: June is the running month.
    history = contribution_history(worker.pk, date(2023, 6, 30))
    assert (history.contributions, history.consecutive_before) == (5, 5)
    assert history.best_five_years_average is None  # no complete calendar year


def test_a_gap_breaks_the_run_but_not_the_count() -> None:
    worker = factories.person()
    factories.contribution_months(
        worker,
        employer=factories.employer(),
        start=date(2022, 1, 1),
        months=24,
        salary="600.00",
        skip=frozenset({date(2023, 9, 1)}),
    )
    # 2 January 2024: December is not due until 15 January, so the run is October-November.
    history = contribution_history(worker.pk, date(2024, 1, 2))
    assert history.contributions == 22
    assert history.consecutive_before == 2
    assert history.contributions_last_12_months == 10
    assert history.unpaid_periods == ()
    # 16 January: December was paid on its due date, the 15th; the run is October-December.
    later = contribution_history(worker.pk, date(2024, 1, 16))
    assert (later.contributions, later.consecutive_before) == (23, 3)


def test_unpaid_months_are_listed_with_the_employer_not_counted() -> None:
    worker = factories.person()
    good, late = factories.employer(), factories.employer()
    factories.contribution_months(
        worker, employer=good, start=date(2023, 1, 1), months=6, salary="500.00"
    )
    factories.contribution_months(
        worker, employer=late, start=date(2023, 7, 1), months=3, salary="500.00", paid_on=None
    )
    history = contribution_history(worker.pk, date(2023, 11, 20))
    assert history.contributions == 6
    assert history.consecutive_before == 0  # October unpaid: the run before November is broken
    assert history.months_since_last == 4  # June paid; July-October not
    assert [p for p, _ in history.unpaid_periods] == [
        date(2023, 7, 1),
        date(2023, 8, 1),
        date(2023, 9, 1),
    ]
    assert history.employers_in_arrears == frozenset({late.pk})


def test_a_month_paid_after_the_date_is_not_counted_yet() -> None:
    worker = factories.person()
    factories.contribution_months(
        worker,
        employer=factories.employer(),
        start=date(2023, 1, 1),
        months=1,
        salary="500.00",
        paid_on=date(2023, 5, 1),
    )
    assert contribution_history(worker.pk, date(2023, 4, 30)).contributions == 0
    assert contribution_history(worker.pk, date(2023, 5, 1)).contributions == 1


def test_two_employers_in_one_month_are_one_contribution_with_summed_salary() -> None:
    worker = factories.person()
    for employer in (factories.employer(), factories.employer()):
        factories.contribution_months(
            worker, employer=employer, start=date(2023, 3, 1), months=1, salary="300.00"
        )
    history = contribution_history(worker.pk, date(2023, 5, 1))
    assert history.contributions == 1
    assert history.salary_history == (("2023-03", Decimal("600.00")),)
    assert history.rule_inputs()["contributions"] == 1


def test_voluntary_months_are_not_dependency() -> None:
    worker = factories.person()
    factories.contribution_months(
        worker, start=date(2023, 1, 1), months=4, salary="470.00", regime="voluntary"
    )
    history = contribution_history(worker.pk, date(2023, 6, 1))
    assert (history.contributions, history.dependency_contributions) == (4, 0)
