"""The national year's own events (ambulances, transplants, gender and prevention trainings,
the national contact) give the national report's figures at scale 1 (figures.yaml
national_2023), here at a small scale: the report counts what the loader wrote."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from seguro.health.models import Ambulance, Attention, Transplant, UnitKind
from seguro.reports.build import report_build, scope_for
from seguro.synth.calibration import round_half_up
from seguro.synth.national.events import events_data, national_events_load, split_exactly
from seguro.work_risks.models import Training
from tests.health import factories as health

SCALE = 0.05


def test_split_exactly_adds_up_and_follows_the_weights() -> None:
    assert split_exactly(10, [1.0, 1.0, 1.0]) == [4, 3, 3]
    assert sum(split_exactly(34000, [1.3, 1.7, 1.1, 1.9])) == 34000
    assert split_exactly(123, [0.5, 0.35, 0.15]) == [62, 43, 18]  # 61.5, 43.05, 18.45
    assert split_exactly(0, [1.0, 2.0]) == [0, 0]


@pytest.fixture
def loaded(national: dict[str, Any]) -> dict[str, Any]:
    for canton in ("1701", "0901", "0101", "1101"):
        health.unit(kind=UnitKind.GENERAL_HOSPITAL, canton=canton, level=3)
    return national_events_load(scale=SCALE, seed=2022)


def test_the_report_counts_what_the_loader_wrote(loaded: dict[str, Any]) -> None:
    data = events_data()
    # Scaled published counts (exact at scale 1): 123 ambulances, 232 transplants, 34 000
    # staff trained in gender, 18 673 affiliates trained in prevention.
    ambulances = round_half_up(data["ambulances"]["count"], SCALE)
    assert (loaded["ambulances"], ambulances) == (6, 6)  # 6.15 -> 6
    assert loaded["transplants"] == round_half_up(232, SCALE) == 12  # 11.6 -> 12
    assert loaded["staff_trained_gender"] == 1700
    assert loaded["affiliates_trained_in_prevention"] == 934  # 933.65 -> 934
    invested = Ambulance.objects.aggregate(c=Sum("cost_cents"))["c"]
    assert invested == 90_000_000  # 18 000 000.00 x 0.05 = 900 000.00
    figures = report_build(scope_for(2023, None)).as_json()["figures"]
    assert figures["health"]["advanced_life_support_ambulances"] == 6
    assert figures["health"]["ambulances_investment_usd_millions"] == 1  # 0.9 M -> 1
    assert figures["health"]["transplants"] == 12
    assert figures["equality_policies"]["staff_trained_gender"] == 1700
    assert figures["work_risks"]["affiliates_trained_in_prevention"] == 934
    assert figures["contact_email"] == "iessrendicioncuentas@iess.gob.ec"
    # Transplants at the hospitals of Pichincha, Guayas and Azuay: 12 as 6 / 4 / 2.
    by_province = dict(
        Transplant.objects.values_list("unit__canton__province_id")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("unit__canton__province_id", "n")
    )
    assert by_province == {"17": 6, "09": 4, "01": 2}
    assert Training.objects.aggregate(n=Sum("participant_count"))["n"] == 934
    assert Decimal(invested) / 100 == Decimal("900000.00")


def test_a_second_load_writes_nothing(loaded: dict[str, Any]) -> None:
    again = national_events_load(scale=SCALE, seed=2022)
    assert again["skipped"] is True
    assert Ambulance.objects.count() == loaded["ambulances"]


@pytest.mark.django_db
def test_the_national_command_runs_the_national_operations_once() -> None:
    options = ["--scope", "national-2023", "--scale", "0.0005", "--year-ops", "--no-progress"]
    out = io.StringIO()
    call_command("synth", *options, stdout=out)
    assert "Operaciones nacionales del año generadas." in out.getvalue()
    # 16 114 536 x 0.0005 = 8 057.268 -> 8 057 attentions in 2023; 34 000 x 0.0005 = 17 staff.
    assert Attention.objects.filter(attended_on__year=2023).count() == 8057
    figures = report_build(scope_for(2023, None)).as_json()["figures"]
    assert figures["health"]["attentions"] == 8057
    assert figures["equality_policies"]["staff_trained_gender"] == 17
    # Third-party funds: 609 272 x 0.0005 = 304.636 -> 305 people; USD 717 226 150 x 0.0005 =
    # 358 613.075 -> 358 613.08 (cents rounded half up).
    assert figures["third_party_funds"]["beneficiaries"] == 305
    assert Decimal(str(figures["third_party_funds"]["paid_usd"])) == Decimal("358613.08")
    again = io.StringIO()
    call_command("synth", *options, stdout=again)  # the registry exists: reused, nothing doubled
    assert "los eventos nacionales ya están cargados" in again.getvalue()
    assert "'skipped': 1" in again.getvalue().split("Fondos de terceros:")[1]
    assert (
        Attention.objects.count()
        == figures["health"]["attentions"]
        + Attention.objects.filter(attended_on__year=2022).count()
    )
