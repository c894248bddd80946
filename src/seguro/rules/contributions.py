"""Contributions (aportes) by regime and fund, reserve fund, spouse health extension.

Rates come from dated tables per regime (C.D. 261; C.D. 501/515 schedule 2015-2020; C.D. 609
from 2021). A late declaration is assessed with the table in force for the *declared period*
(C.D. 501, 4th final disposition): pass the period's first day as the date.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from seguro.rules.common import minimum_wage
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.inputs import REGIME_LABELS, REGIMES, Inputs
from seguro.rules.money import IntArray, cents, div_half_up, fraction, mul_rate, rate4
from seguro.rules.params import ParameterSet, default_parameters

FUNDS: tuple[str, ...] = (
    "ivm",
    "disability",
    "health",
    "work_risks",
    "severance",
    "unemployment",
    "rural_solidarity",
    "administration",
)
FUND_LABELS = {
    "ivm": "IVM (invalidez, vejez y muerte)",
    "disability": "Ley Orgánica de Discapacidades",
    "health": "salud",
    "work_risks": "riesgos del trabajo",
    "severance": "cesantía",
    "unemployment": "seguro de desempleo",
    "rural_solidarity": "Seguro Social Campesino",
    "administration": "gastos de administración",
}
RESERVE_MODES = ("monthly", "accumulated")
Outputs = dict[str, Any]
ZERO = Decimal("0.00")


def _split(
    base: Decimal, rates: dict[str, Decimal], total: Decimal, residual: str
) -> dict[str, Decimal]:
    """Per-fund amounts rounded to the cent; the residual fund takes the rounding difference so
    that the funds add up to the total collected."""
    out = {f: cents(base * rates.get(f, Decimal(0))) for f in FUNDS}
    out[residual] = total - sum((v for f, v in out.items() if f != residual), ZERO)
    return out


def contribution(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Monthly contribution of one affiliate for the period that starts on ``on``."""
    ex = Explanation()
    regime = inp.choice("regime", REGIMES)
    ex.calc("Régimen de afiliación", REGIME_LABELS[regime])
    if regime == "rural_head_of_family":
        out = _rural(params, on, ex)
    elif regime == "home_work":
        out = _home_work(params, on, inp, ex)
    else:
        out = _general(params, on, regime, inp, ex)
    out["reserve_fund"] = _reserve_fund(params, on, regime, inp, ex, out.get("salary"))
    out["spouse_extension"] = _spouse_extension(params, on, regime, inp, ex, out.get("salary"))
    out.pop("salary", None)
    return out, ex


def _general(params: ParameterSet, on: date, regime: str, inp: Inputs, ex: Explanation) -> Outputs:
    salary = inp.money("salary")
    table = params.get(f"contributions.rates.{regime}", on)
    base = salary
    minimum = params.get("contributions.minimum_base", on) if regime in _MIN_BASE else None
    if minimum is not None and regime in minimum.value:
        sbu = minimum_wage(params, on)
        floor = cents(sbu.value * minimum.value[regime])
        ex.param("Base mínima de aportación (múltiplo del SBU)", minimum, floor)
        if salary < floor:
            base = floor
            ex.param(f"Se aporta sobre la base mínima de {floor}", sbu)
    ex.calc("Materia gravada (base de aportación)", base)
    emp = table.value["employee"]
    er = table.value["employer"]
    emp_rate = sum(emp.values(), Decimal(0))
    er_rate = sum(er.values(), Decimal(0))
    ex.param("Tabla de tasas del período declarado: total personal", table, rate4(emp_rate))
    ex.param("Tabla de tasas del período declarado: total patronal", table, rate4(er_rate))
    employee = cents(base * emp_rate)
    employer = cents(base * er_rate)
    total = employee + employer
    ex.calc(f"Aporte personal = {base} x {rate4(emp_rate)}", employee)
    ex.calc(f"Aporte patronal = {base} x {rate4(er_rate)}", employer)
    ex.calc("Total", total)
    combined = {f: emp[f] + er[f] for f in FUNDS}
    by_fund = _split(base, combined, total, "ivm")
    for fund in FUNDS:
        if combined[fund]:
            ex.calc(
                f"Fondo {FUND_LABELS[fund]}: {base} x {rate4(combined[fund])}"
                + (" (recibe el ajuste de redondeo)" if fund == "ivm" else ""),
                by_fund[fund],
            )
    return {
        "base": base,
        "employee": employee,
        "employer": employer,
        "total": total,
        "by_fund": by_fund,
        "salary": salary,
    }


_MIN_BASE = ("self_employed", "voluntary", "voluntary_abroad")


def _home_work(params: ParameterSet, on: date, inp: Inputs, ex: Explanation) -> Outputs:
    income = inp.money("family_income") if inp.has("family_income") else inp.money("salary")
    ex.calc("Ingreso de la unidad familiar (trabajo no remunerado del hogar)", income)
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    bands = params.get("contributions.home_work.bands", on)
    band = next(
        b
        for b in bands.value
        if b["income_below"] is None or income < sbu.value * b["income_below"]
    )
    base = cents(sbu.value * band["base"])
    ex.param(f"Banda por ingreso familiar: base = {band['base']} x SBU", bands, base)
    employee = cents(base * band["employee_rate"])
    employer = cents(base * band["state_rate"])
    ex.calc(f"Aporte personal = {base} x {rate4(band['employee_rate'])}", employee)
    ex.calc(f"Subsidio del Estado = {base} x {rate4(band['state_rate'])}", employer)
    total = employee + employer
    fund = params.get("contributions.home_work.fund", on)
    ex.param("Fondo que recibe el aporte", fund)
    by_fund = {f: ZERO for f in FUNDS}
    by_fund[fund.value] = total
    return {
        "base": base,
        "employee": employee,
        "employer": employer,
        "total": total,
        "by_fund": by_fund,
    }


def _rural(params: ParameterSet, on: date, ex: Explanation) -> Outputs:
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    frac = params.get("rural_insurance.contribution_base", on)
    base = cents(sbu.value * frac.value)
    ex.param(f"Base referencial = {sbu.value} x {frac.value}", frac, base)
    rates = params.get("rural_insurance.contribution_rates", on)
    rate = sum(rates.value.values(), Decimal(0))
    employee = cents(base * rate)
    ex.param(f"Aporte del jefe de familia = {base} x {rate4(rate)}", rates, employee)
    by_fund = _split(base, rates.value, employee, "rural_solidarity")
    return {
        "base": base,
        "employee": employee,
        "employer": ZERO,
        "total": employee,
        "by_fund": by_fund,
    }


def _reserve_fund(
    params: ParameterSet,
    on: date,
    regime: str,
    inp: Inputs,
    ex: Explanation,
    salary: Decimal | None,
) -> Decimal:
    months = inp.integer("months_with_employer", 0)
    mode = inp.choice("reserve_fund_mode", RESERVE_MODES, "monthly")
    regimes = params.get("third_party_funds.reserve_fund.regimes", on)
    if regime not in regimes.value or salary is None:
        return ZERO
    first = params.get("third_party_funds.reserve_fund.first_month", on)
    if months < first.value:
        ex.param(f"Fondo de reserva: en el mes {months} aún no corresponde", first)
        return ZERO
    rate = params.get("third_party_funds.reserve_fund.rate", on)
    amount = cents(salary * rate.value)
    ex.param(f"Fondo de reserva desde el mes {first.value}: {salary} x {rate.value}", rate, amount)
    ex.calc(
        "Modalidad: "
        + (
            "pago mensual con el salario"
            if mode == "monthly"
            else "acumulado en la cuenta individual del IESS"
        ),
        mode,
    )
    return amount


def _spouse_extension(
    params: ParameterSet,
    on: date,
    regime: str,
    inp: Inputs,
    ex: Explanation,
    salary: Decimal | None,
) -> Decimal:
    if not inp.boolean("spouse_extension", False):
        return ZERO
    if salary is None or regime == "home_work":
        raise RuleError(
            "El dato 'spouse_extension' (extensión de salud al cónyuge) no aplica al régimen "
            f"{REGIME_LABELS[regime]}."
        )
    rate = params.get("contributions.spouse_extension_rate", on)
    amount = cents(salary * rate.value)
    ex.param(
        f"Extensión de salud al cónyuge (aparte del total): {salary} x {rate.value}", rate, amount
    )
    return amount


def reserve_fund(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Fondo de reserva: 8.33 % of the salary from month 13 with the same employer."""
    ex = Explanation()
    salary = inp.money("salary")
    months = inp.integer("months_with_employer")
    first = params.get("third_party_funds.reserve_fund.first_month", on)
    eligible = months >= first.value
    ex.param(f"Mes con el empleador: {months}; corresponde desde el mes", first)
    amount = ZERO
    if eligible:
        rate = params.get("third_party_funds.reserve_fund.rate", on)
        amount = cents(salary * rate.value)
        ex.param(f"Fondo de reserva = {salary} x {rate.value}", rate, amount)
    return {"eligible": eligible, "amount": amount}, ex


# --------------------------------------------------------------------------- column path
def contribution_columns(
    on: Any,
    regime: Any,
    salary_cents: Any,
    months_with_employer: Any = None,
    spouse_extension: Any = None,
    *,
    params: ParameterSet | None = None,
) -> dict[str, IntArray]:
    """Column-wise :func:`contribution`.

    ``on`` is one date or a datetime64[D] array with each row's declared period (late
    declarations use their period's table). ``salary_cents`` is the salary (for ``home_work``:
    the family income). Returns int64 cents: base, employee, employer, total, by_fund_<fund>,
    reserve_fund, spouse_extension.
    """
    params = params or default_parameters()
    regimes = np.asarray(regime)
    salary = np.asarray(salary_cents, dtype=np.int64)
    n = len(salary)
    months = (
        np.zeros(n, dtype=np.int64)
        if months_with_employer is None
        else np.asarray(months_with_employer, dtype=np.int64)
    )
    spouse = (
        np.zeros(n, dtype=np.bool_)
        if spouse_extension is None
        else np.asarray(spouse_extension, dtype=np.bool_)
    )
    codes = np.full(n, -1, dtype=np.int64)
    for code, name in enumerate(REGIMES):
        codes[regimes == name] = code
    if (codes < 0).any():
        unknown = sorted({str(r) for r in regimes[codes < 0]})
        raise RuleError(f"Régimen desconocido en las columnas: {unknown}.")
    out = {
        k: np.zeros(n, dtype=np.int64)
        for k in ["base", "employee", "employer", "total", "reserve_fund", "spouse_extension"]
        + [f"by_fund_{f}" for f in FUNDS]
    }
    if isinstance(on, date):
        groups: list[tuple[date, Any]] = [(on, None)]
    else:
        dates = np.asarray(on, dtype="datetime64[D]")
        groups = [(day.astype(object), dates == day) for day in np.unique(dates)]
    for day, on_day in groups:
        day_codes = codes if on_day is None else np.where(on_day, codes, -1)
        present = np.nonzero(np.bincount(day_codes + 1, minlength=len(REGIMES) + 1)[1:])[0]
        for present_code in present.tolist():
            idx = np.nonzero(day_codes == present_code)[0]
            _columns_group(
                params, day, REGIMES[present_code], idx, salary[idx], months[idx], spouse[idx], out
            )
    return out


def _columns_group(
    params: ParameterSet,
    on: date,
    regime: str,
    idx: IntArray,
    salary: IntArray,
    months: IntArray,
    spouse: Any,
    out: dict[str, IntArray],
) -> None:
    sbu = minimum_wage(params, on).value
    by_fund: dict[str, IntArray]
    if regime == "rural_head_of_family":
        base_amount = cents(sbu * params.value("rural_insurance.contribution_base", on))
        rates = params.value("rural_insurance.contribution_rates", on)
        base = np.full(len(idx), int(base_amount * 100), dtype=np.int64)
        employee = mul_rate(base, sum(rates.values(), Decimal(0)))
        employer = np.zeros(len(idx), dtype=np.int64)
        by_fund = _split_columns(base, rates, employee, "rural_solidarity")
        has_salary = False
    elif regime == "home_work":
        bands = params.value("contributions.home_work.bands", on)
        base = np.zeros(len(idx), dtype=np.int64)
        employee = np.zeros(len(idx), dtype=np.int64)
        employer = np.zeros(len(idx), dtype=np.int64)
        assigned = np.zeros(len(idx), dtype=np.bool_)
        for band in bands:
            if band["income_below"] is None:
                mask = ~assigned
            else:
                num, den = fraction(sbu * band["income_below"] * 100)
                mask = ~assigned & (salary * den < num)
            assigned |= mask
            b = int(cents(sbu * band["base"]) * 100)
            base[mask] = b
            employee[mask] = int(cents(cents(sbu * band["base"]) * band["employee_rate"]) * 100)
            employer[mask] = int(cents(cents(sbu * band["base"]) * band["state_rate"]) * 100)
        fund = params.value("contributions.home_work.fund", on)
        by_fund = {f: np.zeros(len(idx), dtype=np.int64) for f in FUNDS}
        by_fund[fund] = employee + employer
        has_salary = False
    else:
        table = params.value(f"contributions.rates.{regime}", on)
        base = salary
        if regime in _MIN_BASE:
            minimum = params.value("contributions.minimum_base", on)
            if regime in minimum:
                base = np.maximum(salary, int(cents(sbu * minimum[regime]) * 100))
        emp, er = table["employee"], table["employer"]
        employee = mul_rate(base, sum(emp.values(), Decimal(0)))
        employer = mul_rate(base, sum(er.values(), Decimal(0)))
        by_fund = _split_columns(
            base, {f: emp[f] + er[f] for f in FUNDS}, employee + employer, "ivm"
        )
        has_salary = True
    out["base"][idx] = base
    out["employee"][idx] = employee
    out["employer"][idx] = employer
    out["total"][idx] = employee + employer
    for f in FUNDS:
        out[f"by_fund_{f}"][idx] = by_fund[f]
    if has_salary:
        if regime in params.value("third_party_funds.reserve_fund.regimes", on):
            first = params.value("third_party_funds.reserve_fund.first_month", on)
            rate = params.value("third_party_funds.reserve_fund.rate", on)
            out["reserve_fund"][idx] = np.where(months >= first, mul_rate(salary, rate), 0)
        if spouse.any():
            rate = params.value("contributions.spouse_extension_rate", on)
            out["spouse_extension"][idx] = np.where(spouse, mul_rate(salary, rate), 0)
    elif spouse.any():
        raise RuleError(
            f"La extensión de salud al cónyuge no aplica al régimen {REGIME_LABELS[regime]}."
        )


def _split_columns(
    base: IntArray, rates: dict[str, Decimal], total: IntArray, residual: str
) -> dict[str, IntArray]:
    out = {f: mul_rate(base, rates.get(f, Decimal(0))) for f in FUNDS}
    others = sum((v for f, v in out.items() if f != residual), np.zeros(len(base), np.int64))
    out[residual] = total - others
    return out


def reserve_fund_columns(
    on: date, salary_cents: Any, months_with_employer: Any, *, params: ParameterSet | None = None
) -> dict[str, Any]:
    params = params or default_parameters()
    salary = np.asarray(salary_cents, dtype=np.int64)
    months = np.asarray(months_with_employer, dtype=np.int64)
    first = params.value("third_party_funds.reserve_fund.first_month", on)
    rate = params.value("third_party_funds.reserve_fund.rate", on)
    eligible = months >= first
    return {"eligible": eligible, "amount_cents": np.where(eligible, mul_rate(salary, rate), 0)}


__all__ = [
    "FUNDS",
    "contribution",
    "contribution_columns",
    "div_half_up",
    "reserve_fund",
    "reserve_fund_columns",
]
