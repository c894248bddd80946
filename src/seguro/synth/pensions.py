"""Pensioners (registry rows): one pension per pensioner, of the kind of its group, with a start
date that fits the kind's law (old age from 60, SSC old age from 65, SSC disability before 65,
orphans from birth and until the day before their 18th birthday)."""

from __future__ import annotations

import numpy as np
import polars as pl

from seguro.synth import calibration as cal
from seguro.synth.population import (
    NO_DATE,
    People,
    anniversary,
    as_date,
    day_number,
    uniform_days,
)

KIND_OF_GROUP = {
    "old_age": "old_age",
    "disability": "disability",
    "survivors": "survivors",
    "work_risk": "work_risk",
    "rural_old_age": "rural",
    "rural_disability": "rural",
    "deceased_pensioner": "old_age",
}


def pensions_generate(
    plan: cal.ScopePlan, people: People, seed: int
) -> tuple[pl.DataFrame, np.ndarray]:
    """The registry_pensioner rows, and each person's pension start (NO_DATE if none)."""
    rng = cal.rng_for(seed, "pensions")
    rules = cal.assumptions()["pensions"]
    ref = day_number(plan.reference_date)
    start_of = np.full(len(people), NO_DATE, dtype=np.int32)
    parts = []
    for group, kind in KIND_OF_GROUP.items():
        rows = people.rows(group)
        if len(rows) == 0:
            continue
        birth = people.birth[rows]
        minor = anniversary(birth, 18) > ref
        valid_to = np.full(len(rows), NO_DATE, dtype=np.int32)
        if kind == "old_age":
            low, high = rules["old_age_start_age"]
            start = uniform_days(
                rng, anniversary(birth, low), np.minimum(anniversary(birth, high), ref)
            )
        elif kind == "disability":
            low, high = rules["disability_start_age"]
            earliest = np.where(
                anniversary(birth, low) < ref, anniversary(birth, low), anniversary(birth, 18)
            )
            start = uniform_days(rng, earliest, np.minimum(anniversary(birth, high), ref))
        elif group == "rural_old_age":
            earliest = anniversary(birth, rules["rural_old_age_min_age"]) + 30
            start = uniform_days(rng, earliest, np.full_like(birth, ref))
            if plan.rural_pensioners_before is not None:
                disability = len(people.rows("rural_disability"))
                start = _rural_starts(rng, plan, earliest, disability)
        elif group == "rural_disability":  # granted before the SSC old-age age
            latest = np.minimum(anniversary(birth, rules["rural_old_age_min_age"] - 1), ref)
            earliest = np.minimum(anniversary(birth, 40), latest)
            start = uniform_days(rng, np.maximum(earliest, anniversary(birth, 18)), latest)
        else:  # survivors and work-risk pensions: orphans from birth, adults from 20-25
            low = rules["survivor_widow_start_age"][0] if kind == "survivors" else 20
            adult_from = np.where(
                anniversary(birth, low) < ref, anniversary(birth, low), anniversary(birth, 18)
            )
            start = uniform_days(rng, np.where(minor, birth, adult_from), np.full_like(birth, ref))
            if kind == "survivors":
                valid_to = np.where(minor, anniversary(birth, 18) - 1, NO_DATE).astype(np.int32)
        start = np.minimum(start, ref).astype(np.int32)
        start_of[rows] = start
        parts.append(
            pl.DataFrame(
                {
                    "person_id": rows + 1,
                    "kind": pl.Series([kind] * len(rows), dtype=pl.String),
                    "valid_from": start,
                    "valid_to": valid_to,
                }
            )
        )
    frame = pl.concat(parts) if parts else _empty()
    frame = frame.with_columns(as_date("valid_from"), as_date("valid_to"))
    frame = frame.with_columns(pl.Series("id", np.arange(1, frame.height + 1))).select(
        "id", "person_id", "kind", "valid_from", "valid_to"
    )
    return frame, start_of


def _rural_starts(
    rng: np.random.Generator, plan: cal.ScopePlan, earliest: np.ndarray, disability: int
) -> np.ndarray:
    """SSC old-age starts such that the pensioners of the year before (published stock, the
    disability pensions all counted in it) started before 1 January and the rest within the
    year; who starts in the year is drawn, those who reach the age only then always do."""
    ref = day_number(plan.reference_date)
    year_start = day_number(plan.reference_date.replace(month=1, day=1))
    before = max(int(plan.rural_pensioners_before or 0) - disability, 0)
    in_year = max(len(earliest) - before, 0)
    forced = earliest >= year_start
    free = np.flatnonzero(~forced)
    extra = max(in_year - int(forced.sum()), 0)
    new = forced.copy()
    new[rng.choice(free, size=min(extra, len(free)), replace=False)] = True
    return np.where(
        new,
        uniform_days(rng, np.maximum(earliest, year_start), np.full_like(earliest, ref)),
        uniform_days(rng, earliest, np.full_like(earliest, year_start - 1)),
    ).astype(np.int32)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "person_id": pl.Int64,
            "kind": pl.String,
            "valid_from": pl.Int32,
            "valid_to": pl.Int32,
        }
    )
