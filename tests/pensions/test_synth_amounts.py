"""The synthetic pensions loader: one pension per registry pensioner, within the rules'
minimum and maximum, deterministic for a seed, calibrated on the published total of the year's
payrolls when there is one (worked out per pension as the payroll pays it)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pytest

from seguro.core.models import AuditEvent
from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.registry.models import Pensioner
from seguro.rules import default_parameters
from seguro.synth.pension_amounts import (
    synthetic_pensions_load,
    year_calendar,
    year_payout_cents,
)
from tests import factories

pytestmark = pytest.mark.django_db
ON = date(2023, 12, 31)


def _pensioners() -> None:
    kinds = ["old_age"] * 20 + ["work_risk"] * 5 + ["rural"] * 3 + ["survivors"] * 4
    for i, kind in enumerate(kinds):
        minor = kind == "survivors" and i % 2 == 0
        person = factories.person(birth_date=date(2010, 5, 5) if minor else date(1950, 1, 1))
        Pensioner.objects.create(
            person=person,
            kind=kind,
            valid_from=date(2015, 1, 1),
            valid_to=date(2028, 5, 4) if minor else None,
        )


def _amounts() -> list[tuple[str, int, int]]:
    return list(
        PensionBeneficiary.objects.order_by("pensioner_id").values_list(
            "relationship", "share_cents", "pension__base_amount_cents"
        )
    )


def test_every_pensioner_gets_a_plausible_pension() -> None:
    _pensioners()
    assert synthetic_pensions_load(actor=None, seed=7, on=ON) == 32
    assert synthetic_pensions_load(actor=None, seed=7, on=ON) == 0  # nobody left without one
    # 2023: SBU 450.00. Minimum 0.50 x 450 = 225.00 (10 years) ... maximum 5.50 x 450 = 2475.00.
    for pension in Pension.objects.exclude(kind__in=["rural", "survivors"]):
        assert 22_500 <= pension.base_amount_cents <= 247_500
    # SSC: the flat amount of rural_insurance.pension_amount in force on 2023-12-31.
    rural = default_parameters().value("rural_insurance.pension_amount", ON)
    amounts = Pension.objects.filter(kind="rural").values_list("base_amount_cents", flat=True)
    assert set(amounts) == {int(rural * 100)}
    # Survivors: an orphan alone gets 40 % and a widow alone 60 % (group floor 0.5 x 450).
    for share in PensionBeneficiary.objects.filter(pension__kind="survivors"):
        base = share.pension.base_amount_cents
        expected = {"child": base * 40 // 100, "spouse": base * 60 // 100}[share.relationship]
        assert share.share_cents == max(expected, 22_500)
    orphan = PensionBeneficiary.objects.filter(relationship="child").first()
    assert orphan is not None and orphan.valid_to == date(2028, 5, 4)


def test_the_amounts_depend_only_on_the_seed() -> None:
    _pensioners()
    synthetic_pensions_load(actor=None, seed=7, on=ON)
    first = _amounts()
    PensionBeneficiary.objects.all().delete()
    Pension.objects.all().delete()
    synthetic_pensions_load(actor=None, seed=7, on=ON)
    assert _amounts() == first
    PensionBeneficiary.objects.all().delete()
    Pension.objects.all().delete()
    synthetic_pensions_load(actor=None, seed=8, on=ON)
    assert _amounts() != first


def _load_event() -> dict[str, Any]:
    event = AuditEvent.objects.filter(action="pension.synthetic_load").latest("id")
    return dict(event.data)


def test_a_year_with_a_published_total_is_paid_that_total_per_pensioner() -> None:
    _pensioners()
    synthetic_pensions_load(actor=None, seed=7, on=ON)
    data = _load_event()
    # 2023: 5 849 000 000.00 paid to 836 525 pensioners; 32 living pensioners here.
    goal = 584_900_000_000 * 32 / 836_525
    assert data["year_payout_goal_cents"] == round(goal)
    assert abs(data["year_payout_cents"] - goal) <= 100
    assert data["amount_factor"] != 1.0


def test_a_year_without_one_keeps_the_published_averages() -> None:
    _pensioners()
    synthetic_pensions_load(actor=None, seed=7, on=date(2022, 12, 31))
    data = _load_event()
    assert data["amount_factor"] == 1.0
    assert data["year_payout_goal_cents"] == 0


def test_the_year_calendar_pays_as_the_payroll_does() -> None:
    """2023 (SBU 450.00), a share of 600.00 a month."""
    rows = [
        # all year, costa: 12 months, 13th 12 x 600 / 12, 14th in March for 12 months
        (date(2015, 1, 1), None, None, "costa"),
        # from 15 May, sierra: May-Dec; 13th 8 x 600 / 12 = 400; 14th in August for May-Aug:
        # 450 x 4 / 12 = 150
        (date(2023, 5, 15), None, None, "sierra"),
        # from 15 May, costa: not in force in March, so no 14th in 2023
        (date(2023, 5, 15), None, None, "costa"),
        # an orphan until 14 June: January-May, no December so no 13th; March's 14th in full
        (date(2010, 1, 1), date(2023, 6, 14), None, "costa"),
        # died 20 October, pension still open: paid January-October, no 13th; August's 14th
        (date(2015, 1, 1), None, date(2023, 10, 20), "sierra"),
    ]
    frame = pl.DataFrame(
        rows,
        schema={
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "death_date": pl.Date,
            "region": pl.Utf8,
        },
        orient="row",
    )
    calendar = year_calendar(frame, 2023)
    assert calendar.months_paid.tolist() == [12, 8, 8, 5, 10]
    assert calendar.december_paid.tolist() == [True, True, True, False, False]
    assert calendar.fourteenth_cents.tolist() == [45_000, 15_000, 0, 45_000, 45_000]
    payout = year_payout_cents(np.full(5, 60_000), calendar)
    assert payout.tolist() == [
        12 * 60_000 + 60_000 + 45_000,
        8 * 60_000 + 40_000 + 15_000,
        8 * 60_000 + 40_000,
        5 * 60_000 + 45_000,
        10 * 60_000 + 45_000,
    ]


def test_the_year_calendar_pays_the_rural_pensions_twelve_times() -> None:
    """SSC pensions (rural_insurance.extra_pensions false): 2023, 116.58 a month, no 13th or
    14th; the old-age pension beside it gets both."""
    frame = pl.DataFrame(
        [
            (date(2015, 1, 1), None, None, "sierra", "rural"),
            (date(2023, 5, 15), None, None, "sierra", "rural"),
            (date(2015, 1, 1), None, None, "sierra", "old_age"),
        ],
        schema={
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "death_date": pl.Date,
            "region": pl.Utf8,
            "kind": pl.Utf8,
        },
        orient="row",
    )
    calendar = year_calendar(frame, 2023)
    assert calendar.fourteenth_cents.tolist() == [0, 0, 45_000]
    payout = year_payout_cents(np.full(3, 11_658), calendar)
    assert payout.tolist() == [12 * 11_658, 8 * 11_658, 12 * 11_658 + 11_658 + 45_000]
