"""Seguro Social Campesino: old-age pension of the head of family.

The family contribution is computed by ``contributions.contribution`` (regime
``rural_head_of_family``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs, age_on
from seguro.rules.params import ParameterSet

Outputs = dict[str, Any]


def rural_pension(params: ParameterSet, on: date, inp: Inputs) -> tuple[Outputs, Explanation]:
    """SSC old-age pension: 65 years and 120 contributions, one year less per year after 70
    (minimum 5 years at 75); amount not less than USD 100 indexed by the SBU (LSS Art. 134)."""
    ex = Explanation()
    birth = inp.date("birth_date")
    if birth > on:
        raise RuleError("El dato 'birth_date' (fecha de nacimiento) es posterior a la fecha.")
    contributions = inp.integer("contributions")
    age = age_on(birth, on)
    ex.calc(f"Edad cumplida a {on.isoformat()}", age)
    elig = params.get("rural_insurance.old_age_eligibility", on)
    rows = [r for r in elig.value if age >= r["minimum_age"]]
    reason = None
    required = None
    if not rows:
        reason = f"Tiene {age} años; la edad mínima es {elig.value[0]['minimum_age']}."
        ex.param("Edad mínima", elig, elig.value[0]["minimum_age"])
    else:
        required = rows[-1]["minimum_contributions"]
        ex.param(f"Imposiciones requeridas a los {age} años", elig, required)
        if contributions < required:
            reason = (
                f"Tiene {contributions} imposiciones; a los {age} años se requieren {required}."
            )
    eligible = reason is None
    amount = Decimal("0.00")
    if eligible:
        pv = params.get("rural_insurance.pension_amount", on)
        amount = pv.value
        ex.param("Pensión del Seguro Social Campesino", pv)
    return {
        "eligible": eligible,
        "reason": reason,
        "amount": amount,
        "age": age,
        "required_contributions": required,
    }, ex
