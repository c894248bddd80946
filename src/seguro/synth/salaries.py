"""Salary records: one per affiliation, from its first day.

Dependency and self-employed affiliates: a share at exactly the minimum wage of the year (SBU),
the rest at the SBU plus a lognormal excess whose mean is solved so that the expected salary is
the published average contribution base of the person's province (Appendix B.2) times the
relative base of their sex and age (Appendix C.3), grown to the reference year (§1.5). Nobody in
these regimes earns less than the SBU: full-time work. Voluntary affiliates follow the
voluntary averages; TNRH and SSC heads declare the bases their programmes set (a share of the
SBU). A closed affiliation is priced at the SBU of the year it ended.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from seguro.synth import calibration as cal
from seguro.synth.population import People, as_date, day_number, year_of

_DEPENDENT_LIKE = (
    "private_employee",
    "public_servant",
    "bank_or_local_government",
    "self_employed",
)


def _growth(year: int) -> float:
    factor = 1.0
    for y, rate in cal.figures()["salary_growth"]["by_year"].items():
        if 2022 < y <= year:
            factor *= 1 + rate
    return factor


def salaries_generate(
    plan: cal.ScopePlan,
    people: People,
    *,
    person: np.ndarray,
    regime: np.ndarray,
    valid_from: np.ndarray,
    valid_to: np.ndarray,
    seed: int,
) -> pl.DataFrame:
    """registry_salaryrecord rows, one per affiliation (row i of the affiliation columns has id
    i + 1, and so has its salary record); ``regime`` holds regime names."""
    rng = cal.rng_for(seed, "salaries")
    data = cal.figures()
    n = len(person)
    ref_year = plan.year
    closed = valid_to != np.iinfo(np.int32).min
    year = np.where(closed, year_of(np.where(closed, valid_to, 0)), ref_year)
    wage_table = data["minimum_wage"]["by_year"]
    sbu = np.array([wage_table[int(y)] for y in range(2010, ref_year + 1)], dtype=np.float64)
    floor = sbu[np.clip(year - 2010, 0, len(sbu) - 1)]
    price_level = floor / wage_table[ref_year] * _growth(ref_year)
    province = people.province[person].astype(np.int64)
    female = people.female[person]
    on_day = np.where(closed, valid_to, np.int32(day_number(plan.reference_date)))
    age = (on_day - people.birth[person]) / cal.DAYS_PER_YEAR
    bins = np.array(data["age_bins"])
    age_bin = np.clip(np.searchsorted(bins[:, 0], age, side="right") - 1, 0, len(bins) - 1)
    by_province = data["average_base_by_province"]
    sgo_base = np.zeros(25)
    vol_base = np.zeros(25)
    for code, (sgo, vol) in by_province["rows"].items():
        sgo_base[int(code)], vol_base[int(code)] = sgo, vol
    national_sgo, national_vol = by_province["national"]
    by_sex_age = data["average_base_by_sex_age"]
    relative = np.array([by_sex_age["F"], by_sex_age["M"]], dtype=np.float64) / national_sgo
    relative[relative == 0] = 1.0
    mean = np.zeros(n)
    at_minimum = np.zeros(n)
    shares = cal.assumptions()["salary"]["at_minimum_share"]
    salary = np.zeros(n)
    for name in np.unique(regime):
        mask = regime == name
        if name in _DEPENDENT_LIKE:
            base = sgo_base[province[mask]] * relative[np.where(female[mask], 0, 1), age_bin[mask]]
        elif name in ("voluntary", "voluntary_abroad"):
            base = np.where(vol_base[province[mask]] > 0, vol_base[province[mask]], national_vol)
        else:
            salary[mask] = _programme_base(name, floor[mask], rng)
            continue
        mean[mask] = base * price_level[mask]
        at_minimum[mask] = shares[name]
    drawn = _draw(rng, mean, floor, at_minimum)
    priced = mean > 0
    salary[priced] = drawn[priced]
    cents = np.round(salary * 100).astype(np.int64)
    frame = pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "affiliation_id": np.arange(1, n + 1),
            "valid_from": valid_from,
            "cents": cents,
        }
    )
    return frame.with_columns(as_date("valid_from"), money("cents").alias("salary")).drop("cents")


def _draw(
    rng: np.random.Generator, mean: np.ndarray, floor: np.ndarray, at_minimum: np.ndarray
) -> np.ndarray:
    """SBU with probability ``at_minimum``, else SBU + lognormal excess, mean ``mean`` overall."""
    sigma = cal.assumptions()["salary"]["excess_sigma"]
    excess_mean = np.maximum((mean - floor) / np.maximum(1 - at_minimum, 0.01), 5.0)
    mu = np.log(excess_mean) - sigma**2 / 2
    excess = np.exp(mu + sigma * rng.standard_normal(len(mean)))
    return np.where(rng.random(len(mean)) < at_minimum, floor, floor + excess)


def _programme_base(name: str, floor: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if name == "home_work":
        bands = cal.assumptions()["salary"]["home_work_bands"]
        share = rng.choice(list(bands), len(floor), p=list(bands.values()))
    else:
        share = np.full(len(floor), cal.figures()["contribution_base_share_of_minimum_wage"][name])
    base: np.ndarray = floor * share
    return base


def money(column: str) -> pl.Expr:
    """Integer cents to a "1234.56" string (exact, no float rounding)."""
    cents = pl.col(column)
    return pl.concat_str(
        [(cents // 100).cast(pl.String), pl.lit("."), (cents % 100).cast(pl.String).str.zfill(2)]
    )
