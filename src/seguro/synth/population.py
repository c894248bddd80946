"""People: one block of rows per group, placed over cantons and drawn by sex and age.

Every count is exact: the group's total is apportioned over cantons (Appendix B.1 shares times
canton shares) and, separately, over sex x age bins (Appendix C.2), and the two label lists are
shuffled and zipped. Dates are integer days since 1970-01-01 (numpy int32) until the frames are
built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from seguro.synth import calibration as cal
from seguro.synth.names import draw_person_names

EPOCH = date(1970, 1, 1)
NO_DATE = np.iinfo(np.int32).min


def day_number(value: date) -> int:
    return (value - EPOCH).days


@dataclass
class People:
    """Column arrays of every generated person; row i has id i + 1."""

    group: np.ndarray  # uint8, calibration.GROUP_CODE
    female: np.ndarray  # bool
    birth: np.ndarray  # int32 days
    canton: np.ndarray  # int16 index into canton_codes
    canton_codes: list[str]
    cedula_province: np.ndarray  # int8 (1-24, or 30 abroad)
    serial: np.ndarray  # int32, unique within cedula_province
    names: np.ndarray  # uint16 (n, 4), see names.draw_person_names
    death: np.ndarray  # int32 days or NO_DATE
    group_rows: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.group)

    def rows(self, group: str) -> np.ndarray:
        """Row indices of a group (ids are rows + 1)."""
        return self.group_rows[group]

    def reorder(self, order: np.ndarray) -> None:
        """Put the rows in ``order`` (row ``order[i]`` becomes row i)."""
        for name in ("group", "female", "birth", "canton", "cedula_province", "serial", "death"):
            setattr(self, name, getattr(self, name)[order])
        self.names = self.names[order]
        self.group_rows = {
            group: np.flatnonzero(self.group == code) for group, code in cal.GROUP_CODE.items()
        }

    @property
    def province(self) -> np.ndarray:
        codes = np.array([int(c[:2]) for c in self.canton_codes], dtype=np.int8)
        province: np.ndarray = codes[self.canton]
        return province


def _age_weights(group: str) -> np.ndarray:
    """Weights over (sex, age bin), shape (2, bins): row 0 women, row 1 men."""
    table = cal.figures()["by_sex_age"][cal.PROVINCE_COLUMN[group]]
    w = np.array([table["F"], table["M"]], dtype=np.float64)
    low = np.array([b[0] for b in cal.figures()["age_bins"]])
    if group in ("old_age", "deceased_pensioner"):
        w[:, low < cal.assumptions()["pensions"]["old_age_min_age"]] = 0
    elif group == "rural_old_age":
        w[:, low < cal.assumptions()["pensions"]["rural_old_age_min_age"]] = 0
    elif group == "disability":
        w[:, low < 25] = 0
    elif group == "survivors":
        survivors = cal.figures()["splits"]["survivors"]
        orphans = survivors["orphans"] / (survivors["orphans"] + survivors["widowhood"])
        minors = np.where(low < 18, w, 0)
        adults = np.where(low >= 18, w, 0)
        adults[0] *= cal.assumptions()["pensions"]["survivor_female_weight"]
        w = minors / minors.sum() * orphans + adults / adults.sum() * (1 - orphans)
    return w


def _draw_group(
    plan: cal.ScopePlan, group: str, n: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    codes, weights = cal.canton_weights(plan, group)
    if group == "rural_head_of_family" and plan.cantons_covered:
        # The SSC reaches every canton of the province (or as many as there are heads).
        if n >= len(codes):
            per_canton = 1 + cal.apportion(n - len(codes), weights)
        else:
            per_canton = np.zeros(len(codes), dtype=np.int64)
            per_canton[np.argsort(-weights, kind="stable")[:n]] = 1
    else:
        per_canton = cal.apportion(n, weights)
    canton = np.repeat(np.arange(len(codes)), per_canton)
    rng.shuffle(canton)
    w = _age_weights(group)
    bins = w.shape[1]
    if group in plan.sex_counts:
        female_n, male_n = plan.sex_counts[group]
        cells = np.concatenate([cal.apportion(female_n, w[0]), cal.apportion(male_n, w[1])])
    else:
        cells = cal.apportion(n, w.ravel())
    cell = np.repeat(np.arange(2 * bins), cells)
    rng.shuffle(cell)
    age_bins = np.array(cal.figures()["age_bins"])
    low = age_bins[cell % bins, 0] * cal.DAYS_PER_YEAR
    width = (age_bins[cell % bins, 1] + 1) * cal.DAYS_PER_YEAR - 2 - low
    age_days = np.floor(low + rng.random(n) * width)
    if group == "rural_old_age":  # safely past the 65th birthday
        age_days = np.maximum(age_days, 65.5 * cal.DAYS_PER_YEAR)
    birth = day_number(plan.reference_date) - age_days.astype(np.int32)
    return {"canton": canton, "codes": np.array(codes), "female": cell < bins, "birth": birth}


def people_generate(plan: cal.ScopePlan, seed: int) -> People:
    """All people of the plan, group by group in ``calibration.GROUPS`` order."""
    all_codes = [c for c, _ in cal.cantons()]
    position = {c: i for i, c in enumerate(all_codes)}
    parts: list[dict[str, np.ndarray]] = []
    start = 0
    for group in cal.GROUPS:
        n = plan.counts[group]
        start += n
        if n == 0:
            continue
        drawn = _draw_group(plan, group, n, cal.rng_for(seed, f"people:{group}"))
        mapping = np.array([position[c] for c in drawn["codes"]], dtype=np.int16)
        drawn["canton"] = mapping[drawn["canton"]]
        drawn["group"] = np.full(n, cal.GROUP_CODE[group], dtype=np.uint8)
        parts.append(drawn)
    total = start
    rng = cal.rng_for(seed, "people:common")
    people = People(
        group=np.concatenate([p["group"] for p in parts]),
        female=np.concatenate([p["female"] for p in parts]),
        birth=np.concatenate([p["birth"] for p in parts]).astype(np.int32),
        canton=np.concatenate([p["canton"] for p in parts]),
        canton_codes=all_codes,
        cedula_province=np.zeros(total, dtype=np.int8),
        serial=np.zeros(total, dtype=np.int32),
        names=draw_person_names(rng, total),
        death=np.full(total, NO_DATE, dtype=np.int32),
    )
    people.reorder(np.arange(total))
    _assign_cedulas(people, rng)
    deceased = people.rows("deceased_pensioner")
    recent = cal.assumptions()["pensions"]["deceased_recent_days"]
    ref = day_number(plan.reference_date)
    people.death[deceased] = ref - rng.integers(1, recent + 1, len(deceased))
    return people


def _assign_cedulas(people: People, rng: np.random.Generator) -> None:
    """Cédula province = domicile province (30 for voluntary affiliates abroad); serials unique
    per province, below the limit kept free for natural-person employers.

    Within a province, cédulas ascend with the canton of domicile, and the people are then put
    in cédula order, so ids, cédulas and cantons all ascend together: PostgreSQL builds the
    unique cédula index and the canton indexes from presorted rows, several times faster.
    """
    people.cedula_province[:] = people.province
    abroad = cal.assumptions()["territory"]["abroad_cedula_province"]
    people.cedula_province[people.rows("voluntary_abroad")] = int(abroad)
    limit = cal.assumptions()["employers"]["person_serial_limit"]
    block = limit // 6  # cédula digits 4-9 range over one block per value of digit 3
    rank = np.zeros(len(people), dtype=np.int64)
    for province in np.unique(people.cedula_province):
        rows = np.flatnonzero(people.cedula_province == province)
        if len(rows) > limit:
            raise ValueError(f"demasiadas personas para la provincia {province}")
        ranks = np.sort(rng.choice(limit, size=len(rows), replace=False))
        by_canton = rows[np.lexsort((rng.random(len(rows)), people.canton[rows]))]
        rank[by_canton] = ranks
    # The cédula of serial s reads (province, s % 6, s // 6): serial = (rank % block) * 6 +
    # rank // block makes cédula order equal rank order.
    people.serial[:] = (rank % block) * 6 + rank // block
    people.reorder(np.lexsort((rank, people.cedula_province)))


def anniversary(birth: np.ndarray, years: int | np.ndarray) -> np.ndarray:
    """The day a person born on ``birth`` turns ``years`` (a 29 February birthday falls on
    1 March in common years, as the SQL age tests of registry.coverage read it)."""
    day = np.asarray(birth).astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    offset = (day - month.astype("datetime64[D]")).astype(np.int64)
    shifted = (month.astype(np.int64) + 12 * np.asarray(years, dtype=np.int64)).astype(
        "datetime64[M]"
    )
    result: np.ndarray = (shifted.astype("datetime64[D]").astype(np.int64) + offset).astype(
        np.int32
    )
    return result


def year_of(days: np.ndarray) -> np.ndarray:
    years: np.ndarray = np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]")
    return years.astype(np.int64) + 1970


def uniform_days(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A day in [low, high] (inclusive) for each row; high below low gives low."""
    low = np.asarray(low, dtype=np.int64)
    span = np.maximum(np.asarray(high, dtype=np.int64) - low, 0)
    days: np.ndarray = (low + np.floor(rng.random(len(low)) * (span + 1))).astype(np.int32)
    return days


def as_date(column: str) -> pl.Expr:
    """Integer days (NO_DATE = null) to a date column."""
    value = pl.col(column).cast(pl.Int32)
    return pl.when(value == NO_DATE).then(None).otherwise(value).cast(pl.Date).alias(column)
