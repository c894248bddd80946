"""Affiliations and their salary records.

Every affiliate has one affiliation in force on the reference date, in the regime of its group
(with an employer for the dependency regimes); a few private employees hold a second job with
another employer, begun after the first. Some affiliates, most old-age pensioners' former selves
and all former affiliates have one closed past affiliation that ended before the current one (or
the pension) began, so no two affiliations of a person with one employer ever overlap. Entry
notices come within the law's 15 days, except a small share flagged late; closed affiliations
have an exit notice. Each affiliation has one salary record from its first day.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from seguro.synth import calibration as cal
from seguro.synth.employers import (
    COMPANY_CLASS,
    PRIVATE_CLASS,
    PUBLIC_CLASS,
    Employers,
    employer_choose,
)
from seguro.synth.population import (
    NO_DATE,
    People,
    anniversary,
    as_date,
    day_number,
    uniform_days,
    year_of,
)
from seguro.synth.salaries import salaries_generate
from seguro.synth.turnover import turnover_affiliations

DEPENDENCY = ("private_employee", "public_servant", "bank_or_local_government")
REGIMES = cal.AFFILIATE_GROUPS  # the affiliate groups are named after their regimes
REGIME_CODE = {r: i for i, r in enumerate(REGIMES)}


def _earliest_start(people: People, rows: np.ndarray, ref: int) -> np.ndarray:
    """First possible working day: the 18th birthday (the 15th for minors who already work)."""
    at_18 = anniversary(people.birth[rows], 18)
    return np.where(at_18 <= ref, at_18, anniversary(people.birth[rows], 15))


def _notice_delay(rng: np.random.Generator, late: np.ndarray) -> np.ndarray:
    rules = cal.assumptions()["affiliation"]
    term = rules["notice_days"]
    extra_low, extra_high = rules["late_notice_extra_days"]
    on_time = rng.integers(0, term + 1, len(late))
    overdue = term + rng.integers(extra_low, extra_high + 1, len(late))
    return np.where(late, overdue, on_time)


class _Rows:
    """Affiliation columns gathered block by block."""

    def __init__(self) -> None:
        self.blocks: list[dict[str, np.ndarray]] = []

    def add(self, **columns: np.ndarray) -> None:
        self.blocks.append(columns)

    def column(self, name: str) -> np.ndarray:
        return np.concatenate([b[name] for b in self.blocks])

    def shuffle(self, rng: np.random.Generator) -> None:
        """One block in random row order. Ids follow row order, and PostgreSQL builds the
        exclusion constraint's GiST index about twice as fast from rows in random order as
        from rows sorted by person."""
        order = rng.permutation(sum(len(b["person"]) for b in self.blocks))
        self.blocks = [{name: self.column(name)[order] for name in self.blocks[0]}]


def affiliations_generate(
    plan: cal.ScopePlan,
    people: People,
    employers: Employers,
    pension_start: np.ndarray,
    seed: int,
) -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray]:
    """(registry_affiliation rows, registry_salaryrecord rows, start of each person's current
    affiliation or NO_DATE)."""
    rng = cal.rng_for(seed, "affiliations")
    rules = cal.assumptions()["affiliation"]
    ref = day_number(plan.reference_date)
    year_start = day_number(plan.reference_date.replace(month=1, day=1))
    out = _Rows()
    current_start = np.full(len(people), NO_DATE, dtype=np.int32)
    for regime in REGIMES:
        rows = people.rows(regime)
        n = len(rows)
        if n == 0:
            continue
        earliest = _earliest_start(people, rows, ref)
        if regime == "home_work":
            earliest = np.maximum(
                earliest, day_number(cal.figures()["programme_start"]["home_work"])
            )
        max_tenure = np.maximum(ref - earliest, 0)
        tenure = rng.exponential(rules["tenure_mean_years"] * cal.DAYS_PER_YEAR, n)
        new = rng.random(n) < rules["new_in_reference_year_share"]
        tenure = np.where(new, rng.random(n) * (ref - year_start), tenure).astype(np.int64)
        late = (rng.random(n) < rules["late_entry_notice_share"]) & (regime in DEPENDENCY)
        delay = _notice_delay(rng, late)
        tenure = np.minimum(np.maximum(tenure, delay), max_tenure)
        delay = np.minimum(delay, tenure)
        valid_from = (ref - tenure).astype(np.int32)
        current_start[rows] = valid_from
        employer = _employers_for(regime, people.province[rows], employers, rng)
        out.add(
            person=rows,
            employer=employer,
            regime=np.full(n, REGIME_CODE[regime]),
            valid_from=valid_from,
            valid_to=np.full(n, NO_DATE, dtype=np.int32),
            notice=valid_from + delay,
            exit_notice=np.full(n, NO_DATE, dtype=np.int32),
            late=delay > rules["notice_days"],
        )
        if regime == "private_employee":
            _second_jobs(out, rows, employer, valid_from, people, employers, rng, ref)
    _past_affiliations(out, plan, people, employers, pension_start, current_start, rng)
    if plan.stock_growth is not None:
        _turnover(out, plan, people, employers, cal.rng_for(seed, "turnover"))
    out.shuffle(rng)
    if plan.net_growth is not None:
        _net_growth_calibrate(out, plan, people, current_start, plan.net_growth, rng)
    affiliations = pl.DataFrame(
        {
            "person_id": out.column("person") + 1,
            "employer_id": out.column("employer"),
            "regime": pl.Series(REGIMES).gather(out.column("regime")),
            "valid_from": out.column("valid_from"),
            "valid_to": out.column("valid_to"),
            "entry_notice_date": out.column("notice"),
            "entry_notice_late": out.column("late"),
            "exit_notice_date": out.column("exit_notice"),
            "reserve_fund_mode": _reserve_fund_modes(out.column("regime"), rng),
        }
    )
    affiliations = affiliations.with_columns(
        pl.Series("id", np.arange(1, affiliations.height + 1)),
        pl.col("employer_id").replace(0, None),
        as_date("valid_from"),
        as_date("valid_to"),
        as_date("entry_notice_date"),
        as_date("exit_notice_date"),
    ).select(
        "id",
        "person_id",
        "employer_id",
        "regime",
        "valid_from",
        "valid_to",
        "entry_notice_date",
        "entry_notice_late",
        "exit_notice_date",
        "reserve_fund_mode",
    )
    salaries = salaries_generate(
        plan,
        people,
        person=out.column("person"),
        regime=np.array(REGIMES)[out.column("regime")],
        valid_from=out.column("valid_from"),
        valid_to=out.column("valid_to"),
        seed=seed,
    )
    return affiliations, salaries, current_start


def _affiliates_on(
    day: int, person: np.ndarray, start: np.ndarray, end: np.ndarray, people: People
) -> int:
    """Living people with an affiliation in force on ``day``, each once (as the registry's
    coverage selectors count them)."""
    death = people.death[person]
    alive = (death == NO_DATE) | (death > day)
    in_force = (start <= day) & ((end == NO_DATE) | (end >= day)) & alive
    return int(np.unique(person[in_force]).size)


def _net_growth_calibrate(
    out: _Rows,
    plan: cal.ScopePlan,
    people: People,
    current_start: np.ndarray,
    growth: int,
    rng: np.random.Generator,
) -> None:
    """Move the start of some current affiliations across 31 December of the year before so
    that the affiliates on the reference date minus those a year earlier equal ``growth``.
    Only people with one open affiliation are moved, never before they turn 18 nor onto a
    closed affiliation of theirs; the notice keeps its delay."""
    ref = day_number(plan.reference_date)
    before = day_number(date(plan.year - 1, 12, 31))
    block = out.blocks[0]
    person, start, end = block["person"], block["valid_from"], block["valid_to"]
    gap = (
        _affiliates_on(ref, person, start, end, people)
        - _affiliates_on(before, person, start, end, people)
        - growth
    )
    if gap == 0:
        return
    is_open = end == NO_DATE
    open_rows = np.bincount(person[is_open], minlength=len(people))
    # The last day of each person's closed affiliations: a start moved earlier stays after it.
    last_closed = np.full(len(people), NO_DATE, dtype=np.int64)
    np.maximum.at(last_closed, person[~is_open], end[~is_open].astype(np.int64))
    death = people.death[person]
    movable = (open_rows[person] == 1) & is_open & ((death == NO_DATE) | (death > ref))
    if gap > 0:  # too many new affiliates: some began in the year before (or earlier)
        lowest = np.maximum(
            np.maximum(last_closed[person] + 1, anniversary(people.birth[person], 18)),
            before - 365,
        )
        candidates = np.flatnonzero(movable & (start > before) & (lowest <= before))
    else:  # too few: some who were there a year earlier began in the year
        candidates = np.flatnonzero(movable & (start <= before))
    if len(candidates) < abs(gap):
        raise ValueError(
            f"no se puede calibrar el crecimiento neto de afiliados ({growth}): faltan "
            f"{abs(gap) - len(candidates)} afiliaciones que mover"
        )
    chosen = rng.choice(candidates, size=abs(gap), replace=False)
    if gap > 0:
        span = before - lowest[chosen] + 1
        moved = before - (rng.random(len(chosen)) * span).astype(np.int64)
    else:
        moved = before + 1 + rng.integers(0, ref - before, len(chosen))
    shift = moved - start[chosen]
    start[chosen] = moved
    block["notice"][chosen] = block["notice"][chosen] + shift
    current_start[person[chosen]] = moved


def _turnover(
    out: _Rows,
    plan: cal.ScopePlan,
    people: People,
    employers: Employers,
    rng: np.random.Generator,
) -> None:
    """Closed affiliations that keep the month-end stock of each regime on the plan's path
    (synth.turnover), with an employer other than the current one for the dependency regimes
    and their entry and exit notices (``_closed_add``, as for the past affiliations)."""
    columns = {name: out.column(name) for name in ("person", "regime", "valid_from", "valid_to")}
    current_employer = np.zeros(len(people), dtype=np.int64)
    is_open = columns["valid_to"] == NO_DATE
    current_employer[columns["person"][is_open]] = out.column("employer")[is_open]
    added = turnover_affiliations(plan, people, columns, rng)
    person, regime, start, end = (
        added["person"],
        added["regime"],
        added["valid_from"],
        added["valid_to"],
    )
    n = len(person)
    employer = np.zeros(n, dtype=np.int64)
    for name in DEPENDENCY:
        rows = np.flatnonzero(regime == REGIME_CODE[name])
        employer[rows] = _employers_for(
            name, people.province[person[rows]], employers, rng, current_employer[person[rows]]
        )
    dependency = np.isin(regime, [REGIME_CODE[r] for r in DEPENDENCY])
    _closed_add(out, plan, rng, person, employer, regime, start, end, late_possible=dependency)


def _closed_add(
    out: _Rows,
    plan: cal.ScopePlan,
    rng: np.random.Generator,
    person: np.ndarray,
    employer: np.ndarray,
    regime: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    *,
    late_possible: np.ndarray,
) -> None:
    """Add closed affiliations with their entry notice (late for a share of the rows where
    ``late_possible``) and their exit notice within the law's days, none after the reference
    date."""
    rules = cal.assumptions()["affiliation"]
    ref = day_number(plan.reference_date)
    late = (rng.random(len(person)) < rules["late_entry_notice_share"]) & late_possible
    notice = np.minimum(start + _notice_delay(rng, late), ref).astype(np.int32)
    exit_notice = np.minimum(end + rng.integers(0, rules["notice_days"] + 1, len(person)), ref)
    out.add(
        person=person,
        employer=employer,
        regime=regime,
        valid_from=start,
        valid_to=end,
        notice=notice,
        exit_notice=exit_notice.astype(np.int32),
        late=notice - start > rules["notice_days"],
    )


def _reserve_fund_modes(regime: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Dependency workers keep their reserve fund at the IESS at the published share; the
    rest (and every other regime, where it does not apply) take it monthly."""
    data = cal.figures()["reserve_fund"]
    share = data["accumulated"] / data["dependency_affiliates"]
    dependency = np.isin(regime, [REGIME_CODE[r] for r in DEPENDENCY])
    accumulated = dependency & (rng.random(len(regime)) < share)
    return pl.Series(["monthly", "accumulated"]).gather(accumulated.astype(np.int64))


def _employers_for(
    regime: str,
    province: np.ndarray,
    employers: Employers,
    rng: np.random.Generator,
    avoid: np.ndarray | None = None,
) -> np.ndarray:
    """An employer of the regime's class for each worker; ``avoid``: see employer_choose."""
    if regime == "private_employee":
        return employer_choose(employers, province, PRIVATE_CLASS, rng, avoid=avoid)
    if regime == "public_servant":
        return employer_choose(employers, province, PUBLIC_CLASS, rng, avoid=avoid)
    if regime == "bank_or_local_government":
        share = cal.assumptions()["employers"]["bank_or_local_government_public_share"]
        public = rng.random(len(province)) < share
        return np.where(
            public,
            employer_choose(employers, province, PUBLIC_CLASS, rng, avoid=avoid),
            employer_choose(employers, province, COMPANY_CLASS, rng, avoid=avoid),
        )
    return np.zeros(len(province), dtype=np.int64)


def _second_jobs(
    out: _Rows,
    rows: np.ndarray,
    employer: np.ndarray,
    valid_from: np.ndarray,
    people: People,
    employers: Employers,
    rng: np.random.Generator,
    ref: int,
) -> None:
    """A second current job with another employer, begun on or after the first one."""
    chosen = np.flatnonzero(
        rng.random(len(rows)) < cal.assumptions()["affiliation"]["second_job_share"]
    )
    if len(chosen) == 0:
        return
    province = people.province[rows[chosen]]
    other = employer_choose(employers, province, PRIVATE_CLASS, rng, avoid=employer[chosen])
    keep = other != employer[chosen]
    chosen, other = chosen[keep], other[keep]
    start = uniform_days(rng, valid_from[chosen], np.full(len(chosen), ref))
    delay = np.minimum(
        rng.integers(0, cal.assumptions()["affiliation"]["notice_days"] + 1, len(chosen)),
        ref - start,
    )
    out.add(
        person=rows[chosen],
        employer=other,
        regime=np.full(len(chosen), REGIME_CODE["private_employee"]),
        valid_from=start,
        valid_to=np.full(len(chosen), NO_DATE, dtype=np.int32),
        notice=start + delay,
        exit_notice=np.full(len(chosen), NO_DATE, dtype=np.int32),
        late=np.zeros(len(chosen), dtype=bool),
    )


def _past_affiliations(
    out: _Rows,
    plan: cal.ScopePlan,
    people: People,
    employers: Employers,
    pension_start: np.ndarray,
    current_start: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """One closed affiliation before the current one (or the pension) for part of each group,
    and for every former affiliate."""
    rules = cal.assumptions()["affiliation"]
    shares = rules["past_affiliation_share"]
    ref = day_number(plan.reference_date)
    pick: list[np.ndarray] = []
    anchor: list[np.ndarray] = []
    for group in (*DEPENDENCY, "self_employed", "voluntary", "voluntary_abroad", "old_age"):
        rows = people.rows(group)
        key = {"voluntary_abroad": "voluntary", "old_age": "pensioner_old_age"}.get(group, group)
        share = shares["dependency" if group in DEPENDENCY else key]
        rows = rows[rng.random(len(rows)) < share]
        start = pension_start[rows] if group == "old_age" else current_start[rows]
        gap_low, gap_high = rules["past_gap_days"]
        gap = rng.integers(gap_low, gap_high, len(rows), endpoint=True)
        pick.append(rows)
        anchor.append(start - (1 if group == "old_age" else gap))
    former = people.rows("former_affiliate")
    pick.append(former)
    anchor.append(ref - rng.integers(30, 5 * 366, len(former)))
    rows = np.concatenate(pick)
    end = np.concatenate(anchor).astype(np.int64)
    low, high = rules["past_affiliation_years"]
    duration = (low + rng.random(len(rows)) * (high - low)) * cal.DAYS_PER_YEAR
    earliest = anniversary(people.birth[rows], 18)
    start = np.maximum(end - duration.astype(np.int64), earliest)
    keep = (start <= end) & (year_of(end) >= rules["earliest_closing_year"])
    rows, start, end = rows[keep], start[keep].astype(np.int32), end[keep].astype(np.int32)
    n = len(rows)
    self_employed = np.zeros(n, dtype=bool)
    is_former = people.group[rows] == cal.GROUP_CODE["former_affiliate"]
    self_employed[is_former] = rng.random(is_former.sum()) < 0.15
    employer = employer_choose(employers, people.province[rows], PRIVATE_CLASS, rng)
    employer[self_employed] = 0
    regime = np.where(self_employed, REGIME_CODE["self_employed"], REGIME_CODE["private_employee"])
    _closed_add(out, plan, rng, rows, employer, regime, start, end, late_possible=~self_employed)
