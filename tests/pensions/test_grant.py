"""Granting pensions: own pensions and survivors' shares from the survivors_pension rule."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.pensions.services import BeneficiaryShare, pension_grant
from seguro.registry.models import Pensioner
from tests import factories
from tests.pensions import helpers

pytestmark = pytest.mark.django_db


def test_old_age_grant_pays_the_holder_and_registers_the_pensioner() -> None:
    pension = helpers.old_age(amount_cents=80_000)
    (share,) = pension.beneficiaries.all()
    assert share.relationship == "holder" and share.share_cents == 80_000
    assert pension.pensioner is not None and pension.pensioner.person_id == pension.holder_id
    assert Pensioner.objects.filter(person=pension.holder, kind="old_age").count() == 1
    assert AuditEvent.objects.filter(action="pension.grant", target_id=str(pension.pk)).exists()


def test_survivors_shares_come_from_the_rule() -> None:
    # 2024: SBU 460. Deceased's pension 1000.00; spouse 60 % + children 40 % = 100 % -> 1000.00,
    # between the floor 0.5 x 460 = 230.00 and the cap min(4.5 x 460 = 2070, 1000) = 1000.00.
    # Spouse 600.00; each of the two children 400.00 / 2 = 200.00.
    family = helpers.widow_and_two_children()
    shares = {b.person_id: b.share_cents for b in family["pension"].beneficiaries.all()}
    assert shares == {
        family["widow"].pk: 60_000,
        family["elder"].pk: 20_000,
        family["younger"].pk: 20_000,
    }
    assert Pensioner.objects.filter(kind="survivors").count() == 3


def test_a_child_already_of_age_is_refused() -> None:
    deceased = factories.person(birth_date=date(1950, 1, 1))
    deceased.death_date = date(2023, 12, 1)
    deceased.save()
    # Born 2006-01-01: 18 on 2024-01-01, the day the montepío would start -> no right.
    adult = factories.person(birth_date=date(2006, 1, 1))
    with pytest.raises(DomainError, match="edad límite"):
        pension_grant(
            actor=None,
            kind="survivors",
            holder=None,
            deceased=deceased,
            start=date(2024, 1, 1),
            amount_cents=100_000,
            region="costa",
            beneficiaries=[BeneficiaryShare(adult, "child")],
            explanation=[],
        )
    # One day younger (18 on 2024-01-02): still a child on 2024-01-01; 40 % of 1000 = 400.00.
    child = factories.person(birth_date=date(2006, 1, 2))
    pension = pension_grant(
        actor=None,
        kind="survivors",
        holder=None,
        deceased=deceased,
        start=date(2024, 1, 1),
        amount_cents=100_000,
        region="costa",
        beneficiaries=[BeneficiaryShare(child, "child")],
        explanation=[],
    )
    assert pension.beneficiaries.get().share_cents == 40_000


def test_grant_refuses_bad_input() -> None:
    holder = factories.person()
    with pytest.raises(DomainError, match="región"):
        pension_grant(
            actor=None,
            kind="old_age",
            holder=holder,
            deceased=None,
            start=date(2024, 1, 1),
            amount_cents=50_000,
            region="andes",
            beneficiaries=[BeneficiaryShare(holder, "holder")],
            explanation=[],
        )
    with pytest.raises(DomainError, match="causante"):
        pension_grant(
            actor=None,
            kind="survivors",
            holder=None,
            deceased=holder,  # alive
            start=date(2024, 1, 1),
            amount_cents=50_000,
            region="costa",
            beneficiaries=[BeneficiaryShare(factories.person(), "spouse")],
            explanation=[],
        )
