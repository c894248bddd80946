"""Organisational units: directorates, coordinations, budget centres, medical units."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution.models import OrganisationalUnit, UnitKind
from seguro.institution.scope import scope_require_province, scope_require_unit
from seguro.institution.services._common import choice, email, text
from seguro.registry.models import Province


@transaction.atomic
def unit_register(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    province_code: str | None = None,
    parent: OrganisationalUnit | None = None,
    short_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> OrganisationalUnit:
    """A new unit. A child unit belongs to its parent's province unless another is given."""
    code = text(code, "código", 30).upper()
    kind = choice(kind, UnitKind, "tipo")
    if OrganisationalUnit.objects.filter(code=code).exists():
        raise DomainError(f"ya existe una unidad con el código {code}.", field="código")
    if province_code is None and parent is not None:
        province_code = parent.province_id
    if kind == UnitKind.NATIONAL_DIRECTORATE and province_code:
        raise DomainError("una dirección nacional no pertenece a una provincia.", field="provincia")
    if kind != UnitKind.NATIONAL_DIRECTORATE and not province_code:
        raise DomainError("indique la provincia de la unidad.", field="provincia")
    if province_code and not Province.objects.filter(code=province_code).exists():
        raise DomainError(f"la provincia {province_code!r} no existe.", field="provincia")
    if parent is not None and parent.province_id not in (None, province_code):
        raise DomainError("la unidad superior pertenece a otra provincia.", field="unidad superior")
    scope_require_province(actor, province_code, "provincia")
    unit = OrganisationalUnit.objects.create(
        code=code,
        name=text(name, "nombre", 200),
        short_name=text(short_name, "nombre abreviado", 120, required=False),
        kind=kind,
        parent=parent,
        province_id=province_code,
        contact_phone=text(contact_phone, "teléfono de atención", 60, required=False),
        contact_email=email(contact_email, "correo de atención"),
    )
    audit_event_record(
        actor=actor,
        action="institution.unit.register",
        target=unit,
        summary=f"Unidad {unit.code} {unit.name}",
        data={"kind": kind, "province": province_code, "parent": parent},
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: Any,
    unit: OrganisationalUnit,
    name: str,
    short_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    active: bool = True,
) -> OrganisationalUnit:
    """Rename a unit, change its contact data or close it (its code, kind and place stay)."""
    unit = OrganisationalUnit.objects.select_for_update().get(pk=unit.pk)
    scope_require_unit(actor, unit)
    before = {
        "name": unit.name,
        "short_name": unit.short_name,
        "contact_phone": unit.contact_phone,
        "contact_email": unit.contact_email,
        "active": unit.active,
    }
    unit.name = text(name, "nombre", 200)
    unit.short_name = text(short_name, "nombre abreviado", 120, required=False)
    unit.contact_phone = text(contact_phone, "teléfono de atención", 60, required=False)
    unit.contact_email = email(contact_email, "correo de atención")
    unit.active = active
    unit.save()
    audit_event_record(
        actor=actor,
        action="institution.unit.update",
        target=unit,
        summary=f"Actualización de la unidad {unit.code}",
        data={"before": before},
    )
    return unit
