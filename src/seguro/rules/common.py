"""Lookups shared by several rules: the minimum wage, bracket tables, coefficient tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from seguro.rules.money import IntArray, cents, fraction, to_cents
from seguro.rules.params import ParameterSet, ParamValue

MONTHS_PER_YEAR = 12  # calendar fact, not a legal parameter
COEF_SCALE = 10_000  # coefficients have four decimal places in the law's tables


def minimum_wage(params: ParameterSet, on: date) -> ParamValue:
    return params.get("general.minimum_wage", on)


def bracket(rows: list[dict[str, Any]], key: str, amount: int | Decimal) -> dict[str, Any]:
    """First row whose upper bound ``key`` is >= amount (a null bound is open)."""
    for row in rows:
        bound = row[key]
        if bound is None or amount <= bound:
            return row
    raise ValueError(f"no bracket for {amount}")  # pragma: no cover - last row is open


def bracket_index(rows: list[dict[str, Any]], key: str, values: IntArray, scale: int) -> IntArray:
    """Column version of :func:`bracket`: index of the row for each value (scaled ints)."""
    bounds = np.array(
        [
            np.iinfo(np.int64).max if row[key] is None else int(Decimal(row[key]) * scale)
            for row in rows
        ],
        dtype=np.int64,
    )
    return np.searchsorted(bounds, values, side="left").astype(np.int64)


def sbu_multiple_amount(sbu: Decimal, multiple: Decimal) -> Decimal:
    return cents(sbu * multiple)


def scaled(value: Decimal, scale: int) -> int:
    """``value * scale`` as an exact integer (raises if the parameter has more places)."""
    num, den = fraction(value)
    if (num * scale) % den:
        raise ValueError(f"{value} has more decimal places than 1/{scale}")
    return num * scale // den


def coefficient_for_years(table: dict[str, Any], years: int) -> Decimal:
    rows = table["rows"]
    first, last = rows[0], rows[-1]
    if years < first["years"]:
        return Decimal("0")
    if years > last["years"]:
        above: Decimal = last["coefficient"] + table["increment_above"] * (years - last["years"])
        return above
    for row in rows:
        if row["years"] == years:
            coef: Decimal = row["coefficient"]
            return coef
    raise ValueError(f"coefficient table has no row for {years} years")


def coefficient_columns(table: dict[str, Any], years: IntArray) -> IntArray:
    """Coefficients x COEF_SCALE for an array of completed years."""
    rows = table["rows"]
    last_years = rows[-1]["years"]
    lookup = np.zeros(last_years + 1, dtype=np.int64)
    for row in rows:
        lookup[row["years"]] = scaled(row["coefficient"], COEF_SCALE)
    inc = scaled(table["increment_above"], COEF_SCALE)
    clipped = np.minimum(years, last_years)
    out: IntArray = (lookup[clipped] + np.maximum(years - last_years, 0) * inc).astype(np.int64)
    return out


def floor_cap_cents(rows: list[dict[str, Any]], sbu: Decimal, years: IntArray) -> IntArray:
    """Amount (cents) of the SBU-multiple bracket (by years) that applies to each row."""
    amounts = np.array(
        [to_cents(sbu_multiple_amount(sbu, row["sbu_multiple"])) for row in rows], dtype=np.int64
    )
    picked: IntArray = amounts[bracket_index(rows, "up_to_years", years, 1)]
    return picked
