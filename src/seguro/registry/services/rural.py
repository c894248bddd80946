"""Seguro Social Campesino: organisations, families and their members."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import (
    DEPENDENCY_REGIMES,
    Person,
    RuralFamily,
    RuralMember,
    RuralOrganisation,
    RuralRole,
)
from seguro.registry.scope import scope_require_canton
from seguro.registry.services._common import (
    canton_get,
    require_alive_on,
)


@transaction.atomic
def rural_organisation_register(
    *, actor: Any, code: str, name: str, canton_code: str
) -> RuralOrganisation:
    canton = canton_get(canton_code)
    scope_require_canton(actor, canton)
    if not code.strip() or not name.strip():
        raise DomainError(
            "el código y el nombre de la organización son obligatorios.", field="código"
        )
    if RuralOrganisation.objects.filter(code=code.strip()).exists():
        raise DomainError(f"ya existe una organización con el código {code}.", field="código")
    organisation = RuralOrganisation.objects.create(
        code=code.strip(), name=name.strip(), canton=canton
    )
    audit_event_record(
        actor=actor,
        action="rural_organisation.register",
        target=organisation,
        summary=f"Organización campesina {organisation.name}",
        data={"canton": canton.code},
    )
    return organisation


@transaction.atomic
def rural_family_register(
    *, actor: Any, organisation: RuralOrganisation, head: Person, valid_from: date
) -> RuralFamily:
    scope_require_canton(actor, organisation.canton)
    require_alive_on(head, valid_from, "jefe de familia")
    if RuralMember.objects.filter(person=head, valid_to__isnull=True).exists():
        raise DomainError(
            "la persona ya pertenece a una familia campesina vigente.", field="jefe de familia"
        )
    if head.affiliations.filter(valid_to__isnull=True, regime__in=DEPENDENCY_REGIMES).exists():
        raise DomainError(
            "el jefe de familia no puede tener relación de dependencia con un empleador.",
            field="jefe de familia",
        )
    family = RuralFamily.objects.create(organisation=organisation, head=head, valid_from=valid_from)
    RuralMember.objects.create(
        family=family, person=head, role=RuralRole.HEAD, valid_from=valid_from
    )
    audit_event_record(
        actor=actor,
        action="rural_family.register",
        target=family,
        summary=f"Familia campesina de {head.identifier} en {organisation.name}",
        data={"organisation": organisation.code, "valid_from": valid_from},
    )
    return family


@transaction.atomic
def rural_member_add(
    *, actor: Any, family: RuralFamily, person: Person, role: str, valid_from: date
) -> RuralMember:
    scope_require_canton(actor, family.organisation.canton)
    require_alive_on(person, valid_from, "persona")
    if role not in (RuralRole.BENEFICIARY, RuralRole.RETIREE):
        raise DomainError(
            "solo se agregan beneficiarios o jubilados; el jefe se registra con la familia.",
            field="condición",
        )
    if RuralMember.objects.filter(person=person, valid_to__isnull=True).exists():
        raise DomainError(
            "la persona ya pertenece a una familia campesina vigente.", field="persona"
        )
    member = RuralMember.objects.create(
        family=family, person=person, role=role, valid_from=valid_from
    )
    audit_event_record(
        actor=actor,
        action="rural_member.add",
        target=member,
        summary=f"{member.get_role_display()} {person.identifier} en la familia {family.pk}",
        data={"role": role, "valid_from": valid_from},
    )
    return member
