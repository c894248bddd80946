"""Seguro Social Campesino: organisations, families, the head and the members."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.registry import services
from seguro.registry.models import RuralMember, RuralRole
from tests import factories

pytestmark = pytest.mark.django_db
DAY = date(2022, 3, 1)


def _organisation(canton: str = "1103", code: str = "SSC-LOJA-001"):
    return services.rural_organisation_register(
        actor=None, code=code, name="Comuna Chuquiribamba", canton_code=canton
    )


def test_family_is_registered_with_its_head_as_member() -> None:
    organisation = _organisation()
    head = factories.person(canton="1103")
    family = services.rural_family_register(
        actor=None, organisation=organisation, head=head, valid_from=DAY
    )
    member = RuralMember.objects.get(family=family)
    assert (member.person, member.role) == (head, RuralRole.HEAD)
    spouse = factories.person(canton="1103", sex="M")
    services.rural_member_add(
        actor=None, family=family, person=spouse, role=RuralRole.BENEFICIARY, valid_from=DAY
    )
    grandfather = factories.person(canton="1103", birth_date=date(1940, 1, 1), sex="M")
    services.rural_member_add(
        actor=None, family=family, person=grandfather, role=RuralRole.RETIREE, valid_from=DAY
    )
    roles = sorted(family.members.values_list("role", flat=True))
    assert roles == ["beneficiary", "head", "retiree"]


def test_a_person_belongs_to_one_family_at_a_time() -> None:
    organisation = _organisation()
    head = factories.person(canton="1103")
    family = services.rural_family_register(
        actor=None, organisation=organisation, head=head, valid_from=DAY
    )
    other_head = factories.person(canton="1103")
    other = services.rural_family_register(
        actor=None, organisation=organisation, head=other_head, valid_from=DAY
    )
    with pytest.raises(DomainError, match="ya pertenece") as caught:
        services.rural_member_add(
            actor=None, family=other, person=head, role=RuralRole.BENEFICIARY, valid_from=DAY
        )
    assert caught.value.field == "persona"
    with pytest.raises(DomainError, match="ya pertenece"):
        services.rural_family_register(
            actor=None, organisation=organisation, head=head, valid_from=DAY
        )
    assert family.members.count() == 1


def test_head_of_family_cannot_be_an_employee() -> None:
    head = factories.person(canton="1103")
    services.affiliation_start(
        actor=None,
        person=head,
        employer=factories.employer(),
        regime="private_employee",
        valid_from=date(2021, 1, 1),
        notice_date=date(2021, 1, 1),
        salary="425",
    )
    with pytest.raises(DomainError, match="relación de dependencia") as caught:
        services.rural_family_register(
            actor=None, organisation=_organisation(), head=head, valid_from=DAY
        )
    assert caught.value.field == "jefe de familia"


def test_the_head_is_not_added_as_a_second_head() -> None:
    family = services.rural_family_register(
        actor=None, organisation=_organisation(), head=factories.person(), valid_from=DAY
    )
    with pytest.raises(DomainError, match="solo se agregan"):
        services.rural_member_add(
            actor=None, family=family, person=factories.person(), role="head", valid_from=DAY
        )


def test_a_loja_clerk_cannot_register_an_organisation_in_pichincha() -> None:
    clerk = factories.user("clerk", province="11")
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.rural_organisation_register(
            actor=clerk, code="SSC-PICH-1", name="Comuna", canton_code="1701"
        )
    assert _organisation(code="SSC-LOJA-9").canton.province_id == "11"
