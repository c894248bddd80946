"""The payroll's reads and amounts: the frozen work list and one chunk's payment lines.

One query per chunk returns one row per share with everything its amounts need: the share,
the pension's kind and region, the beneficiary's province, the pension accrued in the year
(13th) and the months received in the 12 months up to the payment (14th), the family group's
total (the 14th of a montepío is the group's, split by shares) and the deductions in force. The
months are counted in SQL so no history rows travel to Python. The amounts are then computed
column-wise with the rules' column functions.

A month is paid to the share row in force on its last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from django.db import connection

from seguro.batch.engine import read_frame
from seguro.core.errors import DomainError
from seguro.rules import default_parameters
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.money import div_half_up, mul_rate
from seguro.rules.pensions import (
    extra_pensions_columns,
    fourteenth_pension_columns,
    thirteenth_pension_columns,
)

FUND_OF_KIND = {
    "old_age": "ivm",
    "disability": "ivm",
    "survivors": "ivm",
    "work_risk": "work_risks",
    "rural": "rural",
}
MAX_RANGES_IN_SQL = 256  # beyond this a chunk reads its id span and filters in Python

LINES_SCHEMA = {
    "beneficiary_id": pl.Int64,
    "pension_id": pl.Int64,
    "person_id": pl.Int64,
    "share_cents": pl.Int64,
    "kind": pl.Utf8,
    "region": pl.Utf8,
    "monthly_bonuses": pl.Int64,
    "province_code": pl.Utf8,
    "year_paid_cents": pl.Int64,
    "window_months": pl.Int64,
    "group_cents": pl.Int64,
    "deductions_cents": pl.Int64,
}


def month_end(period: date) -> date:
    following = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def months_before(period: date, months: int) -> date:
    index = period.year * 12 + period.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


# --------------------------------------------------------------------------- SQL by engine
def _pg() -> bool:
    return connection.vendor == "postgresql"


def _date_param() -> str:
    return "CAST(%s AS DATE)" if _pg() else "%s"


def _month_index(expr: str) -> str:
    if _pg():
        return (
            f"(CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER) * 12 "
            f"+ CAST(EXTRACT(MONTH FROM {expr}) AS INTEGER))"
        )
    return (
        f"(CAST(strftime('%%Y', {expr}) AS INTEGER) * 12 "
        f"+ CAST(strftime('%%m', {expr}) AS INTEGER))"
    )


def _not_month_end(expr: str) -> str:
    if _pg():
        return f"(CASE WHEN EXTRACT(DAY FROM ({expr} + 1)) = 1 THEN 0 ELSE 1 END)"
    return f"(CASE WHEN strftime('%%d', {expr}, '+1 day') = '01' THEN 0 ELSE 1 END)"


def _accrual_sql(value: str) -> str:
    """Per pension and person, over a window [first, last] (4 parameters: first, last, pension
    id span): ``value`` of the months each share row was paid (the month-ends it covers)."""
    greatest, least = ("GREATEST", "LEAST") if _pg() else ("MAX", "MIN")
    d = _date_param()
    start, stop = "r.start_day", "r.stop_day"
    months = (
        f"{greatest}(0, {_month_index(stop)} - {_not_month_end(stop)} - {_month_index(start)} + 1)"
    )
    return f"""
    SELECT r.pension_id, r.person_id, SUM({value.format(months=months)}) AS amount FROM (
      SELECT h.pension_id, h.person_id, h.share_cents,
             {greatest}(h.valid_from, {d}) AS start_day,
             {least}(COALESCE(h.valid_to, {d}), {d}) AS stop_day
      FROM pensions_pensionbeneficiary h
      WHERE h.pension_id BETWEEN %s AND %s AND h.valid_from <= {d}
        AND (h.valid_to IS NULL OR h.valid_to >= {d})
    ) r GROUP BY r.pension_id, r.person_id"""


def _accrual_params(first: date, last: date, low: int, high: int) -> list[Any]:
    return [first, last, last, low, high, last, first]


# --------------------------------------------------------------------------- the frozen list
def plan_chunks(period: date, chunk_rows: int) -> list[list[list[int]]]:
    """Freeze the month's work list: the share rows in force on the last day, of people not
    dead before the month began, as runs of consecutive ids ("islands", counted in SQL), cut
    into chunks of ``chunk_rows``."""
    end = month_end(period)
    d = _date_param()
    sql = f"""
    SELECT MIN(id) AS low, MAX(id) AS high, COUNT(*) AS n FROM (
      SELECT b.id, b.id - ROW_NUMBER() OVER (ORDER BY b.id) AS island
      FROM pensions_pensionbeneficiary b JOIN registry_person pe ON pe.id = b.person_id
      WHERE b.valid_from <= {d} AND (b.valid_to IS NULL OR b.valid_to >= {d})
        AND (pe.death_date IS NULL OR pe.death_date >= {d})
    ) s GROUP BY island ORDER BY low"""
    islands = read_frame(connection, sql, [end, end, period])
    chunks: list[list[list[int]]] = []
    current: list[list[int]] = []
    room = chunk_rows
    for low, high, _n in islands.iter_rows():
        low, high = int(low), int(high)
        while low <= high:
            take = min(room, high - low + 1)
            current.append([low, low + take - 1])
            low += take
            room -= take
            if room == 0:
                chunks.append(current)
                current, room = [], chunk_rows
    if current:
        chunks.append(current)
    return chunks


def shares_in(chunks: list[list[list[int]]]) -> int:
    return sum(high - low + 1 for ranges in chunks for low, high in ranges)


# --------------------------------------------------------------------------- the law of the month
@dataclass(frozen=True)
class MonthRules:
    """What the law says for this month, read once for the whole run."""

    period: date
    contribution_rate: Any
    thirteenth_month: bool
    fourteenth_month: bool
    monthly_bonuses: bool  # someone receives the 13th and 14th as twelfths
    explanation: list[dict[str, Any]]


def month_rules(period: date, *, monthly_bonuses: bool = True) -> MonthRules:
    params = default_parameters()
    ex = Explanation()
    try:
        rate = params.get("pensions.payroll.pensioner_contribution_rate", period)
        ex.param("Aporte del pensionista sobre la pensión mensual", rate)
        divisor = params.get("pensions.thirteenth.divisor", period)
        ex.param("Décima tercera: pensiones del año / divisor (pago en diciembre)", divisor)
        months = params.get("pensions.fourteenth.payment_month", period)
        ex.param("Décima cuarta: mes de pago por región", months)
        multiple = params.get("pensions.fourteenth.sbu_multiple", period)
        ex.param("Décima cuarta en múltiplos del SBU", multiple)
        ex.param("Salario básico unificado", params.get("general.minimum_wage", period))
        rural_extras = params.get("rural_insurance.extra_pensions", period)
        ex.param(
            "Décimas tercera y cuarta en las pensiones del Seguro Social Campesino", rural_extras
        )
    except RuleError as exc:
        raise DomainError(str(exc), field="período") from None
    ex.calc(
        "Quien eligió los décimos mensualizados recibe cada mes la doceava parte de ambos", True
    )
    return MonthRules(
        period=period,
        contribution_rate=rate.value,
        thirteenth_month=period.month == 12,
        fourteenth_month=period.month in set(months.value.values()),
        monthly_bonuses=monthly_bonuses,
        explanation=ex.as_list(),
    )


# --------------------------------------------------------------------------- one chunk
def _lines_sql(ranges: list[list[int]], rules: MonthRules) -> tuple[str, list[Any], bool]:
    period, end = rules.period, month_end(rules.period)
    params: list[Any] = []
    span = "SELECT MIN(pension_id), MAX(pension_id) FROM pensions_pensionbeneficiary "
    exact = len(ranges) <= MAX_RANGES_IN_SQL
    if exact:
        id_filter = "(" + " OR ".join(["b.id BETWEEN %s AND %s"] * len(ranges)) + ")"
        id_params = [bound for pair in ranges for bound in pair]
    else:
        id_filter = "b.id BETWEEN %s AND %s"
        id_params = [ranges[0][0], ranges[-1][1]]
    with connection.cursor() as cursor:
        cursor.execute(span + "b WHERE " + id_filter, id_params)
        low, high = cursor.fetchone()
    if low is None:
        low = high = 0
    joins = []
    if rules.thirteenth_month:
        joins.append(("y", "year_paid_cents", _accrual_sql("{months} * r.share_cents")))
        params += _accrual_params(date(period.year, 1, 1), end, low, high)
    if rules.fourteenth_month:
        joins.append(("w", "window_months", _accrual_sql("{months}")))
        params += _accrual_params(months_before(period, 11), end, low, high)
    d = _date_param()
    # The family group's total only splits a 14th (paid this month, or as twelfths).
    needs_group = rules.fourteenth_month or rules.monthly_bonuses
    group = f"""
    SELECT g.pension_id, SUM(g.share_cents) AS amount FROM pensions_pensionbeneficiary g
    WHERE g.pension_id BETWEEN %s AND %s AND g.valid_from <= {d}
      AND (g.valid_to IS NULL OR g.valid_to >= {d})
    GROUP BY g.pension_id"""
    if needs_group:
        params += [low, high, end, end]
    deductions = f"""
    SELECT d.pension_id, d.person_id, SUM(d.monthly_amount_cents) AS amount
    FROM pensions_pensiondeduction d
    WHERE d.pension_id BETWEEN %s AND %s AND d.valid_from <= {d}
      AND (d.valid_to IS NULL OR d.valid_to >= {d})
    GROUP BY d.pension_id, d.person_id"""
    params += [low, high, end, end]
    selected = {"year_paid_cents": "0", "window_months": "0"}
    join_sql = ""
    for alias, column, sql in joins:
        selected[column] = f"COALESCE({alias}.amount, 0)"
        join_sql += (
            f"\n    LEFT JOIN ({sql}) {alias} ON {alias}.pension_id = b.pension_id "
            f"AND {alias}.person_id = b.person_id"
        )
    sql = f"""
    SELECT b.id AS beneficiary_id, b.pension_id, b.person_id, b.share_cents, p.kind, p.region,
           CASE WHEN p.monthly_bonuses THEN 1 ELSE 0 END AS monthly_bonuses,
           c.province_id AS province_code,
           {selected["year_paid_cents"]} AS year_paid_cents,
           {selected["window_months"]} AS window_months,
           {"COALESCE(g.amount, b.share_cents)" if needs_group else "b.share_cents"} AS group_cents,
           COALESCE(dd.amount, 0) AS deductions_cents
    FROM pensions_pensionbeneficiary b
    JOIN pensions_pension p ON p.id = b.pension_id
    JOIN registry_person pe ON pe.id = b.person_id
    JOIN registry_canton c ON c.code = pe.canton_id{join_sql}
    {f"LEFT JOIN ({group}) g ON g.pension_id = b.pension_id" if needs_group else ""}
    LEFT JOIN ({deductions}) dd ON dd.pension_id = b.pension_id AND dd.person_id = b.person_id
    WHERE {id_filter}"""
    return sql, [*params, *id_params], exact


def _ids_of(ranges: list[list[int]]) -> np.ndarray:
    return np.concatenate([np.arange(lo, hi + 1, dtype=np.int64) for lo, hi in ranges])


def chunk_lines(ranges: list[list[int]], rules: MonthRules) -> pl.DataFrame:
    """The payment lines of one chunk, with their amounts (no writes)."""
    period = rules.period
    sql, params, exact = _lines_sql(ranges, rules)
    lines = read_frame(connection, sql, params, LINES_SCHEMA if _pg() else None)
    if lines.height == 0:
        return pl.DataFrame(schema=LINES_SCHEMA)
    lines = lines.select([pl.col(c).cast(t) for c, t in LINES_SCHEMA.items()])
    if not exact:
        lines = lines.join(pl.DataFrame({"beneficiary_id": _ids_of(ranges)}), on="beneficiary_id")
    share = lines["share_cents"].to_numpy()
    group = np.maximum(lines["group_cents"].to_numpy(), 1)
    monthly = lines["monthly_bonuses"].to_numpy().astype(bool)
    regions = lines["region"].to_numpy()
    window = np.clip(lines["window_months"].to_numpy(), 0, 12)

    # The SSC's pensions are twelve monthly payments: no 13th, no 14th.
    extras = extra_pensions_columns(period, lines["kind"].to_numpy())["paid"]
    # 13th: the year's pensions / 12 in December; monthly: this month's pension / 12.
    yearly_13 = thirteenth_pension_columns(period, lines["year_paid_cents"].to_numpy())
    monthly_13 = thirteenth_pension_columns(period, share)
    thirteenth = extras * np.where(
        monthly, monthly_13["amount_cents"], yearly_13["amount_cents"] * rules.thirteenth_month
    )
    # 14th: the group's amount for the months received, in the region's month; monthly: 1/12.
    yearly_14 = fourteenth_pension_columns(period, regions, window)
    monthly_14 = fourteenth_pension_columns(period, regions, np.ones(len(share), dtype=np.int64))
    due_now = yearly_14["payment_month"] == period.month
    group_14 = np.where(monthly, monthly_14["amount_cents"], yearly_14["amount_cents"] * due_now)
    fourteenth = extras * div_half_up(group_14 * share, group)

    legal = mul_rate(share, rules.contribution_rate)
    gross = share + thirteenth + fourteenth
    other = np.minimum(lines["deductions_cents"].to_numpy(), gross - legal)
    return lines.with_columns(
        pl.lit(period).alias("period"),
        pl.col("kind").replace_strict(FUND_OF_KIND).alias("fund"),
        pl.col("share_cents").alias("pension_cents"),
        pl.Series("thirteenth_cents", thirteenth, dtype=pl.Int64),
        pl.Series("fourteenth_cents", fourteenth, dtype=pl.Int64),
        pl.Series("legal_deduction_cents", legal, dtype=pl.Int64),
        pl.Series("other_deductions_cents", other, dtype=pl.Int64),
        pl.Series("net_cents", gross - legal - other, dtype=pl.Int64),
        pl.Series("gross_cents", gross, dtype=pl.Int64),
    )
