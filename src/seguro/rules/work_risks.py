"""Work risks (C.D. 513): temporary subsidy, permanent partial indemnity, total/absolute pension."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from seguro.rules.common import bracket, minimum_wage
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.money import cents, rate4
from seguro.rules.params import ParameterSet

Outputs = dict[str, Any]
PERCENT = Decimal(100)  # percentage points to a fraction


def work_risk_temporary_subsidy(
    params: ParameterSet, on: date, inp: Inputs
) -> tuple[Outputs, Explanation]:
    """Incapacidad temporal (C.D. 513 Art. 22): 75 % of the average salary for the first 10 weeks,
    66 % up to week 52, paid by day."""
    ex = Explanation()
    salary = inp.money("average_salary")
    days = inp.integer("days")
    sub = params.get("work_risks.temporary_subsidy", on)
    per_month = params.get("general.days_per_month", on)
    t = sub.value
    first = min(days, t["first_period_days"])
    second = max(0, min(days, t["maximum_days"]) - t["first_period_days"])
    ex.param(
        "Días al primer porcentaje / porcentaje",
        sub,
        f"{t['first_period_days']} días al {rate4(t['first_rate'])}",
    )
    ex.param("Días por mes para el valor diario", per_month)
    ex.calc(
        f"Días pagados: {first} al primer porcentaje y {second} al segundo "
        f"({rate4(t['second_rate'])}, hasta el día {t['maximum_days']})",
        first + second,
    )
    amount = cents(salary * (t["first_rate"] * first + t["second_rate"] * second) / per_month.value)
    ex.calc(
        f"Subsidio = {salary} / {per_month.value} x ({rate4(t['first_rate'])} x {first} + "
        f"{rate4(t['second_rate'])} x {second})",
        amount,
    )
    return {"amount": amount, "days_paid": first + second}, ex


def work_risk_partial_indemnity(
    params: ParameterSet, on: date, inp: Inputs
) -> tuple[Outputs, Explanation]:
    """Incapacidad permanente parcial (C.D. 513 Art. 32): % x average salary x 60, cap 100 SBU."""
    ex = Explanation()
    percent = inp.number("incapacity_percent")
    if percent > PERCENT:
        raise RuleError(
            "El dato 'incapacity_percent' (porcentaje de incapacidad) no puede superar 100."
        )
    salary = inp.money("average_salary_previous_year")
    ind = params.get("work_risks.partial_indemnity", on)
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    months = ind.value["months"]
    computed = cents(percent / PERCENT * salary * months)
    ex.param(f"Indemnización = {percent} % x {salary} x {months} meses", ind, computed)
    cap = cents(sbu.value * ind.value["cap_sbu_multiple"])
    ex.param(f"Tope: {ind.value['cap_sbu_multiple']} x SBU", ind, cap)
    amount = min(computed, cap)
    ex.calc("Indemnización única", amount)
    return {"amount": amount, "cap": cap}, ex


def work_risk_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Incapacidad permanente total (80 %) / absoluta (100 %) of the base (C.D. 513 Arts. 34, 38),
    between the minimum pension by years and 450 % SBU (C.D. 300 Art. 5)."""
    ex = Explanation()
    kind = inp.choice("kind", ("total", "absolute"))
    base = inp.money("base")
    years = inp.integer("years_of_contributions")
    rates = params.get("work_risks.pension_rates", on)
    rate = rates.value[kind]
    ex.param(f"Porcentaje de la base para incapacidad {kind}", rates, rate4(rate))
    computed = cents(base * rate)
    ex.calc(f"{base} x {rate4(rate)}", computed)
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    floor_pv = params.get("pensions.minimum", on)
    floor = cents(sbu.value * bracket(floor_pv.value, "up_to_years", years)["sbu_multiple"])
    ex.param(f"Pensión mínima para {years} años", floor_pv, floor)
    cap_pv = params.get("pensions.disability.maximum", on)
    cap = cents(sbu.value * cap_pv.value)
    ex.param("Pensión máxima", cap_pv, cap)
    amount = max(floor, min(cap, computed))
    ex.calc("Pensión = máx(mínima, mín(máxima, base x porcentaje))", amount)
    return {"amount": amount, "floor": floor, "cap": cap}, ex
