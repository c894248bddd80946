"""Generate the whole synthetic registry of a scope into Polars frames, one per table.

    frames = registry_generate(plan_for("loja-2022", 0.01), seed=2022)

Deterministic: the same plan and seed give identical frames (each step draws from its own
random stream, ``calibration.rng_for``). Primary keys are assigned here (1..n per table) so
foreign keys need no read-back; the loader resets the sequences afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl

from seguro.synth import calibration as cal
from seguro.synth.affiliations import affiliations_generate
from seguro.synth.employers import employers_frame, employers_generate
from seguro.synth.families import dependents_generate, rural_generate
from seguro.synth.idgen import cedulas
from seguro.synth.names import person_names
from seguro.synth.pensions import pensions_generate
from seguro.synth.population import NO_DATE, People, as_date, people_generate

# Tables in load order (parents before children).
TABLES = (
    "registry_person",
    "registry_employer",
    "registry_affiliation",
    "registry_salaryrecord",
    "registry_pensioner",
    "registry_dependent",
    "registry_ruralorganisation",
    "registry_ruralfamily",
    "registry_ruralmember",
)
TABLE_LABELS = {
    "registry_person": "Personas",
    "registry_employer": "Empleadores",
    "registry_affiliation": "Afiliaciones",
    "registry_salaryrecord": "Salarios",
    "registry_pensioner": "Pensionistas",
    "registry_dependent": "Dependientes",
    "registry_ruralorganisation": "Organizaciones campesinas",
    "registry_ruralfamily": "Familias campesinas",
    "registry_ruralmember": "Miembros de familias campesinas",
}


def registry_generate(
    plan: cal.ScopePlan, seed: int, step: Callable[[str], None] | None = None
) -> dict[str, pl.DataFrame]:
    """All registry rows of the plan, table name -> frame (columns named as in the database).
    ``step`` is told the (Spanish) name of each stage as it starts."""
    tell = step or (lambda _label: None)
    tell("Generando personas")
    people = people_generate(plan, seed)
    tell("Generando empleadores")
    employers = employers_generate(plan, people, seed)
    tell("Generando pensiones")
    pensioners, pension_start = pensions_generate(plan, people, seed)
    tell("Generando afiliaciones y salarios")
    affiliations, salaries, current_start = affiliations_generate(
        plan, people, employers, pension_start, seed
    )
    tell("Generando dependientes")
    dependents = dependents_generate(plan, people, seed)
    tell("Generando el Seguro Social Campesino")
    rural = rural_generate(plan, people, current_start, seed)
    tell("Preparando filas")
    frames = {
        "registry_person": persons_frame(people),
        "registry_employer": employers_frame(employers, people, seed),
        "registry_affiliation": affiliations,
        "registry_salaryrecord": salaries,
        "registry_pensioner": pensioners,
        "registry_dependent": dependents,
        **rural,
    }
    return {name: frames[name] for name in TABLES}


def persons_frame(people: People) -> pl.DataFrame:
    """The registry_person rows (no passports: every synthetic person has a cédula)."""
    first, last = person_names(people.female, people.names)
    frame = pl.DataFrame(
        {
            "id": np.arange(1, len(people) + 1),
            "national_id": cedulas(people.cedula_province, people.serial),
            "first_names": first,
            "last_names": last,
            "sex": pl.Series(["M", "F"]).gather(people.female.astype(np.int64)),
            "birth_date": people.birth,
            "death_date": people.death,
            "canton_id": pl.Series(people.canton_codes).gather(people.canton.astype(np.int64)),
        }
    )
    return frame.with_columns(as_date("birth_date"), as_date("death_date"))


__all__ = ["NO_DATE", "TABLES", "TABLE_LABELS", "registry_generate"]
