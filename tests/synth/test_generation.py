"""Generation without a database: deterministic per seed, valid identity numbers."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from seguro.registry import ids
from seguro.synth.calibration import plan_for
from seguro.synth.idgen import cedulas, rucs
from seguro.synth.pensions import pensions_generate
from seguro.synth.population import anniversary, day_number, people_generate
from seguro.synth.registry import registry_generate


def test_the_same_seed_gives_identical_rows_and_another_seed_others() -> None:
    plan = plan_for("loja-2022", 0.01)
    first = registry_generate(plan, seed=7)
    again = registry_generate(plan, seed=7)
    other = registry_generate(plan, seed=8)
    for table, frame in first.items():
        assert frame.equals(again[table]), table
    assert first["registry_person"]["national_id"].to_list() != (
        other["registry_person"]["national_id"].to_list()
    )
    assert first["registry_person"].height == other["registry_person"].height


def test_column_makers_equal_the_registry_makers() -> None:
    rng = np.random.default_rng(3)
    province = rng.choice(np.r_[1:25, 30], 500)
    serial = rng.integers(0, 6_000_000, 500)
    made = cedulas(province, serial).to_list()
    assert made == [
        ids.cedula_make(f"{p:02d}", int(s)) for p, s in zip(province, serial, strict=True)
    ]
    small = rng.integers(0, 90_000, 500)
    for kind in ids.TaxIdKind:
        made = rucs(kind, province, small).to_list()
        expected = [
            ids.tax_id_make(kind, f"{p:02d}", int(s)) for p, s in zip(province, small, strict=True)
        ]
        assert made == expected


def test_generated_cedulas_are_unique_and_valid() -> None:
    frames = registry_generate(plan_for("national-2023", 0.001), seed=2022)
    national_ids = frames["registry_person"]["national_id"].to_list()
    assert len(set(national_ids)) == len(national_ids)
    for value in national_ids:
        ids.cedula_validate(value)
    tax_ids = frames["registry_employer"]["tax_id"].to_list()
    assert len(set(tax_ids)) == len(tax_ids)
    for value, kind in zip(tax_ids, frames["registry_employer"]["kind"].to_list(), strict=True):
        assert ids.tax_id_validate(value)[1].value == kind


def test_the_rural_insurance_reaches_every_canton_it_can() -> None:
    for scale, cantons in ((0.001, 16), (0.0005, 12)):  # 23 heads; 12 heads
        frames = registry_generate(plan_for("loja-2022", scale), seed=2022)
        assert frames["registry_ruralorganisation"]["canton_id"].n_unique() == cantons


def test_ssc_pensions_start_so_the_previous_year_end_stock_is_the_published_one() -> None:
    """National 2023 at scale 0.01: 123 806 SSC pensioners at the year end -> 1 238, of which
    112 494 -> 1 125 were pensioners on 31-12-2022; the other 113 start within 2023, never
    before their 65th birthday plus the month the pension takes."""
    plan = plan_for("national-2023", 0.01)
    assert plan.rural_pensioners_before == 1_125
    people = people_generate(plan, 2022)
    frame, _ = pensions_generate(plan, people, seed=2022)
    rural = frame.filter(pl.col("kind") == "rural").join(
        pl.DataFrame({"person_id": np.arange(1, len(people) + 1), "birth": people.birth}),
        on="person_id",
    )
    assert rural.height == 1_238
    before = rural.filter(pl.col("valid_from") < date(2023, 1, 1)).height
    assert before == 1_125
    assert rural.filter(pl.col("valid_from") > date(2023, 12, 31)).height == 0
    old_age = rural.filter(pl.col("person_id").is_in(people.rows("rural_old_age") + 1))
    start = np.array([day_number(d) for d in old_age["valid_from"].to_list()])
    assert (start >= anniversary(old_age["birth"].to_numpy(), 65) + 30).all()
    # Loja 2022 publishes no stock of the year before: its starts are not moved.
    assert plan_for("loja-2022", 0.01).rural_pensioners_before is None
