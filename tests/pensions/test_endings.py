"""Endings: a child reaching 18 (shares recomputed), remarriage, death of the holder."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.pensions.models import PensionBeneficiary
from seguro.pensions.services import (
    beneficiary_remarriage,
    pension_events_apply,
    person_pensions_end_on_death,
)
from seguro.registry import services as registry_services
from seguro.registry.models import Pensioner
from tests.pensions import helpers

pytestmark = pytest.mark.django_db


def shares_on(pension, day: date) -> dict[int, int]:
    rows = PensionBeneficiary.objects.filter(pension=pension, valid_from__lte=day).exclude(
        valid_to__lt=day
    )
    return {row.person_id: row.share_cents for row in rows}


def test_child_turning_18_recomputes_the_other_shares() -> None:
    family = helpers.widow_and_two_children()
    pension, widow, elder, younger = (family[k] for k in ("pension", "widow", "elder", "younger"))
    # The elder was born 2006-07-10: still a child on 2024-07-09, of age on 2024-07-10.
    assert pension_events_apply(actor=None, on=date(2024, 7, 9)) == {"deaths": 0, "age_limit": 0}
    # Widow + 2 children on a 1000.00 pension (2024, SBU 460): 600.00 / 200.00 / 200.00.
    assert shares_on(pension, date(2024, 7, 9)) == {
        widow.pk: 60_000,
        elder.pk: 20_000,
        younger.pk: 20_000,
    }
    assert pension_events_apply(actor=None, on=date(2024, 7, 10))["age_limit"] == 1
    # Widow + 1 child: 60 % + 40 % = 100 % of 1000.00 = 1000.00 (floor 230.00, cap 1000.00):
    # the widow keeps 600.00, the younger child now receives the children's 40 % alone: 400.00.
    assert shares_on(pension, date(2024, 7, 10)) == {widow.pk: 60_000, younger.pk: 40_000}
    # The months before keep the old amounts; the elder's right ends the day before the birthday.
    assert shares_on(pension, date(2024, 7, 9))[younger.pk] == 20_000
    ended = PensionBeneficiary.objects.get(pension=pension, person=elder)
    assert (ended.valid_to, ended.end_reason) == (date(2024, 7, 9), "age_limit")
    assert Pensioner.objects.get(person=elder).valid_to == date(2024, 7, 9)
    # Running it again changes nothing.
    assert pension_events_apply(actor=None, on=date(2024, 7, 10))["age_limit"] == 0


def test_remarriage_ends_the_widows_share_and_recomputes() -> None:
    family = helpers.widow_and_two_children()
    pension, widow = family["pension"], family["widow"]
    share = PensionBeneficiary.objects.get(pension=pension, person=widow)
    beneficiary_remarriage(actor=None, share=share, marriage_date=date(2024, 3, 1))
    # Two children alone: 40 % of 1000.00 = 400.00, above the floor 0.5 x 460 = 230.00:
    # 200.00 each, unchanged; the widow is paid to 2024-02-29.
    assert shares_on(pension, date(2024, 3, 1)) == {
        family["elder"].pk: 20_000,
        family["younger"].pk: 20_000,
    }
    assert PensionBeneficiary.objects.get(pk=share.pk).valid_to == date(2024, 2, 29)
    with pytest.raises(DomainError, match="cónyuge"):
        beneficiary_remarriage(
            actor=None,
            share=PensionBeneficiary.objects.get(pension=pension, person=family["elder"]),
            marriage_date=date(2024, 5, 1),
        )


def test_floor_lifts_the_remaining_share() -> None:
    # Deceased's pension 500.00 (2024, SBU 460). Widow + 2 children: 300 / 100 / 100.
    family = helpers.widow_and_two_children(base_cents=50_000)
    pension = family["pension"]
    assert shares_on(pension, date(2024, 1, 1))[family["widow"].pk] == 30_000
    share = PensionBeneficiary.objects.get(pension=pension, person=family["widow"])
    beneficiary_remarriage(actor=None, share=share, marriage_date=date(2024, 3, 1))
    # Children alone: 40 % x 500 = 200.00 < floor 0.5 x 460 = 230.00 -> group raised to 230.00:
    # 115.00 each.
    assert shares_on(pension, date(2024, 3, 1)) == {
        family["elder"].pk: 11_500,
        family["younger"].pk: 11_500,
    }


def test_death_of_the_holder_ends_the_pension() -> None:
    pension = helpers.old_age()
    registry_services.person_record_death(
        actor=None, person=pension.holder, death_date=date(2024, 5, 20)
    )
    person_pensions_end_on_death(actor=None, person=pension.holder)
    pension.refresh_from_db()
    assert (pension.end_date, pension.end_reason) == (date(2024, 5, 20), "holder_death")
    assert pension_events_apply(actor=None, on=date(2024, 6, 1))["deaths"] == 0
