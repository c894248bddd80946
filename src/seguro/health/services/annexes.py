"""Agreements of the dispensaries annexed to the network: a public or private institution runs
a dispensary for its workers under an agreement with the institute, renewed when it ends. Each
service runs in one transaction and records one audit event."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.health.models import AnnexAgreement, HealthUnit, UnitKind
from seguro.registry.ids import InvalidId, tax_id_validate


@transaction.atomic
def annex_agreement_sign(
    *,
    actor: Any,
    unit: HealthUnit,
    institution: str,
    institution_tax_id: str,
    number: str,
    valid_from: date,
    valid_to: date,
    renews: AnnexAgreement | None = None,
) -> AnnexAgreement:
    """Sign the agreement of an annexed dispensary (or its renewal, ``renews``)."""
    if unit.kind != UnitKind.ANNEXED_DISPENSARY:
        raise DomainError(
            f"la unidad {unit.code} ({unit.get_kind_display()}) no es un dispensario anexo.",
            field="dispensario anexo",
        )
    if not institution.strip():
        raise DomainError("indique la institución del dispensario.", field="institución")
    try:
        tax_id, _ = tax_id_validate(institution_tax_id)
    except InvalidId as exc:
        raise DomainError(str(exc), field="RUC de la institución") from None
    if not number.strip():
        raise DomainError("el número de convenio es obligatorio.", field="número")
    if AnnexAgreement.objects.filter(number=number.strip()).exists():
        raise DomainError(f"ya existe el convenio {number}.", field="número")
    if valid_to < valid_from:
        raise DomainError("el fin del convenio es anterior a su inicio.", field="vigente hasta")
    if renews is not None:
        if renews.unit_id != unit.pk:
            raise DomainError(
                "la renovación debe ser del mismo dispensario anexo.", field="renueva"
            )
        if AnnexAgreement.objects.filter(renews=renews).exists():
            raise DomainError(f"el convenio {renews.number} ya fue renovado.", field="renueva")
    agreement = AnnexAgreement.objects.create(
        number=number.strip(),
        unit=unit,
        institution=institution.strip(),
        institution_tax_id=tax_id,
        valid_from=valid_from,
        valid_to=valid_to,
        renews=renews,
    )
    audit_event_record(
        actor=actor,
        action="health_annex_agreement.renew" if renews else "health_annex_agreement.sign",
        target=agreement,
        summary=f"Convenio {agreement.number} del {unit.name} con {agreement.institution}",
        data={
            "unit": unit.code,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "renews": renews.number if renews else None,
        },
    )
    return agreement


def annex_agreement_renew(
    *, actor: Any, agreement: AnnexAgreement, number: str, valid_to: date
) -> AnnexAgreement:
    """The same dispensary and institution from the day after the old agreement ends."""
    return annex_agreement_sign(
        actor=actor,
        unit=agreement.unit,
        institution=agreement.institution,
        institution_tax_id=agreement.institution_tax_id,
        number=number,
        valid_from=agreement.valid_to + timedelta(days=1),
        valid_to=valid_to,
        renews=agreement,
    )
