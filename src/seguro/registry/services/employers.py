"""Employers: registration with the RUC check by type, and updates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry import ids
from seguro.registry.models import (
    Employer,
    EmployerKind,
    Person,
    Sector,
)
from seguro.registry.scope import scope_require_canton, scope_require_employer
from seguro.registry.services._common import (
    canton_get,
    require_alive_on,
)


@transaction.atomic
def employer_register(
    *,
    actor: Any,
    tax_id: str,
    name: str,
    canton_code: str,
    legal_representative: Person | None = None,
) -> Employer:
    try:
        tax_id, kind = ids.tax_id_validate(tax_id)
    except ids.InvalidId as exc:
        raise DomainError(f"RUC inválido: {exc}", field="RUC") from None
    if Employer.objects.filter(tax_id=tax_id).exists():
        raise DomainError(f"ya existe un empleador con el RUC {tax_id}.", field="RUC")
    if not name.strip():
        raise DomainError("la razón social es obligatoria.", field="razón social")
    if kind is not ids.TaxIdKind.NATURAL_PERSON and legal_representative is None:
        raise DomainError(
            "una sociedad o entidad pública necesita un representante legal.",
            field="representante legal",
        )
    if legal_representative is not None:
        require_alive_on(legal_representative, date.today(), "representante legal")
    canton = canton_get(canton_code)
    scope_require_canton(actor, canton)
    employer = Employer.objects.create(
        tax_id=tax_id,
        name=name.strip(),
        kind=EmployerKind(kind.value),
        sector=Sector.PUBLIC if kind is ids.TaxIdKind.PUBLIC_ENTITY else Sector.PRIVATE,
        canton=canton,
        legal_representative=legal_representative,
    )
    audit_event_record(
        actor=actor,
        action="employer.register",
        target=employer,
        summary=f"Registro de empleador {tax_id}",
        data={"kind": employer.kind, "canton": canton.code},
    )
    return employer


@transaction.atomic
def employer_update(
    *,
    actor: Any,
    employer: Employer,
    name: str,
    canton_code: str,
    legal_representative: Person | None,
) -> Employer:
    scope_require_employer(actor, employer)
    canton = canton_get(canton_code)
    scope_require_canton(actor, canton)
    if employer.kind != EmployerKind.NATURAL_PERSON and legal_representative is None:
        raise DomainError(
            "una sociedad o entidad pública necesita un representante legal.",
            field="representante legal",
        )
    before = {"name": employer.name, "canton": employer.canton_id}
    employer.name, employer.canton = name.strip(), canton
    employer.legal_representative = legal_representative
    employer.save()
    audit_event_record(
        actor=actor,
        action="employer.update",
        target=employer,
        summary=f"Actualización del empleador {employer.tax_id}",
        data={"before": before},
    )
    return employer
