"""The 2023 pension payrolls over the national synthetic registry (tiny scale): the report's
figures equal the year's payout worked out per pension from the loaded amounts
(seguro.synth.pension_amounts.year_calendar / year_payout_cents), and that payout is the published
total paid in pensions per published pensioner, times the living pensioners loaded."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import polars as pl
import pytest

from seguro.pensions.models import PensionBeneficiary
from seguro.pensions.payroll import payroll_run
from seguro.reports.figures import Scope
from seguro.reports.sections.pensions import pensions_section
from seguro.rules import default_parameters
from seguro.synth.pension_amounts import (
    calibration,
    synthetic_pensions_load,
    year_calendar,
    year_payout_cents,
)
from seguro.synth.services import synth_registry

pytestmark = pytest.mark.django_db
SCALE = 0.002
SEED = 2022
YEAR = 2023


def _loaded() -> pl.DataFrame:
    """The loaded shares with what year_calendar needs, read back from the database."""
    rows = PensionBeneficiary.objects.order_by("id").values_list(
        "share_cents",
        "valid_from",
        "valid_to",
        "pension__kind",
        "pension__region",
        "person__death_date",
    )
    names = ["share_cents", "valid_from", "valid_to", "kind", "region", "death_date"]
    frame = pl.DataFrame(
        list(rows),
        schema={
            "share_cents": pl.Int64,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "kind": pl.Utf8,
            "region": pl.Utf8,
            "death_date": pl.Date,
        },
        orient="row",
    )
    return frame.select(names)


@pytest.fixture
def national_year() -> dict[str, Any]:
    synth_registry(scope="national-2023", scale=SCALE, seed=SEED, progress=False)
    loaded = synthetic_pensions_load(actor=None, seed=SEED, on=date(YEAR, 12, 31))
    frame = _loaded()
    calendar = year_calendar(frame, YEAR)
    payout = year_payout_cents(frame["share_cents"].to_numpy(), calendar)
    for month in range(1, 13):
        payroll_run(actor=None, period=date(YEAR, month, 1))
    figures = {f.key: f.value for f in pensions_section(Scope(YEAR)).figures}
    return {
        "loaded": loaded,
        "frame": frame,
        "calendar": calendar,
        "payout": payout,
        "figures": figures,
    }


def test_the_report_pays_the_calibrated_payout_worked_out_per_pension(
    national_year: dict[str, Any],
) -> None:
    frame, payout, figures = (
        national_year["frame"],
        national_year["payout"],
        national_year["figures"],
    )
    assert national_year["loaded"] == frame.height > 1_000
    total = int(payout.sum())
    rural = int(payout[frame["kind"].to_numpy() == "rural"].sum())
    # Cent for cent: the 12 payrolls' ledger entries are the per-pension payouts summed.
    assert figures["pensions.paid_usd"] == Decimal(total) / 100
    assert figures["rural_insurance.pensions_paid_usd"] == Decimal(rural) / 100
    millions = (Decimal(total) / 100 / 1_000_000).quantize(Decimal(1), ROUND_HALF_UP)
    assert figures["pensions.paid_usd_millions"] == millions
    # Those alive on 31 December whom the December payroll paid (a pensioner who died in the
    # year, even in December, is not counted).
    alive = (frame["death_date"].is_null() | (frame["death_date"] > date(YEAR, 12, 31))).to_numpy()
    assert figures["pensions.pensioners_paid_on_time"] == int(
        (national_year["calendar"].december_paid & alive).sum()
    )
    # And that payout is the published total per published pensioner (one registry and 12
    # payrolls are slow enough to check both in one test).
    target = calibration()["years"][YEAR]
    living = frame.filter(
        pl.col("death_date").is_null() | (pl.col("death_date") > date(YEAR, 12, 31))
    ).height
    goal = Decimal(target["paid_usd"]) * 100 * living / target["pensioners"]
    # The factor is solved to the cent's step: within a dollar of the goal.
    assert abs(Decimal(int(payout.sum())) - goal) <= 100
    # What a 2023 IVM pension comes to (survivors' shares included): above the 2022 average of
    # 595.28 (pensions are revalued each January and new ones are higher), not absurdly so.
    kind = frame["kind"].to_numpy()
    ivm = frame["share_cents"].to_numpy()[np.isin(kind, ["old_age", "disability", "survivors"])]
    assert 59_528 < ivm.mean() < 70_000
    # SSC pensions stay at the legal flat amount: the calibration never scales them.
    legal = default_parameters().value("rural_insurance.pension_amount", date(YEAR, 12, 31))
    ssc = frame.filter(pl.col("kind") == "rural")["share_cents"].unique().to_list()
    assert ssc == [int(legal * 100)]
