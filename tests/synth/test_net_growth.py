"""The national registry's start dates are calibrated to the published net growth of
affiliates (figures.yaml national_2023.new_affiliates = 26 797, scaled)."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.registry.coverage import affiliates_on
from seguro.synth.calibration import plan_for, round_half_up
from tests.synth.conftest import NATIONAL_SCALE


def test_affiliates_grow_by_the_published_net_figure(national: dict[str, Any]) -> None:
    growth = plan_for("national-2023", NATIONAL_SCALE).net_growth
    assert growth == round_half_up(26797, NATIONAL_SCALE) == 27
    now = affiliates_on(on=date(2023, 12, 31))
    before = affiliates_on(on=date(2022, 12, 31))
    assert now == national["targets"]["coverage"]["affiliates"]
    assert now - before == 27


def test_loja_publishes_no_growth_and_keeps_its_start_dates() -> None:
    assert plan_for("loja-2022", 0.01).net_growth is None
