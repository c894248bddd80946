"""Dependents: a spouse's health extension and children covered until 18."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import (
    Dependent,
    DependentKind,
    Person,
)
from seguro.registry.scope import scope_require_person
from seguro.registry.services._common import (
    add_years,
    child_age_limit,
    require_alive_on,
)


@transaction.atomic
def dependent_add(
    *, actor: Any, holder: Person, person: Person, kind: str, valid_from: date
) -> Dependent:
    """Spouse or partner (health extension, no end) or child (coverage ends at 18)."""
    scope_require_person(actor, holder)
    if holder.pk == person.pk:
        raise DomainError("una persona no puede ser su propio dependiente.", field="dependiente")
    require_alive_on(holder, valid_from, "titular")
    require_alive_on(person, valid_from, "dependiente")
    covered = Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    holder_is_insured = (
        holder.affiliations.filter(valid_from__lte=valid_from).filter(covered).exists()
        or holder.pensions.filter(valid_from__lte=valid_from).filter(covered).exists()
    )
    if not holder_is_insured:
        raise DomainError(
            "el titular no tiene afiliación ni pensión vigente en esa fecha.", field="titular"
        )
    valid_to: date | None = None
    if kind == DependentKind.CHILD:
        eighteenth = add_years(person.birth_date, child_age_limit(valid_from))
        if valid_from >= eighteenth:
            raise DomainError(
                f"el hijo o hija cumplió 18 años el {eighteenth:%d/%m/%Y}; la cobertura de "
                "hijos termina a esa edad.",
                field="fecha de nacimiento del dependiente",
            )
        valid_to = eighteenth - timedelta(days=1)
    elif kind != DependentKind.SPOUSE:
        raise DomainError(f"el tipo de dependiente {kind!r} no existe.", field="tipo")
    if Dependent.objects.filter(holder=holder, person=person).filter(covered).exists():
        raise DomainError("ya es dependiente vigente de este titular.", field="dependiente")
    dependent = Dependent.objects.create(
        holder=holder, person=person, kind=kind, valid_from=valid_from, valid_to=valid_to
    )
    audit_event_record(
        actor=actor,
        action="dependent.add",
        target=dependent,
        summary=f"{dependent.get_kind_display()} {person.identifier} de {holder.identifier}",
        data={"kind": kind, "valid_from": valid_from, "valid_to": valid_to},
    )
    return dependent
