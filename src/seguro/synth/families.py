"""Families: health-coverage dependents of affiliates and pensioners, and the rural insurance's
organisations, families and members.

A dependent lives with its holder (same canton) and, if a child, carries the holder's surname.
Children are matched to a holder 19-42 years older in the same province; spouses to a holder of
the other sex, one spouse per holder, paired by age. Every rural head of family has one family in
one organisation of the head's canton; beneficiaries and retirees join a family of their canton.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from seguro.synth import calibration as cal
from seguro.synth import names
from seguro.synth.population import (
    NO_DATE,
    People,
    anniversary,
    as_date,
    day_number,
)

HOLDER_GROUPS = (
    "private_employee",
    "public_servant",
    "bank_or_local_government",
    "self_employed",
    "voluntary",
    "old_age",
    "disability",
    "work_risk",
)


def _years(value: float) -> int:
    return int(value * cal.DAYS_PER_YEAR)


def dependents_generate(plan: cal.ScopePlan, people: People, seed: int) -> pl.DataFrame:
    """registry_dependent rows: every person of the health_extension group, as a child (under
    18 on the reference date) or a spouse; moves each dependent to its holder's canton."""
    rng = cal.rng_for(seed, "dependents")
    rules = cal.assumptions()["dependents"]
    ref = day_number(plan.reference_date)
    rows = people.rows("health_extension")
    pool = np.concatenate([people.rows(g) for g in HOLDER_GROUPS])
    pool = pool[anniversary(people.birth[pool], 18) <= ref]
    child = anniversary(people.birth[rows], 18) > ref
    holder = np.zeros(len(rows), dtype=np.int64)
    kids, spouses = rows[child], rows[~child]
    holder[child] = _parents(people, kids, pool, rules, rng)
    holder[~child] = _partners(people, spouses, pool, rules, rng)
    found = holder >= 0
    rows, holder, child = rows[found], holder[found], child[found]
    people.canton[rows] = people.canton[holder]
    male_holder = ~people.female[holder]
    surname_slot = np.where(male_holder, 2, 3)
    people.names[rows[child], surname_slot[child]] = people.names[holder[child], 2]
    birth = people.birth[rows]
    first_day, last_day = rules["coverage_start_delay_days"]
    delay = rng.integers(first_day, last_day, len(rows), endpoint=True)
    low, high = rules["spouse_since_years"]
    since = ref - (low + rng.random(len(rows)) * (high - low)) * cal.DAYS_PER_YEAR
    adult_from = anniversary(birth, 18)
    valid_from = np.where(child, birth + delay, np.maximum(since.astype(np.int64), adult_from))
    valid_from = np.minimum(valid_from, ref).astype(np.int32)
    valid_to = np.where(child, anniversary(birth, 18) - 1, NO_DATE).astype(np.int32)
    frame = pl.DataFrame(
        {
            "id": np.arange(1, len(rows) + 1),
            "holder_id": holder + 1,
            "person_id": rows + 1,
            "kind": pl.Series(["spouse", "child"]).gather(child.astype(np.int64)),
            "valid_from": valid_from,
            "valid_to": valid_to,
        }
    )
    return frame.with_columns(as_date("valid_from"), as_date("valid_to"))


def _parents(
    people: People,
    kids: np.ndarray,
    pool: np.ndarray,
    rules: dict[str, Any],
    rng: np.random.Generator,
) -> np.ndarray:
    """A holder for each child: the pool member of the child's province born nearest to
    19-42 years before the child (siblings happen naturally)."""
    low, high = rules["parent_age_at_birth_years"]
    target = people.birth[kids] - _years(low) - rng.random(len(kids)) * _years(high - low)
    result = np.full(len(kids), -1, dtype=np.int64)
    for _, members, candidates in _by_province(people, kids, pool):
        sorted_pool = candidates[np.argsort(people.birth[candidates], kind="stable")]
        position = np.searchsorted(people.birth[sorted_pool], target[members])
        result[members] = sorted_pool[np.clip(position, 0, len(sorted_pool) - 1)]
    return result


def _partners(
    people: People,
    spouses: np.ndarray,
    pool: np.ndarray,
    rules: dict[str, Any],
    rng: np.random.Generator,
) -> np.ndarray:
    """A holder for each spouse: someone of the other sex, in the same province, at most one
    spouse each, paired by age order (the holder a few years older on average)."""
    result = np.full(len(spouses), -1, dtype=np.int64)
    for _, members, candidates in _by_province(people, spouses, pool):
        for female in (True, False):
            mine = members[people.female[spouses[members]] == female]
            others = candidates[people.female[candidates] != female]
            if len(others) < len(mine):  # tiny scales: take anyone left
                others = candidates
            if len(mine) == 0 or len(others) == 0:
                continue
            take = rng.choice(others, min(len(mine), len(others)), replace=False)
            mine = mine[: len(take)]
            low, high = rules["spouse_age_gap_years"]
            gap = (low + rng.random(len(mine)) * (high - low)) * cal.DAYS_PER_YEAR
            spouse_order = np.argsort(people.birth[spouses[mine]] - gap, kind="stable")
            holder_order = np.argsort(people.birth[take], kind="stable")
            result[mine[spouse_order]] = take[holder_order]
    return result


def _by_province(
    people: People, rows: np.ndarray, pool: np.ndarray
) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(province, positions in rows, pool members of that province or the whole pool)."""
    row_province = people.province[rows]
    pool_province = people.province[pool]
    result = []
    for province in np.unique(row_province):
        members = np.flatnonzero(row_province == province)
        candidates = pool[pool_province == province]
        result.append((int(province), members, candidates if len(candidates) else pool))
    return result


def rural_generate(
    plan: cal.ScopePlan, people: People, head_start: np.ndarray, seed: int
) -> dict[str, pl.DataFrame]:
    """registry_ruralorganisation, _ruralfamily and _ruralmember rows."""
    rng = cal.rng_for(seed, "rural")
    heads = people.rows("rural_head_of_family")
    per_org = cal.assumptions()["rural"]["families_per_organisation"]
    head_canton = people.canton[heads]
    # Organisations: enough per canton for its families, families spread over them.
    org_canton: list[np.ndarray] = []
    family_org = np.zeros(len(heads), dtype=np.int64)
    next_id = 1
    for canton in np.unique(head_canton):
        members = np.flatnonzero(head_canton == canton)
        count = -(-len(members) // per_org)
        family_org[members] = next_id + rng.integers(0, count, len(members))
        org_canton.append(np.full(count, canton, dtype=np.int16))
        next_id += count
    org_canton_all = np.concatenate(org_canton) if org_canton else np.zeros(0, np.int16)
    codes = pl.Series(people.canton_codes).gather(org_canton_all.astype(np.int64))
    serial = pl.Series(_serial_within(org_canton_all) + 1).cast(pl.String).str.zfill(5)
    organisations = pl.DataFrame(
        {
            "id": np.arange(1, len(org_canton_all) + 1),
            "code": pl.select(pl.concat_str([codes, pl.lit("-"), serial])).to_series(),
            "name": names.rural_organisation_names(
                rng, pl.Series(cal.canton_names()).gather(org_canton_all.astype(np.int64))
            ),
            "canton_id": codes,
        }
    )
    family_start = head_start[heads]
    families = pl.DataFrame(
        {
            "id": np.arange(1, len(heads) + 1),
            "organisation_id": family_org,
            "head_id": heads + 1,
            "valid_from": family_start,
            "valid_to": np.full(len(heads), NO_DATE, dtype=np.int32),
        }
    ).with_columns(as_date("valid_from"), as_date("valid_to"))
    member_parts = [_members(heads, np.arange(len(heads)), family_start, "head")]
    for group, role in (
        ("rural_beneficiary", "beneficiary"),
        ("rural_old_age", "retiree"),
        ("rural_disability", "retiree"),
    ):
        rows = people.rows(group)
        if len(rows) == 0 or len(heads) == 0:
            continue
        family = _family_for(people, rows, heads, rng)
        people.canton[rows] = people.canton[heads[family]]
        young = people.birth[rows] > day_number(plan.reference_date) - _years(30)
        people.names[rows[young], 2] = people.names[heads[family[young]], 2]
        start = np.maximum(family_start[family], people.birth[rows]).astype(np.int32)
        member_parts.append(_members(rows, family, start, role))
    member_rows = pl.concat(member_parts)
    member_rows = member_rows.with_columns(
        pl.Series("id", np.arange(1, member_rows.height + 1)),
        as_date("valid_from"),
        as_date("valid_to"),
    ).select("id", "family_id", "person_id", "role", "valid_from", "valid_to")
    return {
        "registry_ruralorganisation": organisations,
        "registry_ruralfamily": families,
        "registry_ruralmember": member_rows,
    }


def _members(rows: np.ndarray, family: np.ndarray, start: np.ndarray, role: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "family_id": family + 1,
            "person_id": rows + 1,
            "role": pl.Series([role] * len(rows), dtype=pl.String),
            "valid_from": start,
            "valid_to": np.full(len(rows), NO_DATE, dtype=np.int32),
        }
    )


def _serial_within(labels: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each run of equal labels (labels come grouped)."""
    index = np.arange(len(labels))
    if len(labels) == 0:
        return index
    starts = np.r_[0, np.flatnonzero(labels[1:] != labels[:-1]) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(labels)]))
    serial: np.ndarray = index - run_start
    return serial


def _family_for(
    people: People, rows: np.ndarray, heads: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A family (index into heads) for each person: one of their canton, else of their
    province, else any."""
    family = np.full(len(rows), -1, dtype=np.int64)
    for key in (people.canton, people.province):
        head_key = key[heads]
        order = np.argsort(head_key, kind="stable")
        sorted_key = head_key[order]
        wanted = key[rows]
        low = np.searchsorted(sorted_key, wanted, side="left")
        high = np.searchsorted(sorted_key, wanted, side="right")
        open_rows = (family < 0) & (high > low)
        pick = low + np.floor(rng.random(len(rows)) * (high - low)).astype(np.int64)
        family[open_rows] = order[pick[open_rows]]
    missing = family < 0
    family[missing] = rng.integers(0, len(heads), missing.sum())
    return family
