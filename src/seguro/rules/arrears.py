"""Employer arrears: LSS Art. 89 interest and payment agreements (C.D. 625, C.D. 671)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from seguro.rules.common import MONTHS_PER_YEAR, bracket
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.money import IntArray, cents, div_half_up, fraction, rate4
from seguro.rules.params import ParameterSet, default_parameters

Outputs = dict[str, Any]


def add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_late(due: date, paid: date) -> int:
    """Months from ``due`` to ``paid``; a fraction counts as a month (C.D. 517 Art. 15)."""
    if paid <= due:
        return 0
    months = (paid.year - due.year) * 12 + paid.month - due.month
    if add_months(due, months) < paid:
        months += 1
    return months


def annual_rate(params: ParameterSet, liquidation: date, ex: Explanation | None = None) -> Decimal:
    bce = params.get("arrears.central_bank_rate", liquidation)
    extra = params.get("arrears.additional_rate", liquidation)
    if ex is not None:
        ex.param(
            "Tasa máxima convencional del BCE a la fecha de liquidación", bce, rate4(bce.value)
        )
        ex.param("Recargo legal sobre la tasa del BCE (LSS Art. 89)", extra, rate4(extra.value))
    rate: Decimal = bce.value + extra.value
    return rate


def arrears_interest(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Art. 89 interest: principal x months (fraction = month) x (BCE máximo + 4 points) / 12,
    with the rate in force at the liquidation (payment) date."""
    ex = Explanation()
    principal = inp.money("principal")
    due = inp.date("due_date")
    paid = inp.date("paid_date")
    months = months_late(due, paid)
    ex.calc(f"Meses de mora del {due.isoformat()} al {paid.isoformat()} (fracción = mes)", months)
    accrual = params.get("arrears.accrual", paid)
    ex.param("Forma de cálculo: interés simple mensual", accrual)
    rate = annual_rate(params, paid, ex)
    ex.calc("Tasa anual de mora", rate4(rate))
    interest = cents(principal * months * rate / MONTHS_PER_YEAR)
    ex.calc(f"Interés = {principal} x {months} x {rate4(rate)} / 12", interest)
    return {"interest": interest, "annual_rate": rate4(rate), "months": months}, ex


def months_late_columns(due: Any, paid: Any) -> IntArray:
    due_d = np.asarray(due, dtype="datetime64[D]")
    paid_d = np.asarray(paid, dtype="datetime64[D]")
    due_m = due_d.astype("datetime64[M]")
    paid_m = paid_d.astype("datetime64[M]")
    months = (paid_m - due_m).astype(np.int64)
    day = (due_d - due_m).astype(np.int64)  # 0-based day of month
    target_m = due_m + months
    days_in_target = (
        (target_m + 1).astype("datetime64[D]") - target_m.astype("datetime64[D]")
    ).astype(np.int64)
    anniversary = target_m.astype("datetime64[D]") + np.minimum(day, days_in_target - 1)
    months = months + (anniversary < paid_d).astype(np.int64)
    return np.where(paid_d <= due_d, 0, months).astype(np.int64)


def arrears_interest_columns(
    principal_cents: Any, due_date: Any, paid_date: Any, *, params: ParameterSet | None = None
) -> dict[str, IntArray]:
    """Column-wise :func:`arrears_interest` (int64 cents; annual rate x 10 000)."""
    params = params or default_parameters()
    principal = np.asarray(principal_cents, dtype=np.int64)
    paid = np.asarray(paid_date, dtype="datetime64[D]")
    months = months_late_columns(due_date, paid)
    interest = np.zeros(len(principal), dtype=np.int64)
    rate_e4 = np.zeros(len(principal), dtype=np.int64)
    for day in np.unique(paid):
        mask = paid == day
        rate = annual_rate(params, day.astype(object))
        num, den = fraction(rate)
        interest[mask] = div_half_up(principal[mask] * months[mask] * num, den * MONTHS_PER_YEAR)
        rate_e4[mask] = int(rate4(rate) * 10_000)
    return {"interest_cents": interest, "annual_rate_e4": rate_e4, "months": months}


def payment_agreement(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Maximum monthly instalments of a payment agreement by amount of the debt."""
    ex = Explanation()
    debt = inp.money("debt")
    terms = params.get("arrears.payment_agreement_terms", on)
    row = bracket(terms.value, "up_to", debt)
    limit = "sin límite" if row["up_to"] is None else f"hasta {row['up_to']}"
    ex.param(f"Tramo de deuda {limit}: cuotas máximas", terms, row["max_instalments"])
    return {"max_instalments": row["max_instalments"]}, ex
