"""Turnover: closed past affiliations that keep the stock of affiliates on a target path.

The current affiliations alone thin out going back in time (they begin recently and almost
nobody leaves), so the stock of affiliates a year or two before the reference date is far too
low. This module measures, per regime, the stock on each month end of a window before the
reference date (each living person counted once, under their first regime in the order of
``calibration.AFFILIATE_GROUPS``, as ``registry.coverage`` counts affiliates) and adds closed
affiliations in the same regime so that the stock follows

    target(regime, month end) = stock on the reference date x (1 + g) ** (days before / 365)

with ``g`` the plan's ``stock_growth``. Every added affiliation ends before the reference date
and overlaps no other affiliation of its person: it goes to a current affiliate of the regime
whose current affiliation begins after it (a job change, after a gap) or, failing those, to a
former affiliate after their own closed affiliation. So the counts on the reference date do not
move, and each added affiliation adds exactly one affiliate of its regime on the month ends it
covers.

Allocation, month ends processed from the latest back: the jobs in force on the next month end
either stay in force (their start is still to be drawn) or begin within the month (when their
person cannot have begun earlier, or when the deficit shrinks going back); new jobs ending within
the month fill the rest of the deficit. The jobs left at the start of the window begin before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from seguro.synth import calibration as cal
from seguro.synth.population import NO_DATE, People, anniversary, day_number, uniform_days


def month_ends(reference: date, months: int) -> np.ndarray:
    """Day numbers of the last day of the ``months`` months before the reference date's month
    and of that month (oldest first); the last one is the reference date's month end."""
    days = []
    for back in range(months, -1, -1):
        index = reference.year * 12 + reference.month - 1 - back + 1
        first_of_next = date(index // 12, index % 12 + 1, 1)
        days.append(day_number(first_of_next) - 1)
    return np.asarray(days, dtype=np.int64)


def stock_by_regime(
    days: np.ndarray,
    person: np.ndarray,
    regime: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    people: People,
    regimes: int,
) -> np.ndarray:
    """Living affiliates on each day, each counted once under their first regime in force:
    an array (regimes, days)."""
    order = np.lexsort((regime, person))
    person, regime = person[order], regime[order]
    start, end = start[order].astype(np.int64), end[order].astype(np.int64)
    death = people.death[person].astype(np.int64)
    result = np.zeros((regimes, len(days)), dtype=np.int64)
    for i, day in enumerate(days):
        mask = (start <= day) & ((end == NO_DATE) | (end >= day))
        mask &= (death == NO_DATE) | (death > day)
        who = person[mask]
        if len(who) == 0:
            continue
        first = np.r_[True, who[1:] != who[:-1]]
        result[:, i] = np.bincount(regime[mask][first], minlength=regimes)
    return result


@dataclass
class Pool:
    """People who may take a closed affiliation: it may cover days from ``floor`` on and must
    end by ``ceiling`` (their next affiliation begins after it)."""

    person: np.ndarray
    floor: np.ndarray
    ceiling: np.ndarray
    preferred: np.ndarray  # bool: job changers (current affiliates), before former affiliates
    used: np.ndarray  # bool


def candidate_pool(
    rows: np.ndarray,
    former: np.ndarray,
    people: People,
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    reference: int,
    earliest: int,
) -> Pool:
    """The current affiliates ``rows`` (before their first current affiliation, after their
    last closed one) and the former affiliates ``former`` (after their closed affiliation, up to
    the day before the reference date); nobody dead by the reference date. ``earliest``: the
    first day the regime existed."""
    n = len(people)
    is_open = end == NO_DATE
    first_open = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_open, person[is_open], start[is_open].astype(np.int64))
    last_closed = np.full(n, NO_DATE, dtype=np.int64)
    np.maximum.at(last_closed, person[~is_open], end[~is_open].astype(np.int64))
    who = np.concatenate([rows, former])
    floor = np.maximum(last_closed[who] + 1, anniversary(people.birth[who], 18))
    floor = np.maximum(floor, earliest)
    ceiling = np.concatenate([first_open[rows] - 2, np.full(len(former), reference - 1)])
    death = people.death[who]
    alive = (death == NO_DATE) | (death > reference)
    preferred = np.r_[np.ones(len(rows), dtype=bool), np.zeros(len(former), dtype=bool)]
    keep = alive & (floor <= ceiling)
    return Pool(
        person=who[keep],
        floor=floor[keep].astype(np.int64),
        ceiling=ceiling[keep].astype(np.int64),
        preferred=preferred[keep],
        used=np.zeros(int(keep.sum()), dtype=bool),
    )


def _choose(
    pool: Pool, day: int, count: int, gap_days: float, rng: np.random.Generator
) -> np.ndarray:
    """Up to ``count`` unused pool rows that can be in force on ``day`` and end after it: job
    changers first, those who start their next job soon after more likely (Gumbel top-k with
    an exponential weight on the gap), then former affiliates at random."""
    fits = ~pool.used & (pool.floor <= day) & (pool.ceiling >= day)
    chosen: list[np.ndarray] = []
    for preferred in (True, False):
        need = count - sum(len(c) for c in chosen)
        if need <= 0:
            break
        rows = np.flatnonzero(fits & (pool.preferred == preferred))
        if len(rows) == 0:
            continue
        key = rng.gumbel(size=len(rows))
        if preferred:
            key -= (pool.ceiling[rows] - day) / gap_days
        chosen.append(rows[np.argsort(-key, kind="stable")[:need]])
    return np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)


def allocate(
    deficit: np.ndarray,
    days: np.ndarray,
    pool: Pool,
    rng: np.random.Generator,
    *,
    gap_days: float,
    years: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Closed affiliations (person, first day, last day) so that on each of ``days`` (month
    ends, oldest first) as many are in force as ``deficit`` says (the last day's deficit is
    ignored: they all end before it); also the shortfall, the affiliations the pool could not
    give on the worst day."""
    job_row = np.zeros(0, dtype=np.int64)  # pool row of each job
    job_end = np.zeros(0, dtype=np.int64)
    job_start = np.zeros(0, dtype=np.int64)
    active = np.zeros(0, dtype=np.int64)  # jobs in force on the day processed, start undrawn
    shortfall = 0
    for i in range(len(days) - 2, -1, -1):
        day, next_day = int(days[i]), int(days[i + 1])
        # Jobs whose person cannot be affiliated yet on ``day`` begin within the month.
        late = pool.floor[job_row[active]] > day
        begin = list(active[late])
        active = active[~late]
        target = max(int(deficit[i]), 0)
        if len(active) > target:  # fewer are needed going back: some begin within the month
            pick = rng.choice(len(active), len(active) - target, replace=False)
            begin.extend(active[pick])
            active = np.delete(active, pick)
        if begin:
            jobs = np.asarray(begin, dtype=np.int64)
            low = np.maximum(pool.floor[job_row[jobs]], day + 1)
            job_start[jobs] = uniform_days(rng, low, np.minimum(next_day, job_end[jobs]))
        need = target - len(active)
        if need > 0:
            rows = _choose(pool, day, need, gap_days, rng)
            pool.used[rows] = True
            shortfall = max(shortfall, need - len(rows))
            last = uniform_days(
                rng, np.full(len(rows), day), np.minimum(next_day - 1, pool.ceiling[rows])
            )
            new = np.arange(len(job_row), len(job_row) + len(rows))
            job_row = np.r_[job_row, rows]
            job_end = np.r_[job_end, last.astype(np.int64)]
            job_start = np.r_[job_start, np.zeros(len(rows), dtype=np.int64)]
            active = np.r_[active, new]
    if len(active):
        low, high = years
        length = ((low + rng.random(len(active)) * (high - low)) * cal.DAYS_PER_YEAR).astype(
            np.int64
        )
        first = np.maximum(job_end[active] - length, pool.floor[job_row[active]])
        job_start[active] = np.minimum(first, int(days[0]))
    return pool.person[job_row], job_start, job_end, shortfall


def targets(stock_now: np.ndarray, days: np.ndarray, growth: float) -> np.ndarray:
    """The target path: the reference-date stock (last column) discounted at ``growth`` a year."""
    years = (days - days[-1]) / 365
    path: np.ndarray = np.rint(stock_now[:, None] * (1 + growth) ** years[None, :]).astype(np.int64)
    return path


def turnover_affiliations(
    plan: cal.ScopePlan,
    people: People,
    columns: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """The closed affiliations that put the month-end stock of every regime on its target
    path (``columns``: person, regime code, valid_from, valid_to of the affiliations so far):
    person, regime code, valid_from and valid_to of the new rows."""
    rules = cal.assumptions()["turnover"]
    growth = plan.stock_growth
    regimes = cal.AFFILIATE_GROUPS
    reference = day_number(plan.reference_date)
    days = month_ends(plan.reference_date, rules["window_months"])
    person, regime = columns["person"], columns["regime"]
    start, end = columns["valid_from"], columns["valid_to"]
    stock = stock_by_regime(days, person, regime, start, end, people, len(regimes))
    path = targets(stock[:, -1], days, growth or 0.0)
    former = people.rows("former_affiliate")
    former_used = np.zeros(len(people), dtype=bool)
    years = cal.assumptions()["affiliation"]["past_affiliation_years"]
    home_work_start = day_number(cal.figures()["programme_start"]["home_work"])
    parts: list[tuple[np.ndarray, ...]] = []
    for code, name in enumerate(regimes):
        earliest = home_work_start if name == "home_work" else NO_DATE
        pool = candidate_pool(
            people.rows(name),
            former[~former_used[former]],
            people,
            person,
            start,
            end,
            reference,
            earliest,
        )
        who, first, last, _short = allocate(
            path[code] - stock[code],
            days,
            pool,
            rng,
            gap_days=rules["job_change_gap_mean_days"],
            years=tuple(years),
        )
        former_used[who] = True
        parts.append((who, np.full(len(who), code), first, last))
    return {
        "person": np.concatenate([p[0] for p in parts]).astype(np.int64),
        "regime": np.concatenate([p[1] for p in parts]).astype(np.int64),
        "valid_from": np.concatenate([p[2] for p in parts]).astype(np.int32),
        "valid_to": np.concatenate([p[3] for p in parts]).astype(np.int32),
    }
