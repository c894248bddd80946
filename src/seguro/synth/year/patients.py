"""Who is attended, where and when, with the coverage check the service would record: the
``health.coverage`` bases computed set-based for the two kinds of patient the year draws.

- rural dispensaries: members of a rural family in force (basis ``rural``: the head's paid
  contributions in the last 12 months), who are neither pensioners nor general affiliates
  (those bases come first in ``coverage_evaluate``, and a dispensary attends the rural basis);
- own units: general affiliates in force who are not pensioners (basis ``affiliate``), whose
  employers owe no overdue month (so no employer liability arises).

Visits whose coverage the ``health_coverage`` rule refuses are dropped and drawn again. The
rows equal what ``coverage_check`` writes (tests/synth/test_year_health.py compares a sample).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from seguro.contributions.models import ContributionRecord
from seguro.registry.models import Affiliation, Pensioner, Person, Regime, RuralMember
from seguro.rules.api import compute
from seguro.synth.year.config import YearPlan

RURAL = ("rural", "Familia del Seguro Social Campesino")
AFFILIATE = ("affiliate", "Afiliado al Seguro General")
GENERAL_REGIMES = [
    r.value for r in Regime if r not in (Regime.HOME_WORK, Regime.RURAL_HEAD_OF_FAMILY)
]


def _frame(rows: Any, schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def contribution_months(plan: YearPlan) -> pl.DataFrame:
    """Every contribution record of the months generated, with its obligation's payment."""
    rows = ContributionRecord.objects.filter(period__in=plan.months).values_list(
        "person_id", "period", "employer_id", "obligation__paid_on", "obligation__due_date"
    )
    schema = {
        "payer_id": pl.Int64,
        "period": pl.Date,
        "employer_id": pl.Int64,
        "paid_on": pl.Date,
        "due_date": pl.Date,
    }
    return _frame(rows, schema)


def _month_index(column: str) -> pl.Expr:
    return pl.col(column).dt.year().cast(pl.Int64) * 12 + pl.col(column).dt.month() - 1


def payer_history(visits: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """Per visit (visit, payer_id, on): months paid in the 12 before the visit's month and
    whether an employer owes an overdue month (contributions.history's counting)."""
    joined = (
        visits.select("visit", "payer_id", "on")
        .join(records, on="payer_id", how="inner")
        .with_columns(
            _month_index("on").alias("target"),
            _month_index("period").alias("index"),
        )
        .filter(pl.col("index") < pl.col("target"))
    )
    paid = pl.col("paid_on").is_not_null() & (pl.col("paid_on") <= pl.col("on"))
    summary = joined.group_by("visit").agg(
        pl.col("period")
        .filter(paid & (pl.col("index") >= pl.col("target") - 12))
        .n_unique()
        .alias("paid"),
        (~paid & (pl.col("due_date") < pl.col("on")) & pl.col("employer_id").is_not_null())
        .any()
        .alias("arrears"),
    )
    return visits.join(summary, on="visit", how="left").with_columns(
        pl.col("paid").fill_null(0), pl.col("arrears").fill_null(False)
    )


@cache
def _rule(on: date, contributions: int) -> tuple[bool, str]:
    outputs, steps = compute(
        "health_coverage",
        on,
        {"status": "affiliate", "contributions_last_12_months": contributions},
    )
    return bool(outputs["covered"]), json.dumps(steps)


def explanation(label: str, identifier: str, paid: int, on: date) -> tuple[bool, list[Any]]:
    """(covered, the explanation coverage._contributory writes) for a payer without arrears."""
    covered, steps = _rule(on, min(12, paid))
    return covered, [
        {"step": "Base evaluada", "value": label},
        {"step": f"Aportaciones pagadas de {identifier} en los 12 meses anteriores", "value": paid},
        *json.loads(steps),
    ]


def year_days(year: int) -> list[date]:
    """Working days (Monday to Friday) of the year."""
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def in_force(start: str, end: str) -> pl.Expr:
    return (pl.col(start) <= pl.col("on")) & (pl.col(end).is_null() | (pl.col(end) >= pl.col("on")))


def rural_candidates(plan: YearPlan) -> pl.DataFrame:
    pensioners = set(Pensioner.objects.values_list("person_id", flat=True))
    general = set(
        Affiliation.objects.filter(regime__in=GENERAL_REGIMES).values_list("person_id", flat=True)
    )
    rows = RuralMember.objects.filter(person__canton__province_id=plan.province_code).values_list(
        "person_id",
        "family__head_id",
        "valid_from",
        "valid_to",
        "family__valid_from",
        "family__valid_to",
        "person__death_date",
        "person__canton_id",
    )
    schema = {
        "person_id": pl.Int64,
        "payer_id": pl.Int64,
        "member_from": pl.Date,
        "member_to": pl.Date,
        "family_from": pl.Date,
        "family_to": pl.Date,
        "death_date": pl.Date,
        "canton_id": pl.Utf8,
    }
    frame = _frame(rows, schema)
    once = frame.group_by("person_id").len().filter(pl.col("len") == 1)["person_id"]
    return frame.filter(
        pl.col("person_id").is_in(once.to_list())
        & ~pl.col("person_id").is_in(list(pensioners | general))
    ).sort("person_id")


def affiliate_candidates(plan: YearPlan) -> pl.DataFrame:
    pensioners = set(Pensioner.objects.values_list("person_id", flat=True))
    rows = Affiliation.objects.filter(
        regime__in=GENERAL_REGIMES, person__canton__province_id=plan.province_code
    ).values_list(
        "id", "person_id", "valid_from", "valid_to", "person__death_date", "person__canton_id"
    )
    schema = {
        "affiliation_id": pl.Int64,
        "person_id": pl.Int64,
        "member_from": pl.Date,
        "member_to": pl.Date,
        "death_date": pl.Date,
        "canton_id": pl.Utf8,
    }
    frame = _frame(rows, schema)
    return (
        frame.filter(~pl.col("person_id").is_in(list(pensioners)))
        .with_columns(
            pl.col("person_id").alias("payer_id"),
            pl.col("member_from").alias("family_from"),
            pl.col("member_to").alias("family_to"),
        )
        .sort(["person_id", "member_from", "affiliation_id"])
        .drop("affiliation_id")
    )


def identifiers(person_ids: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    step = 20_000
    for start in range(0, len(person_ids), step):
        part = person_ids[start : start + step]
        for pk, national_id, passport in Person.objects.filter(pk__in=part).values_list(
            "id", "national_id", "passport"
        ):
            found[pk] = national_id or passport or ""
    return found


def visits_draw(
    candidates: pl.DataFrame,
    records: pl.DataFrame,
    wanted: int,
    days: list[date],
    rng: np.random.Generator,
) -> pl.DataFrame:
    """``wanted`` covered visits (person_id, payer_id, canton_id, on, paid), drawn with ``rng``
    among ``candidates`` on ``days``; visits the coverage refuses are drawn again."""
    taken: list[pl.DataFrame] = []
    have = 0
    while have < wanted and candidates.height:
        size = int((wanted - have) * 1.25) + 50
        picks = candidates[rng.integers(0, candidates.height, size=size).tolist()]
        picks = picks.with_columns(
            pl.Series("on", [days[i] for i in rng.integers(0, len(days), size=size)]),
        ).with_row_index("visit")
        picks = picks.filter(
            in_force("member_from", "member_to")
            & in_force("family_from", "family_to")
            & (pl.col("death_date").is_null() | (pl.col("death_date") > pl.col("on")))
        )
        picks = payer_history(picks, records).filter(~pl.col("arrears"))
        covered = [
            _rule(on, min(12, paid))[0] for on, paid in picks.select("on", "paid").iter_rows()
        ]
        picks = picks.filter(pl.Series(covered)).head(wanted - have)
        taken.append(picks.select("person_id", "payer_id", "canton_id", "on", "paid"))
        have += picks.height
    if have < wanted:
        raise ValueError(f"only {have} of {wanted} covered visits could be drawn")
    return pl.concat(taken)
