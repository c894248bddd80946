"""Health insurance: sickness and maternity subsidies, coverage of affiliates and dependants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.money import cents, rate4
from seguro.rules.params import ParameterSet

Outputs = dict[str, Any]
ZERO = Decimal("0.00")


def sickness_subsidy(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Subsidio por enfermedad: from day 4, 75 % of the daily base to day 70 and 66 % after,
    up to day 182; daily base = last 3 months / 90; 6 consecutive contributions."""
    ex = Explanation()
    total = inp.money("salary_last_3_months")
    days = inp.integer("days")
    consecutive = inp.integer("consecutive_contributions")
    pv = params.get("health_subsidies.sickness", on)
    s = pv.value
    ex.param("Aportaciones consecutivas mínimas", pv, s["minimum_consecutive_contributions"])
    if consecutive < s["minimum_consecutive_contributions"]:
        reason = (
            f"Tiene {consecutive} aportaciones consecutivas; se requieren "
            f"{s['minimum_consecutive_contributions']}."
        )
        return {"eligible": False, "reason": reason, "amount": ZERO, "days_paid": 0}, ex
    first = max(0, min(days, s["first_rate_until_day"]) - s["employer_days"])
    second = max(0, min(days, s["maximum_days"]) - s["first_rate_until_day"])
    daily = cents(total / s["base_days"])
    ex.param(f"Base diaria = {total} / {s['base_days']}", pv, daily)
    ex.param(
        f"Días a cargo del empleador: {s['employer_days']}; días al "
        f"{rate4(s['first_rate'])}: {first}; días al {rate4(s['second_rate'])}: {second} "
        f"(máximo {s['maximum_days']})",
        pv,
        first + second,
    )
    amount = cents(total * (s["first_rate"] * first + s["second_rate"] * second) / s["base_days"])
    ex.calc(
        "Subsidio = base diaria x (primer porcentaje x días + segundo porcentaje x días)", amount
    )
    return {"eligible": True, "reason": None, "amount": amount, "days_paid": first + second}, ex


def maternity_subsidy(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Subsidio por maternidad: 12 weeks; IESS 75 % of the salary, the employer 25 %."""
    ex = Explanation()
    salary = inp.money("salary")
    consecutive = inp.integer("consecutive_contributions")
    pv = params.get("health_subsidies.maternity", on)
    m = pv.value
    ex.param("Aportaciones consecutivas mínimas", pv, m["minimum_consecutive_contributions"])
    if consecutive < m["minimum_consecutive_contributions"]:
        reason = (
            f"Tiene {consecutive} aportaciones consecutivas; se requieren "
            f"{m['minimum_consecutive_contributions']}."
        )
        return {
            "eligible": False,
            "reason": reason,
            "iess_amount": ZERO,
            "employer_amount": ZERO,
            "iess_total": ZERO,
        }, ex
    iess = cents(salary * m["iess_rate"])
    employer = cents(salary * m["employer_rate"])
    ex.param(f"Subsidio IESS mensual = {salary} x {rate4(m['iess_rate'])}", pv, iess)
    ex.param(
        f"A cargo del empleador mensual = {salary} x {rate4(m['employer_rate'])}", pv, employer
    )
    per_month = params.get("general.days_per_month", on)
    iess_total = cents(salary * m["iess_rate"] * m["days"] / per_month.value)
    ex.param(
        f"Total IESS por {m['days']} días = {iess} / {per_month.value} x {m['days']}",
        per_month,
        iess_total,
    )
    return {
        "eligible": True,
        "reason": None,
        "iess_amount": iess,
        "employer_amount": employer,
        "iess_total": iess_total,
    }, ex


STATUSES = ("affiliate", "spouse_extension", "child", "pensioner", "former_affiliate")


def health_coverage(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Who is covered by IESS health care on a date."""
    ex = Explanation()
    status = inp.choice("status", STATUSES)
    pv = params.get("health_subsidies.coverage", on)
    c = pv.value
    covered, basis, reason = False, None, None
    if status == "pensioner":
        covered, basis = True, "Pensionista del IESS"
        ex.calc("Los pensionistas tienen cobertura de salud", True)
    elif status in ("affiliate", "spouse_extension"):
        recent = inp.integer("contributions_last_12_months", maximum=12)
        key = (
            "affiliate_minimum_contributions"
            if status == "affiliate"
            else "spouse_extension_minimum_contributions"
        )
        ex.param(f"Aportaciones en los últimos 12 meses: {recent}; mínimo", pv, c[key])
        covered = recent >= c[key]
        who = "Afiliado" if status == "affiliate" else "Cónyuge con extensión de cobertura"
        basis = f"{who} con aportaciones" if covered else None
        if not covered:
            reason = f"Tiene {recent} aportaciones en 12 meses; se requieren {c[key]}."
    elif status == "child":
        age = inp.integer("child_age")
        ex.param(f"Edad del hijo: {age}; cubierto hasta antes de", pv, c["child_age_limit"])
        covered = age < c["child_age_limit"]
        if covered and inp.has("contributions_last_12_months"):
            recent = inp.integer("contributions_last_12_months", maximum=12)
            ex.param(
                "Aportaciones del afiliado en 12 meses; mínimo",
                pv,
                c["affiliate_minimum_contributions"],
            )
            if recent < c["affiliate_minimum_contributions"]:
                covered = False
                reason = (
                    f"El afiliado tiene {recent} aportaciones en 12 meses; se requieren "
                    f"{c['affiliate_minimum_contributions']}."
                )
        elif not covered:
            reason = f"El hijo tiene {age} años; la cobertura es hasta los {c['child_age_limit']}."
        basis = "Hijo menor de edad de afiliado" if covered else None
    else:
        months = inp.integer("months_since_exit", 0)
        ex.param(
            f"Meses desde el cese: {months}; período de protección",
            pv,
            c["protection_months_after_exit"],
        )
        covered = months <= c["protection_months_after_exit"]
        basis = "Período de protección después del cese" if covered else None
        if not covered:
            reason = (
                f"Han pasado {months} meses desde el cese; la cobertura se mantiene "
                f"{c['protection_months_after_exit']} meses."
            )
    return {"covered": covered, "basis": basis, "reason": reason}, ex
