"""IVM pensions: old age (vejez), disability (invalidez / LOD), revaluation, 13th and 14th.

Regime: LSS transitional regime regulated by C.D. 100 (21-feb-2006) and its reforms. The base is
the arithmetic average of the 5 best calendar years (C.D. 100 Art. 2); from 13-sep-2017 to
14-nov-2021 C.D. 554 used the geometric mean of the 60 salaries (kept as the historical formula,
selected by the dated parameter ``pensions.old_age.base_method``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Context, Decimal
from typing import Any

import numpy as np

from seguro.rules.common import (
    COEF_SCALE,
    MONTHS_PER_YEAR,
    bracket,
    coefficient_columns,
    coefficient_for_years,
    floor_cap_cents,
    minimum_wage,
    sbu_multiple_amount,
)
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs, age_on
from seguro.rules.money import (
    BoolArray,
    IntArray,
    cents,
    div_half_up,
    fraction,
    mul_rate,
    rate4,
)
from seguro.rules.params import ParameterSet, default_parameters

Outputs = dict[str, Any]


# --------------------------------------------------------------------------- base de cálculo
def _best_years(history: list[tuple[str, Decimal]], best: int) -> list[tuple[str, list[Decimal]]]:
    by_year: dict[str, list[Decimal]] = defaultdict(list)
    for period, salary in history:
        by_year[period[:4]].append(salary)
    complete = [(y, s) for y, s in by_year.items() if len(s) == MONTHS_PER_YEAR]
    if len(complete) < best:
        raise RuleError(
            f"El dato 'salary_history' (historial de salarios) tiene {len(complete)} años "
            f"completos de 12 aportaciones; se necesitan {best} para la base de cálculo."
        )
    complete.sort(key=lambda item: (sum(item[1]), item[0]), reverse=True)
    return complete[:best]


def calculation_base(params: ParameterSet, on: date, inp: Inputs, ex: Explanation) -> Decimal:
    """Best-5-years base: given directly, or computed from the salary history."""
    method = params.get("pensions.old_age.base_method", on)
    if not inp.has("salary_history"):
        base = inp.money("best_five_years_average")
        ex.calc("Base de cálculo: promedio de los 5 mejores años (dato del caso)", base)
        if method.value == "geometric":
            ex.param("En esta fecha la base legal era la media geométrica (C.D. 554)", method)
        return base
    best_pv = params.get("pensions.old_age.best_years", on)
    years = _best_years(inp.salary_history(), best_pv.value)
    ex.param("Años calendario de mejor salario que forman la base", best_pv)
    ex.calc("Años elegidos", ", ".join(sorted(y for y, _ in years)))
    salaries = [s for _, year in years for s in year]
    if method.value == "arithmetic":
        base = cents(sum(salaries, Decimal(0)) / len(salaries))
        ex.param("Método: promedio aritmético de los mejores años", method)
    else:
        ctx = Context(prec=50)
        if any(s == 0 for s in salaries):
            base = Decimal("0.00")
        else:
            log_sum = sum((ctx.ln(s) for s in salaries), Decimal(0))
            base = cents(ctx.exp(ctx.divide(log_sum, Decimal(len(salaries)))))
        ex.param("Método: raíz n-ésima del producto de los salarios (media geométrica)", method)
    ex.calc("Base de cálculo", base)
    return base


# --------------------------------------------------------------------------- vejez
def _eligibility_text(rows: list[dict[str, Any]]) -> str:
    parts = [
        f"{r['minimum_contributions']} imposiciones a cualquier edad"
        if r["minimum_age"] == 0
        else f"{r['minimum_age']} años de edad y {r['minimum_contributions']} imposiciones"
        for r in rows
    ]
    return "; ".join(parts)


def old_age_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Jubilación ordinaria por vejez (LSS; C.D. 100 Arts. 2, 13, 31; LSS Art. 234)."""
    ex = Explanation()
    birth = inp.date("birth_date")
    contributions = inp.integer("contributions")
    if birth > on:
        raise RuleError("El dato 'birth_date' (fecha de nacimiento) es posterior a la fecha.")
    base = calculation_base(params, on, inp, ex)
    age = age_on(birth, on)
    years = contributions // MONTHS_PER_YEAR
    ex.calc(f"Edad cumplida a {on.isoformat()}", age)
    ex.calc(f"Años completos de aportaciones ({contributions} // 12)", years)

    elig = params.get("pensions.old_age.eligibility", on)
    met = [
        r
        for r in elig.value
        if age >= r["minimum_age"] and contributions >= r["minimum_contributions"]
    ]
    eligible = bool(met)
    ex.param("Requisitos de edad e imposiciones (basta uno)", elig, _eligibility_text(elig.value))
    reason = None
    if not eligible:
        reason = (
            f"No cumple los requisitos de jubilación por vejez: tiene {age} años de edad y "
            f"{contributions} imposiciones; se requiere {_eligibility_text(elig.value)}."
        )
    out = _amount(params, on, years, base, ex, cap_name="pensions.old_age.maximum")
    amount = out["amount"] if eligible else Decimal("0.00")
    if not eligible:
        ex.calc("No tiene derecho: pensión", amount)
    return (
        {
            "eligible": eligible,
            "reason": reason,
            "age": age,
            "years_of_contributions": years,
            "coefficient": out["coefficient"],
            "base": base,
            "floor": out["floor"],
            "cap": out["cap"],
            "amount": amount,
        },
        ex,
    )


def _amount(
    params: ParameterSet,
    on: date,
    years: int,
    base: Decimal,
    ex: Explanation,
    *,
    cap_name: str,
    rate: Decimal | None = None,
    rate_label: str = "",
) -> dict[str, Decimal]:
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    if rate is None:
        coef_pv = params.get("pensions.old_age.coefficient", on)
        coef = coefficient_for_years(coef_pv.value, years)
        ex.param(f"Coeficiente para {years} años de aportaciones", coef_pv, rate4(coef))
    else:
        coef = rate
        ex.calc(rate_label, rate4(coef))
    computed = cents(base * coef)
    ex.calc(f"Base x coeficiente = {base} x {rate4(coef)}", computed)
    floor_pv = params.get("pensions.minimum", on)
    floor_row = bracket(floor_pv.value, "up_to_years", years)
    floor = sbu_multiple_amount(sbu.value, floor_row["sbu_multiple"])
    ex.param(
        f"Pensión mínima para {years} años: {floor_row['sbu_multiple']} x SBU", floor_pv, floor
    )
    cap_pv = params.get(cap_name, on)
    if isinstance(cap_pv.value, Decimal):
        multiple = cap_pv.value
    else:
        multiple = bracket(cap_pv.value, "up_to_years", years)["sbu_multiple"]
    cap = sbu_multiple_amount(sbu.value, multiple)
    ex.param(f"Pensión máxima: {multiple} x SBU", cap_pv, cap)
    amount = max(floor, min(cap, computed))
    ex.calc("Pensión = máx(mínima, mín(máxima, base x coeficiente))", amount)
    return {"coefficient": rate4(coef), "floor": floor, "cap": cap, "amount": amount}


def old_age_pension_columns(
    on: date,
    birth_date: Any,
    contributions: Any,
    best_five_years_average_cents: Any,
    *,
    params: ParameterSet | None = None,
) -> dict[str, Any]:
    """Column-wise :func:`old_age_pension` (money in int64 cents, coefficient x 10 000)."""
    params = params or default_parameters()
    birth = np.asarray(birth_date, dtype="datetime64[D]")
    contrib = np.asarray(contributions, dtype=np.int64)
    base = np.asarray(best_five_years_average_cents, dtype=np.int64)
    age = age_columns(birth, on)
    years = contrib // MONTHS_PER_YEAR
    elig_rows = params.value("pensions.old_age.eligibility", on)
    eligible: BoolArray = np.zeros(len(contrib), dtype=np.bool_)
    for row in elig_rows:
        eligible |= (age >= row["minimum_age"]) & (contrib >= row["minimum_contributions"])
    coef = coefficient_columns(params.value("pensions.old_age.coefficient", on), years)
    computed = div_half_up(base * coef, COEF_SCALE)
    sbu = minimum_wage(params, on).value
    floor = floor_cap_cents(params.value("pensions.minimum", on), sbu, years)
    cap = floor_cap_cents(params.value("pensions.old_age.maximum", on), sbu, years)
    amount = np.maximum(floor, np.minimum(cap, computed))
    return {
        "eligible": eligible,
        "age": age,
        "years_of_contributions": years,
        "coefficient_e4": coef,
        "base_cents": base,
        "floor_cents": floor,
        "cap_cents": cap,
        "amount_cents": np.where(eligible, amount, 0).astype(np.int64),
    }


def age_columns(birth: Any, on: date) -> IntArray:
    """Completed years of age on ``on`` for a datetime64[D] array."""
    years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    months = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    before = (months > on.month) | ((months == on.month) & (days > on.day))
    age: IntArray = (on.year - years - before.astype(np.int64)).astype(np.int64)
    return age


# --------------------------------------------------------------------------- invalidez / LOD
def disability_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Jubilación por invalidez (C.D. 100 Arts. 13-14) or special LOD Art. 85 pension."""
    ex = Explanation()
    kind = inp.choice("kind", ("invalidity", "lod_special"), "invalidity")
    contributions = inp.integer("contributions")
    base = calculation_base(params, on, inp, ex)
    years = contributions // MONTHS_PER_YEAR
    ex.calc(f"Años completos de aportaciones ({contributions} // 12)", years)
    age = age_on(inp.date("birth_date"), on) if inp.has("birth_date") else None
    reason = None
    if kind == "invalidity":
        elig = params.get("pensions.disability.eligibility", on)
        rules = elig.value
        if inp.boolean("active", True):
            consecutive = inp.integer("consecutive_before")
            eligible = (
                contributions >= rules["active_minimum_contributions"]
                and consecutive >= rules["active_minimum_consecutive"]
            )
            ex.param(
                "Afiliado activo: imposiciones mínimas y consecutivas previas",
                elig,
                f"{rules['active_minimum_contributions']} y {rules['active_minimum_consecutive']}",
            )
            if not eligible:
                reason = (
                    f"Afiliado activo con {contributions} imposiciones y {consecutive} "
                    f"consecutivas: se requieren {rules['active_minimum_contributions']} "
                    f"imposiciones y {rules['active_minimum_consecutive']} consecutivas "
                    "inmediatamente anteriores."
                )
        else:
            months = inp.integer("months_since_exit", 0)
            eligible = (
                contributions >= rules["former_minimum_contributions"]
                and months <= rules["former_maximum_months_since_exit"]
            )
            ex.param(
                "Cesante: imposiciones mínimas y plazo máximo desde el cese (meses)",
                elig,
                f"{rules['former_minimum_contributions']} y "
                f"{rules['former_maximum_months_since_exit']}",
            )
            if not eligible:
                reason = (
                    f"Cesante con {contributions} imposiciones y {months} meses desde el cese: se "
                    f"requieren {rules['former_minimum_contributions']} imposiciones y una "
                    f"incapacidad dentro de {rules['former_maximum_months_since_exit']} meses."
                )
        out = _amount(params, on, years, base, ex, cap_name="pensions.disability.maximum")
    else:
        lod = params.get("pensions.disability.special_lod", on)
        intellectual = inp.boolean("intellectual_disability", False)
        key = "minimum_contributions_intellectual" if intellectual else "minimum_contributions"
        needed = lod.value[key]
        eligible = contributions >= needed
        ex.param(
            "Jubilación especial LOD Art. 85: imposiciones mínimas, sin límite de edad", lod, needed
        )
        if not eligible:
            reason = (
                f"Tiene {contributions} imposiciones; la jubilación especial por "
                f"discapacidad requiere {needed}."
            )
        out = _amount(
            params,
            on,
            years,
            base,
            ex,
            cap_name="pensions.old_age.maximum",
            rate=lod.value["rate"],
            rate_label="Porcentaje del promedio (LOD Art. 85)",
        )
    amount = out["amount"] if eligible else Decimal("0.00")
    return (
        {
            "eligible": eligible,
            "reason": reason,
            "age": age,
            "years_of_contributions": years,
            "coefficient": out["coefficient"],
            "base": base,
            "floor": out["floor"],
            "cap": out["cap"],
            "amount": amount,
        },
        ex,
    )


# --------------------------------------------------------------------------- revalorización
def _revaluation_rate(params: ParameterSet, on: date) -> Any:
    pv = params.get("pensions.revaluation_rate", on)
    if pv.effective.year != on.year:
        raise RuleError(
            f"No hay tasa de revalorización cargada para {on.year} (parámetro "
            f"'pensions.revaluation_rate'): el instituto debe cargar la inflación promedio de "
            f"{on.year - 1}."
        )
    return pv


def pension_revaluation(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Annual increase by the previous year's average inflation (LSS Art. 234)."""
    ex = Explanation()
    pension = inp.money("pension")
    years = inp.integer("years_of_contributions")
    rate = _revaluation_rate(params, on)
    ex.param(
        "Tasa de revalorización (inflación promedio del año anterior)", rate, rate4(rate.value)
    )
    raised = cents(pension * (1 + rate.value))
    ex.calc(f"Pensión revalorizada = {pension} x (1 + {rate4(rate.value)})", raised)
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado del nuevo año", sbu)
    floor_pv = params.get("pensions.minimum", on)
    floor = sbu_multiple_amount(
        sbu.value, bracket(floor_pv.value, "up_to_years", years)["sbu_multiple"]
    )
    ex.param(f"Pensión mínima para {years} años", floor_pv, floor)
    cap_pv = params.get("pensions.old_age.maximum", on)
    cap = sbu_multiple_amount(
        sbu.value, bracket(cap_pv.value, "up_to_years", years)["sbu_multiple"]
    )
    ex.param(f"Pensión máxima para {years} años", cap_pv, cap)
    amount = max(floor, min(cap, raised))
    ex.calc("Nueva pensión = máx(mínima, mín(máxima, revalorizada))", amount)
    return {"amount": amount, "rate": rate4(rate.value)}, ex


def pension_revaluation_columns(
    on: date, pension_cents: Any, years_of_contributions: Any, *, params: ParameterSet | None = None
) -> dict[str, Any]:
    params = params or default_parameters()
    pension = np.asarray(pension_cents, dtype=np.int64)
    years = np.asarray(years_of_contributions, dtype=np.int64)
    rate = _revaluation_rate(params, on).value
    raised = mul_rate(pension, 1 + rate)
    sbu = minimum_wage(params, on).value
    floor = floor_cap_cents(params.value("pensions.minimum", on), sbu, years)
    cap = floor_cap_cents(params.value("pensions.old_age.maximum", on), sbu, years)
    return {"amount_cents": np.maximum(floor, np.minimum(cap, raised)), "rate": rate4(rate)}


# --------------------------------------------------------------------------- 13th and 14th
def thirteenth_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Décima tercera pensión: 1/12 of the pensions paid in the calendar year (C.D. 100 Art. 28)."""
    ex = Explanation()
    paid = inp.money("pensions_paid_in_year")
    divisor = params.get("pensions.thirteenth.divisor", on)
    ex.param("Divisor de las pensiones pagadas en el año", divisor)
    amount = cents(paid / divisor.value)
    ex.calc(f"Décima tercera = {paid} / {divisor.value}", amount)
    return {"amount": amount}, ex


def thirteenth_pension_columns(
    on: date, pensions_paid_cents: Any, *, params: ParameterSet | None = None
) -> dict[str, Any]:
    params = params or default_parameters()
    paid = np.asarray(pensions_paid_cents, dtype=np.int64)
    divisor = int(params.value("pensions.thirteenth.divisor", on))
    return {"amount_cents": div_half_up(paid, divisor)}


def extra_pensions_columns(
    on: date, kinds: Any, *, params: ParameterSet | None = None
) -> dict[str, Any]:
    """Whether each pension kind carries the 13th and the 14th: all do except the Seguro Social
    Campesino's while rural_insurance.extra_pensions is false (twelve monthly payments)."""
    params = params or default_parameters()
    kind = np.asarray(kinds).astype(str)
    rural_extras = bool(params.value("rural_insurance.extra_pensions", on))
    return {"paid": (kind != "rural") | rural_extras}


REGIONS = ("costa", "insular", "sierra", "oriente")


def fourteenth_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Décima cuarta pensión: one SBU, paid in March (Costa, Insular) or August (Sierra,
    Oriente)."""
    ex = Explanation()
    region = inp.choice("region", REGIONS)
    months = inp.integer("months_received", MONTHS_PER_YEAR, maximum=MONTHS_PER_YEAR)
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    multiple = params.get("pensions.fourteenth.sbu_multiple", on)
    ex.param("Décima cuarta en múltiplos del SBU", multiple)
    full = sbu.value * multiple.value
    if months < MONTHS_PER_YEAR:
        prop = params.get("pensions.fourteenth.proportional", on)
        ex.param("Parte proporcional a los meses recibidos", prop)
        amount = cents(full * months / MONTHS_PER_YEAR) if prop.value else cents(full)
    else:
        amount = cents(full)
    ex.calc(f"Décima cuarta = {sbu.value} x {multiple.value} x {months} / 12", amount)
    month_pv = params.get("pensions.fourteenth.payment_month", on)
    payment_month = month_pv.value[region]
    ex.param(f"Mes de pago para la región {region}", month_pv, payment_month)
    return {"amount": amount, "payment_month": payment_month}, ex


def fourteenth_pension_columns(
    on: date, region: Any, months_received: Any, *, params: ParameterSet | None = None
) -> dict[str, Any]:
    params = params or default_parameters()
    regions = np.asarray(region).astype(str)
    months = np.asarray(months_received, dtype=np.int64)
    sbu = minimum_wage(params, on).value
    num, den = fraction(sbu * params.value("pensions.fourteenth.sbu_multiple", on) * 100)
    if params.value("pensions.fourteenth.proportional", on):
        amount = div_half_up(num * months, den * MONTHS_PER_YEAR)
    else:
        amount = div_half_up(np.full(len(months), num, dtype=np.int64), den)
    table = params.value("pensions.fourteenth.payment_month", on)
    pay = np.zeros(len(regions), dtype=np.int64)
    for name, month in table.items():
        pay[regions == name] = month
    return {"amount_cents": amount, "payment_month": pay}
