"""Polars adapters for the column-wise rules (batch jobs: one call for millions of rows).

The NumPy functions live next to their one-case versions (``pensions.old_age_pension_columns``,
``contributions.contribution_columns`` ...); these wrappers take and return Polars frames.
Money columns are int64 cents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl

from seguro.rules.arrears import arrears_interest_columns
from seguro.rules.contributions import contribution_columns, reserve_fund_columns
from seguro.rules.params import ParameterSet
from seguro.rules.pensions import (
    extra_pensions_columns,
    fourteenth_pension_columns,
    old_age_pension_columns,
    pension_revaluation_columns,
    thirteenth_pension_columns,
)

__all__ = [
    "arrears_interest_columns",
    "arrears_interest_frame",
    "contribution_columns",
    "contribution_frame",
    "extra_pensions_columns",
    "fourteenth_pension_columns",
    "old_age_pension_columns",
    "old_age_pension_frame",
    "pension_revaluation_columns",
    "reserve_fund_columns",
    "thirteenth_pension_columns",
]


def _np(series: pl.Series) -> Any:
    return series.to_numpy()


def _frame(columns: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame({k: v for k, v in columns.items() if isinstance(v, np.ndarray)})


def old_age_pension_frame(
    df: pl.DataFrame, on: date, *, params: ParameterSet | None = None
) -> pl.DataFrame:
    """Columns ``birth_date`` (Date), ``contributions``, ``best_five_years_average_cents``."""
    out = old_age_pension_columns(
        on,
        _np(df["birth_date"]),
        _np(df["contributions"]),
        _np(df["best_five_years_average_cents"]),
        params=params,
    )
    return _frame(out)


def contribution_frame(
    df: pl.DataFrame, on: date | None = None, *, params: ParameterSet | None = None
) -> pl.DataFrame:
    """Columns ``regime``, ``salary_cents`` and optionally ``months_with_employer``,
    ``spouse_extension`` and ``period`` (Date: the declared period, used when ``on`` is None)."""
    when: Any = on if on is not None else _np(df["period"])
    out = contribution_columns(
        when,
        _np(df["regime"]),
        _np(df["salary_cents"]),
        _np(df["months_with_employer"]) if "months_with_employer" in df.columns else None,
        _np(df["spouse_extension"]) if "spouse_extension" in df.columns else None,
        params=params,
    )
    return _frame(out)


def arrears_interest_frame(df: pl.DataFrame, *, params: ParameterSet | None = None) -> pl.DataFrame:
    """Columns ``principal_cents``, ``due_date`` and ``paid_date`` (Date)."""
    out = arrears_interest_columns(
        _np(df["principal_cents"]), _np(df["due_date"]), _np(df["paid_date"]), params=params
    )
    return _frame(out)
