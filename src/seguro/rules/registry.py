"""Rule name -> function. Every function takes (parameters, date, inputs) and returns
(outputs, explanation); names and shapes follow RULES.md."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from seguro.rules import (
    arrears,
    contributions,
    health,
    pensions,
    rural,
    survivors,
    third_party_funds,
    work_risks,
)
from seguro.rules.common import minimum_wage
from seguro.rules.explain import Explanation
from seguro.rules.inputs import Inputs
from seguro.rules.params import ParameterSet

Rule = Callable[[ParameterSet, date, Inputs], tuple[dict[str, Any], Explanation]]


def minimum_wage_rule(
    params: ParameterSet, on: date, inp: Inputs
) -> tuple[dict[str, Any], Explanation]:
    """Salario básico unificado in force on the date."""
    ex = Explanation()
    pv = minimum_wage(params, on)
    ex.param("Salario básico unificado vigente", pv)
    return {"amount": pv.value}, ex


RULES: dict[str, Rule] = {
    "minimum_wage": minimum_wage_rule,
    "contribution": contributions.contribution,
    "old_age_pension": pensions.old_age_pension,
    "disability_pension": pensions.disability_pension,
    "survivors_pension": survivors.survivors_pension,
    "funeral_grant": survivors.funeral_grant,
    "thirteenth_pension": pensions.thirteenth_pension,
    "fourteenth_pension": pensions.fourteenth_pension,
    "pension_revaluation": pensions.pension_revaluation,
    "reserve_fund": contributions.reserve_fund,
    "severance_withdrawal": third_party_funds.severance_withdrawal,
    "unemployment_benefit": third_party_funds.unemployment_benefit,
    "arrears_interest": arrears.arrears_interest,
    "payment_agreement": arrears.payment_agreement,
    "work_risk_temporary_subsidy": work_risks.work_risk_temporary_subsidy,
    "work_risk_partial_indemnity": work_risks.work_risk_partial_indemnity,
    "work_risk_pension": work_risks.work_risk_pension,
    "sickness_subsidy": health.sickness_subsidy,
    "maternity_subsidy": health.maternity_subsidy,
    "rural_pension": rural.rural_pension,
    "health_coverage": health.health_coverage,
}
