"""The old-age pension and the contribution written for openfisca-core (outside reference).

Run by bench/rules_bench.py inside bench/.venv-openfisca:
    python openfisca_model.py POPULATION.npz PARAMETERS.json RUNS DATE
Prints JSON with the median times and the paths of the result arrays. Parameters come from
seguro's YAML files (exported by rules_bench.py), written as OpenFisca parameter nodes/scales.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import ETERNITY, MONTH
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="Persona", is_person=True)


def build_parameters(p: dict, start: str) -> ParameterNode:
    def v(x):  # one dated value
        return {"values": {start: {"value": float(x)}}}

    def scale(rows):  # single-amount scale from "up to N years" rows
        brackets, lower = [], 0
        for up_to, amount in rows:
            brackets.append(
                {
                    "threshold": {start: {"value": lower}},
                    "amount": {start: {"value": float(amount)}},
                }
            )
            lower = (up_to or 0) + 1
        return {"metadata": {"type": "single_amount"}, "brackets": brackets}

    coef_brackets = [{"threshold": {start: {"value": 0}}, "amount": {start: {"value": 0.0}}}] + [
        {"threshold": {start: {"value": years}}, "amount": {start: {"value": float(c)}}}
        for years, c in p["coefficient"]
    ]
    rates = {
        kind: {regime: v(p["rates"][regime][kind]) for regime in p["regimes"]}
        for kind in ("employee", "employer")
    }
    data = {
        "minimum_wage": v(p["minimum_wage"]),
        "coefficient": {"metadata": {"type": "single_amount"}, "brackets": coef_brackets},
        "coefficient_last_years": v(p["coefficient"][-1][0]),
        "coefficient_increment": v(p["coefficient_increment"]),
        "minimum": scale(p["minimum"]),
        "maximum": scale(p["maximum"]),
        "eligibility": {
            f"row{i}": {"age": v(r["minimum_age"]), "contributions": v(r["minimum_contributions"])}
            for i, r in enumerate(p["eligibility"])
        },
        "rates": rates,
        "minimum_base": {regime: v(p["minimum_base"].get(regime, "0")) for regime in p["regimes"]},
        "reserve_fund_rate": v(p["reserve_fund_rate"]),
        "reserve_fund_first_month": v(p["reserve_fund_first_month"]),
        "reserve_fund_eligible": {
            regime: v(1 if regime in p["reserve_fund_regimes"] else 0) for regime in p["regimes"]
        },
    }
    return ParameterNode("", data=data)


def build_system(p: dict, start: str) -> TaxBenefitSystem:
    Regime = Enum("Regime", {name: name for name in p["regimes"]})

    class birth_date(Variable):
        value_type = datetime.date
        entity = Person
        definition_period = ETERNITY

    class contributions(Variable):
        value_type = int
        entity = Person
        definition_period = MONTH

    class best_five_years_average(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH

    class regime(Variable):
        value_type = Enum
        possible_values = Regime
        default_value = Regime[p["regimes"][0]]
        entity = Person
        definition_period = MONTH

    class salary(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH

    class months_with_employer(Variable):
        value_type = int
        entity = Person
        definition_period = MONTH

    class age(Variable):
        value_type = int
        entity = Person
        definition_period = MONTH

        def formula(person, period, parameters):
            birth = person("birth_date", period)
            on = np.datetime64(period.start.date)
            years = birth.astype("datetime64[Y]").astype(int) + 1970
            months = birth.astype("datetime64[M]").astype(int) % 12 + 1
            days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
            on_y, on_m, on_d = (int(x) for x in str(on).split("-"))
            before = (months > on_m) | ((months == on_m) & (days > on_d))
            return on_y - years - before

    class old_age_pension(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH

        def formula(person, period, parameters):
            P = parameters(period)
            n = person("contributions", period)
            years = n // 12
            a = person("age", period)
            eligible = np.zeros(len(n), dtype=bool)
            for i in range(len(p["eligibility"])):
                row = P.eligibility[f"row{i}"]
                eligible |= (a >= row.age) & (n >= row.contributions)
            coef = (
                P.coefficient.calc(years)
                + np.maximum(years - P.coefficient_last_years, 0) * P.coefficient_increment
            )
            sbu = P.minimum_wage
            amount = np.round(person("best_five_years_average", period) * coef, 2)
            floor = np.round(P.minimum.calc(years) * sbu, 2)
            cap = np.round(P.maximum.calc(years) * sbu, 2)
            return np.where(eligible, np.maximum(floor, np.minimum(cap, amount)), 0)

    class contribution_total(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH

        def formula(person, period, parameters):
            P = parameters(period)
            reg = person("regime", period)
            salary_ = person("salary", period)
            base = np.maximum(salary_, P.minimum_base[reg] * P.minimum_wage)
            employee = np.round(base * P.rates.employee[reg], 2)
            employer = np.round(base * P.rates.employer[reg], 2)
            return employee + employer

    class reserve_fund(Variable):
        value_type = float
        entity = Person
        definition_period = MONTH

        def formula(person, period, parameters):
            P = parameters(period)
            reg = person("regime", period)
            ok = (P.reserve_fund_eligible[reg] > 0) & (
                person("months_with_employer", period) >= P.reserve_fund_first_month
            )
            return np.where(ok, np.round(person("salary", period) * P.reserve_fund_rate, 2), 0)

    class Seguro(TaxBenefitSystem):
        def __init__(self) -> None:
            super().__init__([Person])
            self.parameters = build_parameters(p, start)
            for var in (
                birth_date,
                contributions,
                best_five_years_average,
                regime,
                salary,
                months_with_employer,
                age,
                old_age_pension,
                contribution_total,
                reserve_fund,
            ):
                self.add_variable(var)

    return Seguro(), Regime


def main() -> None:
    pop_file, param_file, runs, on = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    pop = np.load(pop_file)
    p = json.loads(Path(param_file).read_text())
    system, Regime = build_system(p, p["date"])
    period = on[:7]
    n = len(pop["contributions"])
    names = np.array(p["regimes"])[pop["regime"]]

    def simulation():
        sim = SimulationBuilder().build_default_simulation(system, n)
        sim.set_input("birth_date", "ETERNITY", pop["birth_date"])
        sim.set_input("contributions", period, pop["contributions"])
        sim.set_input("best_five_years_average", period, pop["base_cents"] / 100)
        sim.set_input("regime", period, Regime.encode(names))
        sim.set_input("salary", period, pop["salary_cents"] / 100)
        sim.set_input("months_with_employer", period, pop["months_with_employer"])
        return sim

    def timed(variables):
        times, out = [], None
        for _ in range(runs):
            sim = simulation()
            start = time.perf_counter()
            out = [sim.calculate(v, period) for v in variables]
            times.append(time.perf_counter() - start)
        return statistics.median(times), out

    t_pen, (pension,) = timed(["old_age_pension"])
    t_con, (total, _reserve) = timed(["contribution_total", "reserve_fund"])
    tmp = Path(tempfile.mkdtemp())
    np.save(tmp / "pension.npy", pension)
    np.save(tmp / "contribution.npy", total)
    print(
        json.dumps(
            {
                "version": importlib.metadata.version("openfisca-core"),
                "pension_seconds": t_pen,
                "contribution_seconds": t_con,
                "pension_file": str(tmp / "pension.npy"),
                "contribution_file": str(tmp / "contribution.npy"),
            }
        )
    )


if __name__ == "__main__":
    main()
