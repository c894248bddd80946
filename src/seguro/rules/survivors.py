"""Survivors (montepío) and funeral grant (auxilio de funerales)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from seguro.rules.common import minimum_wage
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.money import cents, rate4
from seguro.rules.params import ParameterSet

Outputs = dict[str, Any]
ZERO = Decimal("0.00")


def survivors_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Montepío (C.D. 100 Art. 24): spouse 60 %, children 40 % in equal parts, parents 40 % when
    there are no children; the group is kept between 50 % SBU and min(450 % SBU, the deceased's
    pension), adjusting the shares proportionally."""
    ex = Explanation()
    pension = inp.money("deceased_pension")
    spouse = inp.boolean("spouse")
    children = inp.integer("children")
    parents = inp.integer("parents", 0, maximum=2)
    shares = params.get("survivors.shares", on)
    w_spouse = shares.value["spouse"] if spouse else Decimal(0)
    w_children = shares.value["children"] if children else Decimal(0)
    w_parents = shares.value["parents"] if parents and not children else Decimal(0)
    ex.param(
        "Fracciones: cónyuge, hijos (en conjunto), padres (a falta de hijos)",
        shares,
        {"spouse": rate4(w_spouse), "children": rate4(w_children), "parents": rate4(w_parents)},
    )
    weight = w_spouse + w_children + w_parents
    if weight == 0:
        ex.calc("No hay beneficiarios con derecho", ZERO)
        return {"spouse_share": ZERO, "child_share": ZERO, "parent_share": ZERO, "total": ZERO}, ex
    raw = pension * weight
    ex.calc(f"Pensiones del grupo sin ajustar = {pension} x {rate4(weight)}", cents(raw))
    sbu = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", sbu)
    min_pv = params.get("survivors.group_minimum", on)
    floor = cents(sbu.value * min_pv.value)
    ex.param("Mínimo del grupo familiar", min_pv, floor)
    max_pv = params.get("survivors.group_maximum", on)
    of_deceased = params.get("survivors.group_maximum_of_deceased_pension", on)
    cap = min(cents(sbu.value * max_pv.value), cents(pension * of_deceased.value))
    ex.param("Máximo del grupo (SBU)", max_pv, cents(sbu.value * max_pv.value))
    ex.param(
        "Máximo del grupo (fracción de la pensión del causante)",
        of_deceased,
        cents(pension * of_deceased.value),
    )
    target = raw
    if target > cap:
        target = cap
        ex.calc("El grupo supera el máximo: se reducen las partes en proporción", cap)
    if target < floor:
        target = floor
        ex.calc("El grupo no llega al mínimo: se elevan las partes en proporción", floor)
    spouse_share = cents(target * w_spouse / weight)
    child_share = cents(target * w_children / (weight * children)) if children else ZERO
    parent_share = cents(target * w_parents / (weight * parents)) if w_parents else ZERO
    if spouse:
        ex.calc("Parte del cónyuge o conviviente", spouse_share)
    if children:
        ex.calc(f"Parte de cada hijo ({children} hijos)", child_share)
    if w_parents:
        ex.calc(f"Parte de cada padre o madre ({parents})", parent_share)
    total = spouse_share + child_share * children + (parent_share * parents if w_parents else 0)
    ex.calc("Total del grupo familiar", total)
    return {
        "spouse_share": spouse_share,
        "child_share": child_share,
        "parent_share": parent_share,
        "total": total,
    }, ex


def funeral_grant(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """Auxilio de funerales: maximum in force on the date of death (C.D. 610)."""
    ex = Explanation()
    pensioner = inp.boolean("deceased_is_pensioner")
    minimum = params.get("funeral.minimum_contributions_last_12_months", on)
    reason = None
    if pensioner:
        eligible = True
        ex.calc("El fallecido era pensionista: no se exigen aportaciones", True)
    else:
        recent = inp.integer("contributions_last_12_months", maximum=12)
        eligible = recent >= minimum.value
        ex.param(f"Aportaciones en los últimos 12 meses: {recent}; mínimo", minimum)
        if not eligible:
            reason = (
                f"El afiliado tenía {recent} aportaciones en los últimos 12 meses; "
                f"se requieren {minimum.value}."
            )
    maximum = params.get("funeral.maximum", on)
    ex.param("Monto máximo del auxilio de funerales a la fecha del fallecimiento", maximum)
    return {
        "eligible": eligible,
        "reason": reason,
        "maximum": maximum.value if eligible else ZERO,
    }, ex
