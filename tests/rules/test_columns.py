"""The column path (int64 cents, NumPy/Polars) equals the one-case path (Decimal) to the cent on
a synthetic population of 100 000 people per rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import polars as pl
import pytest

from seguro.rules import arrears, contributions, pensions
from seguro.rules.columns import contribution_frame, old_age_pension_frame
from seguro.rules.contributions import FUNDS
from seguro.rules.inputs import REGIMES, Inputs
from seguro.rules.money import to_cents
from seguro.rules.params import default_parameters

N = 100_000
PARAMS = default_parameters()


def _money(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


@pytest.mark.parametrize("on", [date(2024, 6, 1), date(2019, 3, 15), date(2026, 2, 28)])
def test_old_age_pension_columns_equal_one_case_path(on: date) -> None:
    rng = np.random.default_rng(on.toordinal())
    birth = (np.datetime64("1935-01-01") + rng.integers(0, 365 * 65, N)).astype("datetime64[D]")
    # concentrate around the thresholds (59/60, 359/360 ...) and spread over the rest
    contrib = np.where(rng.random(N) < 0.5, rng.integers(100, 500, N), rng.integers(0, 700, N))
    base = rng.integers(0, 1_200_000, N)
    cols = pensions.old_age_pension_columns(on, birth, contrib, base, params=PARAMS)
    frame = old_age_pension_frame(
        pl.DataFrame(
            {"birth_date": birth, "contributions": contrib, "best_five_years_average_cents": base}
        ),
        on,
        params=PARAMS,
    )
    assert frame["amount_cents"].to_list() == cols["amount_cents"].tolist()
    for i in range(N):
        out, _ = pensions.old_age_pension(
            PARAMS,
            on,
            Inputs(
                {
                    "birth_date": str(birth[i]),
                    "contributions": int(contrib[i]),
                    "best_five_years_average": _money(int(base[i])),
                }
            ),
        )
        assert to_cents(out["amount"]) == cols["amount_cents"][i], i
        assert out["eligible"] == bool(cols["eligible"][i])
        assert out["age"] == cols["age"][i]
        assert out["coefficient"] == Decimal(int(cols["coefficient_e4"][i])) / 10_000
        assert to_cents(out["floor"]) == cols["floor_cents"][i]
        assert to_cents(out["cap"]) == cols["cap_cents"][i]
    assert cols["eligible"].any() and (~cols["eligible"]).any()


def test_contribution_columns_equal_one_case_path_with_late_periods() -> None:
    rng = np.random.default_rng(7)
    regime = np.array(REGIMES)[rng.integers(0, len(REGIMES), N)]
    salary = rng.integers(0, 600_000, N)
    months = rng.integers(0, 30, N)
    spouse = (rng.random(N) < 0.2) & ~np.isin(regime, ["home_work", "rural_head_of_family"])
    # declared periods from Nov 2015 to 2026 (late declarations use their period's table)
    first = date(2015, 11, 1).toordinal()
    periods = np.array(
        [
            np.datetime64(date.fromordinal(int(first + d)).replace(day=1), "D")
            for d in rng.integers(0, 3700, N)
        ]
    )
    cols = contributions.contribution_columns(
        periods, regime, salary, months, spouse, params=PARAMS
    )
    frame = contribution_frame(
        pl.DataFrame(
            {
                "period": periods,
                "regime": regime,
                "salary_cents": salary,
                "months_with_employer": months,
                "spouse_extension": spouse,
            }
        ),
        params=PARAMS,
    )
    assert frame["total"].to_list() == cols["total"].tolist()
    for i in range(N):
        on = periods[i].astype(object)
        out, _ = contributions.contribution(
            PARAMS,
            on,
            Inputs(
                {
                    "regime": str(regime[i]),
                    "salary": _money(int(salary[i])),
                    "months_with_employer": int(months[i]),
                    "spouse_extension": bool(spouse[i]),
                }
            ),
        )
        for key in ("employee", "employer", "total", "reserve_fund", "spouse_extension", "base"):
            assert to_cents(out[key]) == cols[key][i], (i, key, regime[i], on)
        for fund in FUNDS:
            assert to_cents(out["by_fund"][fund]) == cols[f"by_fund_{fund}"][i], (i, fund)
        assert sum(out["by_fund"].values()) == out["total"]


def test_arrears_interest_columns_equal_one_case_path() -> None:
    rng = np.random.default_rng(11)
    due = (np.datetime64("2018-01-15") + rng.integers(0, 2800, N)).astype("datetime64[D]")
    paid = due + rng.integers(-40, 1000, N)
    principal = rng.integers(0, 5_000_000, N)
    cols = arrears.arrears_interest_columns(principal, due, paid, params=PARAMS)
    for i in range(N):
        out, _ = arrears.arrears_interest(
            PARAMS,
            paid[i].astype(object),
            Inputs(
                {
                    "principal": _money(int(principal[i])),
                    "due_date": str(due[i]),
                    "paid_date": str(paid[i]),
                }
            ),
        )
        assert out["months"] == cols["months"][i], (i, due[i], paid[i])
        assert to_cents(out["interest"]) == cols["interest_cents"][i], i
        assert out["annual_rate"] == Decimal(int(cols["annual_rate_e4"][i])) / 10_000


def test_month_counting_matches_on_every_day_pair_of_a_leap_year() -> None:
    days = [date(2024, 1, 1) + timedelta(d) for d in range(0, 400, 3)]
    pairs = [(a, b) for a in days for b in days]
    due = np.array([np.datetime64(a) for a, _ in pairs], dtype="datetime64[D]")
    paid = np.array([np.datetime64(b) for _, b in pairs], dtype="datetime64[D]")
    cols = arrears.months_late_columns(due, paid)
    assert [arrears.months_late(a, b) for a, b in pairs] == cols.tolist()


def test_pension_revaluation_13th_14th_and_reserve_fund_columns_equal_one_case_path() -> None:
    rng = np.random.default_rng(13)
    pension = rng.integers(0, 400_000, N)
    years = rng.integers(0, 50, N)
    on = date(2024, 1, 1)
    rev = pensions.pension_revaluation_columns(on, pension, years, params=PARAMS)
    paid = rng.integers(0, 5_000_000, N)
    thirteenth = pensions.thirteenth_pension_columns(date(2024, 12, 1), paid, params=PARAMS)
    regions = np.array(pensions.REGIONS)[rng.integers(0, 4, N)]
    months = rng.integers(0, 13, N)
    fourteenth = pensions.fourteenth_pension_columns(
        date(2026, 1, 15), regions, months, params=PARAMS
    )
    reserve = contributions.reserve_fund_columns(on, pension, years, params=PARAMS)
    for i in range(N):
        out, _ = pensions.pension_revaluation(
            PARAMS,
            on,
            Inputs({"pension": _money(int(pension[i])), "years_of_contributions": int(years[i])}),
        )
        assert to_cents(out["amount"]) == rev["amount_cents"][i], i
        out, _ = pensions.thirteenth_pension(
            PARAMS, date(2024, 12, 1), Inputs({"pensions_paid_in_year": _money(int(paid[i]))})
        )
        assert to_cents(out["amount"]) == thirteenth["amount_cents"][i], i
        out, _ = pensions.fourteenth_pension(
            PARAMS,
            date(2026, 1, 15),
            Inputs({"region": str(regions[i]), "months_received": int(months[i])}),
        )
        assert to_cents(out["amount"]) == fourteenth["amount_cents"][i], i
        assert out["payment_month"] == fourteenth["payment_month"][i]
        out, _ = contributions.reserve_fund(
            PARAMS,
            on,
            Inputs({"salary": _money(int(pension[i])), "months_with_employer": int(years[i])}),
        )
        assert to_cents(out["amount"]) == reserve["amount_cents"][i], i
