"""Pensions in payment for the synthetic registry's pensioners (`seguro pensions load-synthetic`).

Every registry Pensioner without a pension gets one Pension and one PensionBeneficiary row, set
-based and loaded with COPY on PostgreSQL (``write_frame``), deterministic for a seed:

- old age, disability: lognormal around the published average IVM pension, work risk around
  the average RT pension (iess-figures.md §2.2, 2022), years of contributions drawn from the
  rules' brackets; the amount is then kept within the minimum and maximum pension the rules give
  for those years on the reference date (``pensions.minimum``, ``pensions.old_age.maximum``);
- rural (SSC): the flat pension the rules give on the reference date
  (``rural_insurance.pension_amount``);
- survivors: the deceased's pension is drawn like an old-age pension and the survivor's share
  comes from the survivors_pension rule (a minor is an orphan alone: 40 %; an adult a widow(er)
  alone: 60 %, within the group floor); the causante is unknown in the synthetic registry.

Calibration (data/pension_calibration.yaml): when the reference date falls in a year with a
published total paid in pensions (2023), one factor on the mean of the IVM and work-risk draws is
solved so that the 12 payrolls of that year pay the published total per published pensioner,
times the living pensioners loaded. The year's payout is worked out per pension the way the
payroll computes it (``year_calendar``, ``year_payout_cents``): the months the share is paid,
the 13th on the months accrued in the year, the 14th for the months received in its region's
window; the SSC pensions are part of the total at their legal amount and are never scaled.

Each row's explanation names the rules and parameters used and says the amount is synthetic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml
from django.db import connection, transaction

from seguro.batch.engine import read_frame, write_frame
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.pensions.payroll_lines import month_end, months_before
from seguro.rules import default_parameters
from seguro.rules.api import compute
from seguro.rules.common import floor_cap_cents, minimum_wage
from seguro.rules.money import from_cents, int_div_half_up, to_cents
from seguro.rules.pensions import (
    extra_pensions_columns,
    fourteenth_pension_columns,
    thirteenth_pension_columns,
)

# Published averages (iess-figures.md §2.2, 2022, USD a month): calibration, not law.
AVERAGE_IVM_PENSION_CENTS = 59_528
AVERAGE_RT_PENSION_CENTS = 27_373
SPREAD = 0.45  # lognormal sigma: a plausible spread, no published dispersion
YEARS_OF_CONTRIBUTIONS = (10, 45)  # drawn uniformly; the rules' brackets cover all of them
CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "pension_calibration.yaml"
# The factor on the IVM/RT mean is searched in this range by bisection (the payout only grows
# with it); the bounds are far from any plausible average (0.25 x 595.28 ... 4 x 595.28).
FACTOR_RANGE = (0.25, 4.0)
FACTOR_STEPS = 60

PENSIONERS_SQL = """
SELECT r.id AS pensioner_id, r.person_id, r.kind, r.valid_from, r.valid_to, pr.region,
       pe.death_date
FROM registry_pensioner r
JOIN registry_person pe ON pe.id = r.person_id
JOIN registry_canton c ON c.code = pe.canton_id
JOIN registry_province pr ON pr.code = c.province_id
WHERE NOT EXISTS (SELECT 1 FROM pensions_pensionbeneficiary b WHERE b.pensioner_id = r.id)
ORDER BY r.id
"""
SCHEMA = {
    "pensioner_id": pl.Int64,
    "person_id": pl.Int64,
    "kind": pl.Utf8,
    "valid_from": pl.Date,
    "valid_to": pl.Date,
    "region": pl.Utf8,
    "death_date": pl.Date,
}
PENSION_COLUMNS = [
    "id",
    "kind",
    "holder_id",
    "deceased_id",
    "start",
    "end_date",
    "end_reason",
    "base_amount_cents",
    "years_of_contributions",
    "region",
    "monthly_bonuses",
    "explanation",
    "source",
    "pensioner_id",
]
SHARE_COLUMNS = [
    "pension_id",
    "person_id",
    "relationship",
    "share_cents",
    "valid_from",
    "valid_to",
    "end_reason",
    "explanation",
    "pensioner_id",
]


def _unit_lognormal(rng: np.random.Generator, size: int) -> np.ndarray:
    """Lognormal draws of mean 1 (floats: an amount is rounded to the cent once scaled)."""
    return rng.lognormal(-(SPREAD**2) / 2, SPREAD, size)


def _explanation(text: str, parameters: list[str], extra: list[str] | None = None) -> str:
    steps: list[dict[str, str]] = [{"step": text, "parameter": name} for name in parameters]
    steps += [{"step": step} for step in extra or []]
    steps.append({"step": "Monto sintético (datos de prueba, no de una persona real)"})
    return json.dumps(steps, ensure_ascii=False)


def _survivor_shares(
    on: date, bases: np.ndarray, child: np.ndarray, cache: dict[tuple[int, bool], int]
) -> np.ndarray:
    """The survivors_pension rule once per distinct (base in dollars, orphan or widow); ``cache``
    keeps the answers between calls (the calibration asks many times)."""
    keys = bases.astype(np.int64) * 2 + child.astype(np.int64)
    distinct, inverse = np.unique(keys, return_inverse=True)
    values = np.zeros(len(distinct), dtype=np.int64)
    for i, key in enumerate(distinct.tolist()):
        base, is_child = key // 2, bool(key % 2)
        if (base, is_child) not in cache:
            outputs, _ = compute(
                "survivors_pension",
                on,
                {
                    "deceased_pension": from_cents(base),
                    "spouse": not is_child,
                    "children": 1 if is_child else 0,
                },
            )
            cache[(base, is_child)] = to_cents(
                outputs["child_share" if is_child else "spouse_share"]
            )
        values[i] = cache[(base, is_child)]
    return values[inverse.reshape(-1)]


# --------------------------------------------------------------------------- the year's payout
@cache
def calibration() -> dict[str, Any]:
    """data/pension_calibration.yaml: the published totals per year and the readings."""
    data: dict[str, Any] = yaml.safe_load(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return data


def _day(value: date) -> int:
    return (value - date(1970, 1, 1)).days


def _days(column: pl.Series, missing: int) -> np.ndarray:
    return column.cast(pl.Date).cast(pl.Int64).fill_null(missing).to_numpy()


@dataclass(frozen=True)
class YearCalendar:
    """What the payrolls of ``year`` pay a pension of one share, apart from its amount."""

    year: int
    months_paid: np.ndarray  # monthly pensions paid in the year
    december_paid: np.ndarray  # paid in December, so the 13th comes with it
    accrued_months: np.ndarray  # months of the year the 13th is a twelfth of
    fourteenth_cents: np.ndarray  # the 14th paid in the year (independent of the amount)
    extras: np.ndarray  # the kind carries the 13th and the 14th (the SSC's do not)


def year_calendar(frame: pl.DataFrame, year: int) -> YearCalendar:
    """Per row of ``frame`` (valid_from, valid_to, death_date, region), the year's payrolls as
    seguro.pensions.payroll computes them for a pension with one share:

    - a month is paid to the share in force on its last day, unless the person died before the
      month began (the payroll's frozen list);
    - the 13th, paid in December, is pensions.thirteenth.divisor-th of the share times its months
      in force in the calendar year (counted whatever the death date, as the payroll does);
    - the 14th, paid in the region's month (pensions.fourteenth.payment_month), is the rule's
      amount for the months in force in the 12 months up to that month; the family group is the
      share alone, so the 14th is the group's whole amount;
    - kinds without the 13th and the 14th (rural_insurance.extra_pensions) get neither.
    """
    far = _day(date(9999, 12, 31))
    start = _days(frame["valid_from"], far)
    stop = _days(frame["valid_to"], far)
    death = _days(frame["death_date"], far)

    def in_force(period: date) -> np.ndarray:
        end = _day(month_end(period))
        return np.asarray((start <= end) & (stop >= end))

    months = [date(year, month, 1) for month in range(1, 13)]
    force = np.stack([in_force(period) for period in months])
    paid = force & np.stack([death >= _day(period) for period in months])
    regions = frame["region"].fill_null("").to_numpy().astype(str)
    fourteenth = np.zeros(frame.height, dtype=np.int64)
    kinds = frame["kind"] if "kind" in frame.columns else pl.repeat("", frame.height, eager=True)
    extras = extra_pensions_columns(date(year, 12, 1), kinds.to_numpy())["paid"]
    for index, period in enumerate(months):
        due = fourteenth_pension_columns(period, regions, np.zeros(frame.height, dtype=np.int64))
        due_now = (due["payment_month"] == period.month) & paid[index]
        if not due_now.any():
            continue
        window = sum(in_force(months_before(period, back)).astype(np.int64) for back in range(12))
        amount = fourteenth_pension_columns(period, regions, np.clip(window, 0, 12))
        fourteenth += np.where(due_now, amount["amount_cents"], 0)
    return YearCalendar(
        year=year,
        months_paid=paid.sum(axis=0).astype(np.int64),
        december_paid=paid[11],
        accrued_months=force.sum(axis=0).astype(np.int64),
        fourteenth_cents=fourteenth * extras,
        extras=extras,
    )


def year_payout_cents(share_cents: np.ndarray, calendar: YearCalendar) -> np.ndarray:
    """Per pension, the gross the year's 12 payrolls pay it: monthly pensions + 13th + 14th."""
    share = np.asarray(share_cents, dtype=np.int64)
    december = date(calendar.year, 12, 1)
    thirteenth = thirteenth_pension_columns(december, share * calendar.accrued_months)
    payout: np.ndarray = (
        share * calendar.months_paid
        + np.where(calendar.december_paid & calendar.extras, thirteenth["amount_cents"], 0)
        + calendar.fourteenth_cents
    )
    return payout


@dataclass(frozen=True)
class Calibration:
    """The factor on the IVM/RT mean and the payout it gives (``goal_cents`` 0: no target)."""

    factor: float
    goal_cents: int
    payout_cents: int


def _calibrate(
    frame: pl.DataFrame,
    year: int,
    calendar: YearCalendar,
    shares_for: Callable[[float], np.ndarray],
) -> Calibration:
    """Solve the factor so the year's payout is the published total per published pensioner
    times the living pensioners in ``frame`` (at scale 1 those are the published ones)."""

    def payout(factor: float) -> int:
        return int(year_payout_cents(shares_for(factor), calendar).sum())

    target = calibration()["years"].get(year)
    if target is None or frame.height == 0:
        return Calibration(1.0, 0, payout(1.0))
    year_end = _day(date(year, 12, 31))
    death = _days(frame["death_date"], year_end + 1)
    living = int((death > year_end).sum())
    paid_cents = int(target["paid_usd"]) * 100
    goal = int_div_half_up(paid_cents * living, int(target["pensioners"]))
    low, high = FACTOR_RANGE
    low_paid, high_paid = payout(low), payout(high)
    if low_paid >= goal:
        return Calibration(low, goal, low_paid)
    if high_paid <= goal:
        return Calibration(high, goal, high_paid)
    for _ in range(FACTOR_STEPS):  # the payout never falls as the factor grows
        middle = (low + high) / 2
        paid = payout(middle)
        if paid < goal:
            low, low_paid = middle, paid
        else:
            high, high_paid = middle, paid
    if goal - low_paid <= high_paid - goal:
        return Calibration(low, goal, low_paid)
    return Calibration(high, goal, high_paid)


def amounts_generate(frame: pl.DataFrame, on: date, seed: int) -> pl.DataFrame:
    """Amounts, years and relationships for the pensioners in ``frame`` (no database), with the
    year's payout per pension (``year_payout_cents``) and the calibration factor used."""
    params = default_parameters()
    rng = np.random.default_rng([seed, 7_201])
    n = frame.height
    kind = frame["kind"].to_numpy().astype(str)
    years = rng.integers(YEARS_OF_CONTRIBUTIONS[0], YEARS_OF_CONTRIBUTIONS[1] + 1, n)
    work_risk_units = _unit_lognormal(rng, n)
    ivm_units = _unit_lognormal(rng, n)
    units = np.where(kind == "work_risk", work_risk_units, ivm_units)
    mean = np.where(kind == "work_risk", AVERAGE_RT_PENSION_CENTS, AVERAGE_IVM_PENSION_CENTS)
    target = calibration()["years"].get(on.year) or {}
    scaled = np.isin(kind, target.get("scaled_kinds", []))
    sbu = minimum_wage(params, on).value
    floor = floor_cap_cents(params.value("pensions.minimum", on), sbu, years)
    cap = floor_cap_cents(params.value("pensions.old_age.maximum", on), sbu, years)
    rural = to_cents(params.value("rural_insurance.pension_amount", on))
    survivors = kind == "survivors"
    child = survivors & frame["valid_to"].is_not_null().to_numpy()
    cache: dict[tuple[int, bool], int] = {}

    def amounts(factor: float) -> tuple[np.ndarray, np.ndarray]:
        drawn = np.round(mean * np.where(scaled, factor, 1.0) * units).astype(np.int64)
        base = np.clip(drawn, floor, cap)
        base = np.where(survivors, base // 100 * 100, base)  # whole dollars: fewer cases
        base = np.where(kind == "rural", rural, base)
        share = base.copy()
        if survivors.any():
            share[survivors] = _survivor_shares(on, base[survivors], child[survivors], cache)
        return base, share

    calendar = year_calendar(frame, on.year)
    solved = _calibrate(frame, on.year, calendar, lambda factor: amounts(factor)[1])
    base, share = amounts(solved.factor)
    years = np.where(kind == "rural", 0, years)
    relationship = np.where(survivors, np.where(child, "child", "spouse"), "holder")
    return frame.with_columns(
        pl.Series("base_amount_cents", base, dtype=pl.Int64),
        pl.Series("share_cents", share, dtype=pl.Int64),
        pl.Series("years_of_contributions", years, dtype=pl.Int64),
        pl.Series("relationship", relationship, dtype=pl.Utf8),
        pl.Series("year_payout_cents", year_payout_cents(share, calendar), dtype=pl.Int64),
        pl.lit(solved.factor).alias("amount_factor"),
        pl.lit(solved.goal_cents, dtype=pl.Int64).alias("payout_goal_cents"),
    )


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return int(cursor.fetchone()[0]) + 1


def _reset_sequence(table: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                [table],
            )


@transaction.atomic
def synthetic_pensions_load(*, actor: Any, seed: int = 2022, on: date | None = None) -> int:
    """Give every registry pensioner without a pension one; return how many were created."""
    # The schema always: inferring it from the first rows fails when their end dates are all
    # empty (a date further down then does not fit).
    frame = read_frame(connection, PENSIONERS_SQL, [], SCHEMA)
    if frame.height == 0:
        return 0
    for name in ("valid_from", "valid_to", "death_date"):
        if frame.schema[name] != pl.Date:
            frame = frame.with_columns(pl.col(name).cast(pl.Utf8).str.to_date())
    on = on or frame["valid_from"].max()  # type: ignore[assignment]
    if not isinstance(on, date):
        raise DomainError("no hay fecha de referencia para los montos.", field="fecha")
    frame = amounts_generate(frame, on, seed)
    factor = float(frame["amount_factor"][0])
    goal = int(frame["payout_goal_cents"][0])
    payout = int(frame["year_payout_cents"].sum())
    first = _next_id(Pension._meta.db_table)
    frame = frame.with_columns(pl.Series("id", np.arange(first, first + frame.height)))
    calibrated = []
    if goal:
        shown = f"{factor:.4f}".replace(".", ",")
        calibrated.append(
            f"Promedio sintético IVM y de riesgos del trabajo multiplicado por {shown} para que "
            f"las nóminas de {on.year} paguen lo publicado en pensiones por pensionista "
            "(pension_calibration.yaml)"
        )
    own = _explanation(
        f"Pensión dentro de la mínima y la máxima por años de aportes al {on.isoformat()}",
        ["pensions.minimum", "pensions.old_age.maximum", "general.minimum_wage"],
        calibrated,
    )
    rural = _explanation(
        f"Pensión del Seguro Social Campesino al {on.isoformat()}",
        ["rural_insurance.pension_amount"],
    )
    survivors = _explanation(
        "Parte de montepío según la regla survivors_pension", ["survivors.shares"], calibrated
    )
    explanation = (
        pl.when(pl.col("kind") == "survivors")
        .then(pl.lit(survivors))
        .when(pl.col("kind") == "rural")
        .then(pl.lit(rural))
        .otherwise(pl.lit(own))
    )
    ended = pl.col("valid_to").is_not_null()
    is_survivor = pl.col("kind") == "survivors"
    pensions = frame.select(
        pl.col("id"),
        pl.col("kind"),
        pl.when(is_survivor).then(None).otherwise(pl.col("person_id")).alias("holder_id"),
        pl.lit(None, dtype=pl.Int64).alias("deceased_id"),
        pl.col("valid_from").alias("start"),
        pl.col("valid_to").alias("end_date"),
        pl.when(ended).then(pl.lit("age_limit")).otherwise(pl.lit("")).alias("end_reason"),
        pl.col("base_amount_cents"),
        pl.col("years_of_contributions"),
        pl.col("region"),
        pl.lit(False).alias("monthly_bonuses"),
        explanation.alias("explanation"),
        pl.lit("registro sintético").alias("source"),
        pl.when(is_survivor).then(None).otherwise(pl.col("pensioner_id")).alias("pensioner_id"),
    )
    shares = frame.select(
        pl.col("id").alias("pension_id"),
        pl.col("person_id"),
        pl.col("relationship"),
        pl.col("share_cents"),
        pl.col("valid_from"),
        pl.col("valid_to"),
        pl.when(ended).then(pl.lit("age_limit")).otherwise(pl.lit("")).alias("end_reason"),
        # The holder's share is the pension itself (explained there); a survivor's is the rule's.
        pl.when(is_survivor).then(pl.lit(survivors)).otherwise(pl.lit("[]")).alias("explanation"),
        pl.col("pensioner_id"),
    )
    if connection.vendor == "sqlite":
        pensions = pensions.with_columns(pl.col("monthly_bonuses").cast(pl.Int64))
    write_frame(connection, Pension._meta.db_table, pensions.select(PENSION_COLUMNS))
    write_frame(connection, PensionBeneficiary._meta.db_table, shares.select(SHARE_COLUMNS))
    _reset_sequence(Pension._meta.db_table)
    summary_target = Pension.objects.get(pk=first)
    audit_event_record(
        actor=actor,
        action="pension.synthetic_load",
        target=summary_target,
        summary=f"Pensiones sintéticas: {frame.height} con montos al {on.isoformat()}",
        data={
            "pensions": frame.height,
            "seed": seed,
            "on": on,
            "amount_factor": factor,
            "year_payout_goal_cents": goal,
            "year_payout_cents": payout,
        },
    )
    return frame.height
