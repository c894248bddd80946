"""The synthetic pensions loader: one pension per registry pensioner, within the rules'
minimum and maximum, deterministic for a seed."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.registry.models import Pensioner
from seguro.rules import default_parameters
from seguro.synth.pension_amounts import synthetic_pensions_load
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
