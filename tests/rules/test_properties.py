"""Property tests (hypothesis): monotone coefficient, floor <= amount <= cap, shares add up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from seguro.rules import evaluate
from seguro.rules.common import coefficient_for_years
from seguro.rules.contributions import FUNDS
from seguro.rules.inputs import REGIMES
from seguro.rules.params import default_parameters

PARAMS = default_parameters()
dates = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 12, 31))
money = st.integers(min_value=0, max_value=2_000_000).map(lambda c: f"{c // 100}.{c % 100:02d}")


@given(st.integers(min_value=0, max_value=60), dates)
def test_more_years_never_lower_the_pension_coefficient(years: int, on: date) -> None:
    table = PARAMS.value("pensions.old_age.coefficient", on)
    assert coefficient_for_years(table, years + 1) >= coefficient_for_years(table, years)


@settings(max_examples=300)
@given(
    dates,
    st.dates(min_value=date(1930, 1, 1), max_value=date(1990, 1, 1)),
    st.integers(min_value=0, max_value=700),
    money,
)
def test_an_eligible_pension_lies_between_floor_and_cap(
    on: date, birth: date, contributions: int, base: str
) -> None:
    out = evaluate(
        "old_age_pension",
        on,
        {
            "birth_date": birth.isoformat(),
            "contributions": contributions,
            "best_five_years_average": base,
        },
    )["outputs"]
    floor, cap, amount = (Decimal(out[k]) for k in ("floor", "cap", "amount"))
    assert floor <= cap
    if out["eligible"]:
        assert floor <= amount <= cap
    else:
        assert amount == 0 and out["reason"]


@settings(max_examples=300)
@given(
    dates,
    money,
    st.booleans(),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=2),
)
def test_survivors_shares_add_up_and_respect_the_group_limits(
    on: date, pension: str, spouse: bool, children: int, parents: int
) -> None:
    out = evaluate(
        "survivors_pension",
        on,
        {"deceased_pension": pension, "spouse": spouse, "children": children, "parents": parents},
    )["outputs"]
    spouse_share, child, parent, total = (
        Decimal(out[k]) for k in ("spouse_share", "child_share", "parent_share", "total")
    )
    paid_parents = parents if children == 0 else 0
    assert total == spouse_share + child * children + parent * paid_parents
    if not spouse and not children and not parents:
        assert total == 0
        return
    sbu = PARAMS.value("general.minimum_wage", on)
    cap = min(sbu * Decimal("4.50"), Decimal(pension))
    floor = sbu * Decimal("0.50")
    # each share is rounded to the cent: the group may differ by a cent per member
    members = int(spouse) + children + paid_parents
    slack = Decimal("0.01") * members
    assert total >= floor - slack  # the group minimum is applied last
    assert total <= max(cap, floor) + slack


@settings(max_examples=300)
@given(dates, st.sampled_from(REGIMES), money, st.integers(min_value=0, max_value=40))
def test_the_funds_add_up_to_the_total_contribution(
    on: date, regime: str, salary: str, months: int
) -> None:
    out = evaluate(
        "contribution", on, {"regime": regime, "salary": salary, "months_with_employer": months}
    )["outputs"]
    assert sum(Decimal(out["by_fund"][f]) for f in FUNDS) == Decimal(out["total"])
    assert Decimal(out["employee"]) + Decimal(out["employer"]) == Decimal(out["total"])
    assert all(Decimal(v) >= 0 for v in out["by_fund"].values())


@given(dates, money, st.integers(min_value=0, max_value=600))
def test_the_arrears_interest_grows_with_the_delay(on: date, principal: str, days: int) -> None:
    from datetime import timedelta

    due = on - timedelta(days=days)
    first = evaluate(
        "arrears_interest",
        on,
        {"principal": principal, "due_date": due.isoformat(), "paid_date": on.isoformat()},
    )["outputs"]
    later = on + timedelta(days=31)
    second = evaluate(
        "arrears_interest",
        later,
        {"principal": principal, "due_date": due.isoformat(), "paid_date": later.isoformat()},
    )
    assert second["outputs"]["months"] > first["months"]
    assert Decimal(second["outputs"]["interest"]) >= Decimal(first["interest"])
