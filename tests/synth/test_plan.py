"""The plan: published figures scaled half-up, parts that add up, exact at scale 1."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from seguro.synth.calibration import apportion, plan_for, round_half_up


def half_up(count: int, scale: str) -> int:
    return int((Decimal(count) * Decimal(scale)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_round_half_up_rounds_halves_up_in_decimal() -> None:
    assert round_half_up(36625, 0.01) == 366  # 366.25
    assert round_half_up(215585, 0.001) == 216  # 215.585
    assert round_half_up(2635, 0.1) == 264  # 263.5, which binary floats would round down
    assert round_half_up(3782504, 1) == 3782504


def test_apportion_adds_up_and_follows_the_weights() -> None:
    parts = apportion(10, [0.75, 0.17, 0.08])
    assert parts.sum() == 10
    assert list(parts) == [7, 2, 1]  # 7.5, 1.7, 0.8: the largest remainders get the rest
    assert list(apportion(0, [1, 2])) == [0, 0]


def test_at_scale_one_the_national_plan_is_the_published_figures() -> None:
    targets = plan_for("national-2023", 1).targets()
    assert targets["coverage"] == {
        "total_covered": 7214884,
        "affiliates": 3782504,
        "pensioners": 836525,
        "dependents": 2595855,
    }
    assert targets["affiliates_by_type"] == {
        "dependency": 2636581,
        "self_employed": 294674,
        "voluntary": 215585,
        "semi_contributory": 635664,
    }
    assert targets["rural_insurance"]["pensioners"] == 123806


def test_at_scale_one_the_loja_plan_is_the_published_figures() -> None:
    targets = plan_for("loja-2022", 1).targets()
    assert targets["general_insurance_affiliates"] == 84158
    assert targets["affiliates_by_sex"] == {"female": 51168, "male": 32990}
    assert targets["rural_insurance"]["total_covered"] == 72580
    assert targets["rural_insurance"]["heads_of_family"] == 23241
    assert targets["rural_insurance"]["beneficiaries"] == 36625
    assert targets["rural_insurance"]["retirees_pensioners"] == 12714
    assert targets["rural_insurance"]["chart_values"] == [36625, 23241, 1579, 11135]
    assert targets["cantons_covered"] == 16


@pytest.mark.parametrize("scale", ["0.01", "0.1", "0.37"])
def test_published_parts_scale_half_up_and_sums_are_sums_of_parts(scale: str) -> None:
    targets = plan_for("loja-2022", float(scale)).targets()
    female, male = half_up(51168, scale), half_up(32990, scale)
    assert targets["affiliates_by_sex"] == {"female": female, "male": male}
    assert targets["general_insurance_affiliates"] == female + male
    rural = targets["rural_insurance"]
    parts = [
        half_up(36625, scale),
        half_up(23241, scale),
        half_up(1579, scale),
        half_up(11135, scale),
    ]
    assert rural["chart_values"] == parts
    assert rural["total_covered"] == sum(parts)


def test_national_types_scale_half_up() -> None:
    targets = plan_for("national-2023", 0.001).targets()
    assert targets["affiliates_by_type"] == {
        "dependency": 2637,
        "self_employed": 295,
        "voluntary": 216,
        "semi_contributory": 636,
    }
    assert targets["coverage"]["pensioners"] == 837
    assert targets["coverage"]["dependents"] == 2596
    assert targets["coverage"]["affiliates"] == 2637 + 295 + 216 + 636


def test_scale_and_scope_are_checked() -> None:
    with pytest.raises(ValueError, match="ámbito"):
        plan_for("quito-2024", 1)
    with pytest.raises(ValueError, match="escala"):
        plan_for("loja-2022", 0)
