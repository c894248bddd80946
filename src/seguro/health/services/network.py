"""Writes on the health network: units and their staff, professionals, external providers and
their agreements (signing, renewal), transplants and ambulances. Each service runs in one
transaction and records one audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.health.models import (
    AgreementService,
    Ambulance,
    AmbulanceState,
    AmbulanceType,
    CareLevel,
    ExternalProvider,
    HealthUnit,
    Professional,
    ProviderAgreement,
    ProviderKind,
    Transplant,
    TransplantState,
    UnitKind,
    UnitStaff,
)
from seguro.health.services._common import money_cents
from seguro.registry.models import Canton, Person, Province
from seguro.registry.scope import scope_require_canton


def _canton(code: str) -> Canton:
    canton = Canton.objects.filter(code=code).first()
    if canton is None:
        raise DomainError(f"no existe el cantón {code}.", field="cantón")
    return canton


def _choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise DomainError(f"«{value}» no es un valor permitido.", field=field)
    return value


@transaction.atomic
def unit_register(
    *, actor: Any, code: str, name: str, kind: str, level: int, canton_code: str
) -> HealthUnit:
    canton = _canton(canton_code)
    scope_require_canton(actor, canton)
    _choice(kind, UnitKind, "tipo")
    if level not in CareLevel.values:
        raise DomainError("el nivel de atención es 1, 2 o 3.", field="nivel")
    if not code.strip() or not name.strip():
        raise DomainError("el código y el nombre de la unidad son obligatorios.", field="código")
    if HealthUnit.objects.filter(code=code.strip()).exists():
        raise DomainError(f"ya existe una unidad con el código {code}.", field="código")
    unit = HealthUnit.objects.create(
        code=code.strip(), name=name.strip(), kind=kind, level=level, canton=canton
    )
    audit_event_record(
        actor=actor,
        action="health_unit.register",
        target=unit,
        summary=f"Unidad de salud {unit.name}",
        data={"kind": kind, "level": level, "canton": canton_code},
    )
    return unit


@transaction.atomic
def unit_staff_assign(*, actor: Any, user: Any, unit: HealthUnit) -> UnitStaff:
    row, created = UnitStaff.objects.get_or_create(user=user, unit=unit)
    if created:
        audit_event_record(
            actor=actor,
            action="health_unit.staff_assign",
            target=row,
            summary=f"{user} asignado a {unit.name}",
        )
    return row


@transaction.atomic
def professional_register(
    *, actor: Any, license_number: str, full_name: str, specialty: str, unit: HealthUnit
) -> Professional:
    if not license_number.strip() or not full_name.strip() or not specialty.strip():
        raise DomainError(
            "el registro, el nombre y la especialidad son obligatorios.", field="registro"
        )
    if Professional.objects.filter(license_number=license_number.strip()).exists():
        raise DomainError(f"ya existe el profesional {license_number}.", field="registro")
    professional = Professional.objects.create(
        license_number=license_number.strip(),
        full_name=full_name.strip(),
        specialty=specialty.strip(),
        unit=unit,
    )
    audit_event_record(
        actor=actor,
        action="health_professional.register",
        target=professional,
        summary=f"Profesional {professional.full_name} en {unit.name}",
        data={"specialty": specialty},
    )
    return professional


@transaction.atomic
def provider_register(
    *, actor: Any, tax_id: str, name: str, kind: str, canton_code: str
) -> ExternalProvider:
    canton = _canton(canton_code)
    _choice(kind, ProviderKind, "tipo")
    if not (len(tax_id) == 13 and tax_id.isdigit()):
        raise DomainError("el RUC tiene 13 dígitos.", field="RUC")
    if ExternalProvider.objects.filter(tax_id=tax_id).exists():
        raise DomainError(f"ya existe el prestador con RUC {tax_id}.", field="RUC")
    provider = ExternalProvider.objects.create(
        tax_id=tax_id, name=name.strip(), kind=kind, canton=canton
    )
    audit_event_record(
        actor=actor,
        action="health_provider.register",
        target=provider,
        summary=f"Prestador externo {provider.name}",
        data={"kind": kind, "canton": canton_code},
    )
    return provider


@dataclass(frozen=True)
class ServiceTariff:
    code: str
    description: str
    tariff: Any  # dollars, as typed


def _services_create(agreement: ProviderAgreement, services: list[ServiceTariff]) -> None:
    if not services:
        raise DomainError(
            "el convenio necesita al menos un servicio con tarifa.", field="servicios"
        )
    seen: set[str] = set()
    for service in services:
        code = service.code.strip().upper()
        if not code or code in seen:
            raise DomainError(f"código de servicio vacío o repetido: «{code}».", field="servicios")
        seen.add(code)
        AgreementService.objects.create(
            agreement=agreement,
            code=code,
            description=service.description.strip(),
            tariff_cents=money_cents(service.tariff, f"tarifa de {code}"),
        )


@transaction.atomic
def agreement_sign(
    *,
    actor: Any,
    provider: ExternalProvider,
    number: str,
    valid_from: date,
    valid_to: date,
    ceiling: Any,
    services: list[ServiceTariff],
    renews: ProviderAgreement | None = None,
    province_code: str | None = None,
) -> ProviderAgreement:
    """Sign an agreement, administered by the directorate of ``province_code`` (by default the
    provider's own province)."""
    if valid_to < valid_from:
        raise DomainError("el fin del convenio es anterior a su inicio.", field="vigente hasta")
    if not number.strip():
        raise DomainError("el número de convenio es obligatorio.", field="número")
    if ProviderAgreement.objects.filter(number=number.strip()).exists():
        raise DomainError(f"ya existe el convenio {number}.", field="número")
    if renews is not None and ProviderAgreement.objects.filter(renews=renews).exists():
        raise DomainError(f"el convenio {renews.number} ya fue renovado.", field="renueva")
    if renews is not None and renews.provider_id != provider.pk:
        raise DomainError("la renovación debe ser con el mismo prestador.", field="renueva")
    province = province_code or provider.canton.province_id
    if not Province.objects.filter(code=province).exists():
        raise DomainError(f"la provincia {province} no existe.", field="provincia")
    agreement = ProviderAgreement.objects.create(
        number=number.strip(),
        provider=provider,
        province_id=province,
        valid_from=valid_from,
        valid_to=valid_to,
        ceiling_cents=money_cents(ceiling, "monto máximo"),
        renews=renews,
    )
    _services_create(agreement, services)
    audit_event_record(
        actor=actor,
        action="health_agreement.renew" if renews else "health_agreement.sign",
        target=agreement,
        summary=f"Convenio {agreement.number} con {provider.name}",
        data={
            "valid_from": valid_from,
            "valid_to": valid_to,
            "ceiling_cents": agreement.ceiling_cents,
            "renews": renews.number if renews else None,
            "services": [s.code for s in services],
        },
    )
    return agreement


@transaction.atomic
def agreement_renew(
    *,
    actor: Any,
    agreement: ProviderAgreement,
    number: str,
    valid_to: date,
    ceiling: Any,
    services: list[ServiceTariff] | None = None,
) -> ProviderAgreement:
    """A new agreement from the day after the old one ends (same services and tariffs unless
    new ones are given); an agreement is renewed once."""
    kept = services or [
        ServiceTariff(s.code, s.description, f"{s.tariff_cents / 100:.2f}")
        for s in agreement.services.all()
    ]
    return agreement_sign(
        actor=actor,
        provider=agreement.provider,
        number=number,
        valid_from=agreement.valid_to + timedelta(days=1),
        valid_to=valid_to,
        ceiling=ceiling,
        services=kept,
        renews=agreement,
        province_code=agreement.province_id,
    )


@transaction.atomic
def transplant_register(
    *, actor: Any, organ: str, recipient: Person, unit: HealthUnit, on: date, state: str
) -> Transplant:
    _choice(state, TransplantState, "estado")
    if not organ.strip():
        raise DomainError("indique el órgano o tejido.", field="órgano")
    transplant = Transplant.objects.create(
        organ=organ.strip(), recipient=recipient, unit=unit, registered_on=on, state=state
    )
    audit_event_record(
        actor=actor,
        action="health_transplant.register",
        target=transplant,
        summary=f"Trasplante de {organ} en {unit.name}",
        data={"recipient": recipient.identifier, "state": state},
    )
    return transplant


@transaction.atomic
def transplant_state_set(*, actor: Any, transplant: Transplant, state: str) -> Transplant:
    _choice(state, TransplantState, "estado")
    before = transplant.state
    transplant.state = state
    transplant.save(update_fields=["state"])
    audit_event_record(
        actor=actor,
        action="health_transplant.state",
        target=transplant,
        summary=f"Trasplante {transplant.pk}: {before} → {state}",
        data={"from": before, "to": state},
    )
    return transplant


@transaction.atomic
def ambulance_register(
    *,
    actor: Any,
    plate: str,
    unit: HealthUnit,
    kind: str,
    state: str = AmbulanceState.OPERATIVE,
    acquired_on: date | None = None,
    cost: Any = None,
) -> Ambulance:
    """An ambulance of a unit's fleet; a new one with its acquisition date and price (USD)."""
    _choice(kind, AmbulanceType, "tipo")
    _choice(state, AmbulanceState, "estado")
    plate = plate.strip().upper()
    if not plate or Ambulance.objects.filter(plate=plate).exists():
        raise DomainError(f"placa vacía o ya registrada: «{plate}».", field="placa")
    if (cost is None) != (acquired_on is None):
        raise DomainError(
            "la fecha y el costo de adquisición van juntos.", field="costo de adquisición"
        )
    cost_cents = None if cost is None else money_cents(cost, "costo de adquisición")
    ambulance = Ambulance.objects.create(
        plate=plate,
        unit=unit,
        kind=kind,
        state=state,
        acquired_on=acquired_on,
        cost_cents=cost_cents,
    )
    audit_event_record(
        actor=actor,
        action="health_ambulance.register",
        target=ambulance,
        summary=f"Ambulancia {plate} en {unit.name}",
        data={"kind": kind, "state": state, "acquired_on": acquired_on, "cost_cents": cost_cents},
    )
    return ambulance


@transaction.atomic
def ambulance_state_set(*, actor: Any, ambulance: Ambulance, state: str) -> Ambulance:
    _choice(state, AmbulanceState, "estado")
    before = ambulance.state
    ambulance.state = state
    ambulance.save(update_fields=["state"])
    audit_event_record(
        actor=actor,
        action="health_ambulance.state",
        target=ambulance,
        summary=f"Ambulancia {ambulance.plate}: {before} → {state}",
        data={"from": before, "to": state},
    )
    return ambulance
