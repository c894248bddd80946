"""Employers: natural persons, private companies and public entities with valid RUCs, spread
over cantons like dependency affiliates, each with a size weight that decides how many workers
it draws; and the choice of an employer for each worker."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from seguro.registry.ids import TaxIdKind
from seguro.synth import calibration as cal
from seguro.synth import names
from seguro.synth.population import People, day_number

KINDS = ("natural", "private", "public")
NATURAL, PRIVATE, PUBLIC = range(3)
# Employer classes a regime draws from: private workers from natural persons and companies,
# public servants from public entities, banks / local governments from either (see assumptions).
PRIVATE_CLASS, PUBLIC_CLASS, COMPANY_CLASS = "private", "public", "company"


@dataclass
class Employers:
    kind: np.ndarray  # uint8: NATURAL, PRIVATE, PUBLIC
    canton: np.ndarray  # int16 index into People.canton_codes
    province: np.ndarray  # int8
    weight: np.ndarray  # float64, relative size
    serial: np.ndarray  # int64, RUC serial within (kind, province)
    representative: np.ndarray  # int64 person id, 0 = none

    def __len__(self) -> int:
        return len(self.kind)


def employers_generate(plan: cal.ScopePlan, people: People, seed: int) -> Employers:
    rng = cal.rng_for(seed, "employers")
    settings = cal.assumptions()["employers"]
    codes, weights = cal.canton_weights(plan, "private_employee")
    position = {c: i for i, c in enumerate(people.canton_codes)}
    local = np.array([position[c] for c in codes], dtype=np.int16)
    canton = np.repeat(local, cal.apportion(plan.employers, weights))
    province = np.array([int(people.canton_codes[c][:2]) for c in canton], dtype=np.int8)
    kind = np.zeros(len(canton), dtype=np.uint8)
    shares = [settings["kind_shares"][k] for k in KINDS]
    for p in np.unique(province):
        rows = np.flatnonzero(province == p)
        counts = cal.apportion(len(rows), shares)
        for k in range(3):  # every province gets at least one employer of each kind
            if counts[k] == 0 and len(rows) >= 3:
                counts[k] += 1
                counts[np.argmax(counts)] -= 1
        labels = np.repeat(np.arange(3, dtype=np.uint8), counts)
        rng.shuffle(labels)
        kind[rows] = labels
    median = np.array([settings["size_median"][k] for k in KINDS])[kind]
    sigma = np.array([settings["size_sigma"][k] for k in KINDS])[kind]
    weight = median * np.exp(sigma * rng.standard_normal(len(kind)))
    serial = np.zeros(len(kind), dtype=np.int64)
    limit = settings["person_serial_limit"]
    for p in np.unique(province):
        for k in range(3):
            rows = np.flatnonzero((province == p) & (kind == k))
            if k == NATURAL:
                serial[rows] = limit + rng.choice(6_000_000 - limit, len(rows), replace=False)
            else:
                serial[rows] = np.arange(len(rows)) + rng.integers(0, 1000)
    employers = Employers(kind, canton, province, weight, serial, np.zeros(len(kind), np.int64))
    _pick_representatives(employers, people, plan, rng)
    return employers


def _pick_representatives(
    employers: Employers, people: People, plan: cal.ScopePlan, rng: np.random.Generator
) -> None:
    """Companies and public entities get a legal representative: an adult affiliate (25-70)
    of the same province."""
    groups = ("private_employee", "public_servant", "bank_or_local_government", "self_employed")
    pool = np.concatenate([people.rows(g) for g in groups])
    ref = day_number(plan.reference_date)
    age = (ref - people.birth[pool]) / cal.DAYS_PER_YEAR
    pool = pool[(age >= 25) & (age <= 70)]
    pool_province = people.province[pool]
    needs = employers.kind != NATURAL
    for p in np.unique(employers.province[needs]):
        rows = np.flatnonzero(needs & (employers.province == p))
        candidates = pool[pool_province == p]
        if len(candidates) == 0:
            candidates = pool
        if len(candidates):
            employers.representative[rows] = rng.choice(candidates, len(rows)) + 1


def employer_choose(
    employers: Employers,
    province: np.ndarray,
    employer_class: str,
    rng: np.random.Generator,
    *,
    avoid: np.ndarray | None = None,
) -> np.ndarray:
    """An employer id for each worker (by province), drawn by employer size within the class;
    ``avoid`` (ids) is never returned for the same worker when the province has another."""
    if employer_class == PRIVATE_CLASS:
        eligible = employers.kind != PUBLIC
    elif employer_class == PUBLIC_CLASS:
        eligible = employers.kind == PUBLIC
    else:
        eligible = employers.kind == PRIVATE
    chosen = np.zeros(len(province), dtype=np.int64)
    for p in np.unique(province):
        workers = np.flatnonzero(province == p)
        pool = np.flatnonzero(eligible & (employers.province == p))
        if len(pool) == 0:
            pool = np.flatnonzero(eligible)
        if len(pool) == 0:
            pool = np.arange(len(employers))
        w = employers.weight[pool] / employers.weight[pool].sum()
        pick = rng.choice(len(pool), len(workers), p=w)
        if avoid is not None and len(pool) > 1:
            clash = pool[pick] + 1 == avoid[workers]
            pick[clash] = (pick[clash] + 1 + rng.integers(0, len(pool) - 1, clash.sum())) % len(
                pool
            )
        chosen[workers] = pool[pick] + 1
    return chosen


def employers_frame(employers: Employers, people: People, seed: int) -> pl.DataFrame:
    """The registry_employer rows."""
    from seguro.synth.idgen import rucs

    rng = cal.rng_for(seed, "employers:names")
    n = len(employers)
    tax_id = pl.Series("tax_id", [""] * n, dtype=pl.String)
    name = pl.Series("name", [""] * n, dtype=pl.String)
    canton_codes = pl.Series(people.canton_codes)
    for k, tax_kind in enumerate(
        (TaxIdKind.NATURAL_PERSON, TaxIdKind.PRIVATE_COMPANY, TaxIdKind.PUBLIC_ENTITY)
    ):
        rows = np.flatnonzero(employers.kind == k)
        if len(rows) == 0:
            continue
        tax_id = tax_id.scatter(
            rows, rucs(tax_kind, employers.province[rows], employers.serial[rows])
        )
        if k == NATURAL:
            female = rng.random(len(rows)) < 0.4
            first, last = names.person_names(female, names.draw_person_names(rng, len(rows)))
            label = pl.select(pl.concat_str([last, first], separator=" ")).to_series()
        elif k == PRIVATE:
            label = names.company_names(rng, len(rows))
        else:
            cantons = employers.canton[rows]
            _, first_index = np.unique(cantons, return_index=True)
            opens_canton = np.zeros(len(rows), dtype=bool)
            opens_canton[first_index] = True
            label = names.public_entity_names(
                rng, pl.Series(cal.canton_names()).gather(cantons.astype(np.int64)), opens_canton
            )
        name = name.scatter(rows, label)
    representative = pl.Series(employers.representative).replace(0, None)
    kind_labels = pl.Series(KINDS).gather(employers.kind.astype(np.int64))
    return pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "tax_id": tax_id,
            "name": name,
            "kind": kind_labels,
            "sector": pl.Series(["private", "private", "public"]).gather(
                employers.kind.astype(np.int64)
            ),
            "canton_id": canton_codes.gather(employers.canton.astype(np.int64)),
            "legal_representative_id": representative,
        }
    )
