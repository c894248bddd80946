"""Generation without a database: deterministic per seed, valid identity numbers."""

from __future__ import annotations

import numpy as np

from seguro.registry import ids
from seguro.synth.calibration import plan_for
from seguro.synth.idgen import cedulas, rucs
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
