"""The monthly close as small named steps over frames (no database access here).

    lines      one row per worker-month (payroll lines, or one row per personal affiliate)
    assessed   = assess_lines(lines, period)            the rules, column-wise
    debts      = obligations_from(assessed, ...)        one row per debtor (employer or person)
    debts      = with_fund_cents(debts)                 each obligation's split by fund
    entries    = ledger_entries_from(debts, ...)        one row per province and fund

The orchestration (reading, writing, chunks, resuming) is in seguro.contributions.close.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from seguro.rules.contributions import FUNDS, contribution_columns
from seguro.rules.params import ParameterSet, default_parameters

# The rules name the rural solidarity share after its purpose; the ledger after the fund.
LEDGER_FUND = {fund: ("rural" if fund == "rural_solidarity" else fund) for fund in FUNDS}
CLOSE_DOCUMENT = "close_run"  # the close's ledger entries point at its run
SALARIED_REGIMES = frozenset(
    {
        "private_employee",
        "public_servant",
        "bank_or_local_government",
        "self_employed",
        "voluntary",
        "voluntary_abroad",
    }
)
LINE_SCHEMA = {
    "person_id": pl.Int64,
    "employer_id": pl.Int64,
    "affiliation_id": pl.Int64,
    "declaration_id": pl.Int64,
    "regime": pl.Utf8,
    "salary_cents": pl.Int64,
    "days_worked": pl.Int64,
    "months_with_employer": pl.Int64,
    "reserve_fund_accumulated": pl.Boolean,
    "spouse_extension": pl.Boolean,
    "province_code": pl.Utf8,
    "canton_code": pl.Utf8,
}


def months_with_employer(period: date, valid_from: pl.Expr) -> pl.Expr:
    """Months of the relationship counting the period itself (the 13th month is month 13)."""
    return (
        (period.year - valid_from.dt.year().cast(pl.Int64)) * 12
        + (period.month - valid_from.dt.month().cast(pl.Int64))
        + 1
    )


def assess_lines(
    lines: pl.DataFrame, period: date, params: ParameterSet | None = None
) -> pl.DataFrame:
    """Add employee, employer, reserve fund, spouse extension and by-fund cents to each line.

    Every line is assessed with the rate table of the declared period (C.D. 501, 4th final
    disposition), which is what passing `period` as the date does.
    """
    if lines.height == 0:
        extra = {
            name: pl.Int64
            for name in ("employee", "employer", "total", "reserve_fund", "spouse_extension")
        }
        extra |= {f"by_fund_{f}": pl.Int64 for f in FUNDS}
        return pl.DataFrame(schema={**lines.schema, **extra})
    salaried = lines["regime"].is_in(list(SALARIED_REGIMES)).to_numpy()
    spouse = lines["spouse_extension"].fill_null(False).to_numpy() & salaried
    result = contribution_columns(
        period,
        lines["regime"].to_numpy(),
        lines["salary_cents"].to_numpy(),
        lines["months_with_employer"].fill_null(0).to_numpy(),
        spouse,
        params=params or default_parameters(),
    )
    accumulated = lines["reserve_fund_accumulated"].fill_null(False).to_numpy()
    columns = {
        "employee": result["employee"],
        "employer": result["employer"],
        "total": result["total"],
        # A reserve fund paid monthly goes from the employer to the worker with the salary; only
        # the accumulated one is deposited with the institute and owed in the obligation.
        "reserve_fund": np.where(accumulated, result["reserve_fund"], 0),
        "spouse_extension": result["spouse_extension"],
    }
    columns |= {f"by_fund_{f}": result[f"by_fund_{f}"] for f in FUNDS}
    return lines.with_columns([pl.Series(k, v, dtype=pl.Int64) for k, v in columns.items()])


def obligations_from(
    assessed: pl.DataFrame, *, debtor: str, kind_by_regime: dict[str, str], due_date: date
) -> pl.DataFrame:
    """One obligation per debtor (`employer_id` for payrolls, `person_id` for the others)."""
    keys = [debtor, "kind"]
    frame = assessed.with_columns(pl.col("regime").replace_strict(kind_by_regime).alias("kind"))
    grouped = frame.group_by(keys, maintain_order=True).agg(
        pl.col("declaration_id").first(),
        pl.col("province_code").first(),
        pl.col("canton_code").first(),
        pl.col("employee").sum().alias("employee_cents"),
        pl.col("employer").sum().alias("employer_cents"),
        pl.col("reserve_fund").sum().alias("reserve_fund_cents"),
        pl.col("spouse_extension").sum().alias("spouse_extension_cents"),
        *[pl.col(f"by_fund_{f}").sum() for f in FUNDS],
    )
    return grouped.with_columns(
        (
            pl.col("employee_cents")
            + pl.col("employer_cents")
            + pl.col("reserve_fund_cents")
            + pl.col("spouse_extension_cents")
        ).alias("total_cents"),
        pl.lit(due_date).alias("due_date"),
    )


def ledger_funds_from(debts: pl.DataFrame) -> dict[str, pl.Expr]:
    """Each ledger fund's cents on each obligation: the rules' shares, the accumulated reserve
    fund, and the spouse's health extension (a health-fund contribution of the affiliate)."""
    by_fund: dict[str, pl.Expr] = {}
    for fund in FUNDS:
        name = LEDGER_FUND[fund]
        share = pl.col(f"by_fund_{fund}")
        by_fund[name] = by_fund[name] + share if name in by_fund else share
    by_fund["health"] = by_fund["health"] + pl.col("spouse_extension_cents")
    by_fund["reserve_fund"] = pl.col("reserve_fund_cents")
    return by_fund


def with_fund_cents(debts: pl.DataFrame) -> pl.DataFrame:
    """Add `fund_cents`: the obligation's split by ledger fund as JSON text ({"ivm": 10960,
    ...}, funds with nothing owed left out). Payments are split by fund from it."""
    funds = ledger_funds_from(debts)
    names = sorted(funds)
    pairs = [
        pl.when(funds[name] != 0).then(pl.format('"{}":{}', pl.lit(name), funds[name]))
        for name in names
    ]
    text = pl.concat_str(pairs, separator=",", ignore_nulls=True)
    return debts.with_columns(pl.concat_str([pl.lit("{"), text, pl.lit("}")]).alias("fund_cents"))


def ledger_entries_from(debts: pl.DataFrame, period: date, document_id: int) -> pl.DataFrame:
    """The general ledger's `assessed` entries of a chunk: one per province and fund.

    The ledger is the general ledger; the obligations are its receivables subledger and keep
    each debtor's split (`fund_cents`). Posting their sums keeps the month's ~1.3 M obligations
    from becoming ~6 M ledger rows, and every balance by fund and province stays a ledger sum.
    Zero amounts are dropped by the ledger.
    """
    funds = ledger_funds_from(debts)
    long = (
        debts.group_by("province_code")
        .agg([expr.sum().alias(name) for name, expr in funds.items()])
        .unpivot(index="province_code", variable_name="fund", value_name="amount_cents")
        .sort(["province_code", "fund"])
    )
    return long.select(
        pl.col("fund"),
        pl.lit("assessed").alias("kind"),
        pl.col("amount_cents").cast(pl.Int64),
        pl.lit(period).alias("period"),
        pl.col("province_code"),
        pl.lit(None, dtype=pl.Int64).alias("employer_id"),
        pl.lit(None, dtype=pl.Int64).alias("person_id"),
        pl.lit(CLOSE_DOCUMENT).alias("document_type"),
        pl.lit(document_id, dtype=pl.Int64).alias("document_id"),
    )
