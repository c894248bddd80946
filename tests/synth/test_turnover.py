"""The national registry's stock of affiliates follows the plan's path over the two years before
the reference date (synth.turnover), with its exact counts on the reference date and its net
growth kept, and no overlapping affiliations."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import polars as pl
import pytest

from seguro.synth.calibration import AFFILIATE_GROUPS, ScopePlan, plan_for
from seguro.synth.registry import registry_generate

SCALE = 0.01
SEED = 2022


@cache
def _generated() -> tuple[ScopePlan, pl.DataFrame]:
    plan = plan_for("national-2023", SCALE)
    frames = registry_generate(plan, seed=SEED)
    people = frames["registry_person"].select(pl.col("id").alias("person_id"), "death_date")
    affiliations = frames["registry_affiliation"].join(people, on="person_id")
    rank = {regime: i for i, regime in enumerate(AFFILIATE_GROUPS)}
    return plan, affiliations.with_columns(pl.col("regime").replace_strict(rank).alias("rank"))


def _month_ends(reference: date, months: int) -> list[date]:
    ends = []
    for back in range(months, -1, -1):
        index = reference.year * 12 + reference.month - back
        ends.append(date(index // 12, index % 12 + 1, 1) - date.resolution)
    return ends


def _stock(affiliations: pl.DataFrame, on: date) -> dict[str, int]:
    """Living affiliates in force on ``on`` by their first regime (registry.coverage's rule)."""
    in_force = affiliations.filter(
        (pl.col("valid_from") <= on)
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= on))
        & (pl.col("death_date").is_null() | (pl.col("death_date") > on))
    )
    ranks = in_force.group_by("person_id").agg(pl.col("rank").min())["rank"].to_list()
    return {regime: ranks.count(i) for i, regime in enumerate(AFFILIATE_GROUPS)}


def test_the_month_end_stock_follows_the_target_path_by_regime() -> None:
    plan, affiliations = _generated()
    growth = plan.stock_growth
    assert growth is not None
    assert growth == pytest.approx(26797 / 3755707)
    now = plan.targets()["affiliates_by_regime"]
    for on in _month_ends(plan.reference_date, 24):
        stock = _stock(affiliations, on)
        factor = (1 + growth) ** ((on - plan.reference_date).days / 365)
        for regime in AFFILIATE_GROUPS:
            target = now[regime] * factor
            assert abs(stock[regime] - target) <= max(2, 0.01 * target), (on, regime)


def test_the_reference_date_counts_and_the_net_growth_stay_exact() -> None:
    plan, affiliations = _generated()
    assert _stock(affiliations, plan.reference_date) == plan.targets()["affiliates_by_regime"]
    before = sum(_stock(affiliations, date(2022, 12, 31)).values())
    assert plan.net_growth is not None
    assert before == plan.targets()["coverage"]["affiliates"] - plan.net_growth


def test_no_overlap_with_one_employer_and_past_jobs_end_before_the_next_begins() -> None:
    _, affiliations = _generated()
    ordered = affiliations.sort("person_id", "valid_from", "id")
    with_employer = ordered.filter(pl.col("employer_id").is_not_null()).sort(
        "person_id", "employer_id", "valid_from"
    )
    same = with_employer.with_columns(
        pl.col("valid_to").shift(1).over("person_id", "employer_id").alias("previous_end"),
        pl.col("valid_from").shift(1).over("person_id", "employer_id").alias("previous_start"),
    ).filter(pl.col("previous_start").is_not_null())
    # The earlier one must be closed and end before the later one begins.
    assert same.filter(
        pl.col("previous_end").is_null() | (pl.col("previous_end") >= pl.col("valid_from"))
    ).is_empty()
    following = ordered.with_columns(
        pl.col("valid_from").shift(-1).over("person_id").alias("next_start")
    )
    closed = following.filter(pl.col("valid_to").is_not_null() & pl.col("next_start").is_not_null())
    assert closed.height > 0
    assert closed.filter(pl.col("valid_to") >= pl.col("next_start")).is_empty()


def test_the_path_is_national_only_and_deterministic() -> None:
    assert plan_for("loja-2022", 0.01).stock_growth is None
    plan, affiliations = _generated()
    again = registry_generate(plan, seed=SEED)["registry_affiliation"]
    assert again.equals(affiliations.sort("id").select(again.columns))


def test_declared_lines_of_march_2022_and_march_2023_are_close(db: Any) -> None:
    from seguro.contributions.declarations import declarations_generate_bulk
    from seguro.synth.services import synth_registry

    synth_registry(scope="national-2023", scale=0.001, seed=2022, replace=True, progress=False)
    lines = {
        period: declarations_generate_bulk(period=period, progress=False)
        for period in (date(2022, 3, 1), date(2023, 3, 1))
    }
    print("declared lines", lines)
    early, late = lines[date(2022, 3, 1)], lines[date(2023, 3, 1)]
    assert early > 0
    assert abs(late - early) / late < 0.03, lines
