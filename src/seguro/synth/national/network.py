"""The synthetic national health network: for every province a general hospital in its capital
canton, a type-B health centre in every canton and the rural dispensaries (spread by rural heads
of family), each with its professionals, written once (data/year_national_2023.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.db import transaction

from seguro.core.models import AuditEvent
from seguro.health.models import (
    CareLevel,
    HealthUnit,
    Professional,
    UnitKind,
)
from seguro.registry.models import Canton
from seguro.synth.calibration import apportion, canton_weights, plan_for
from seguro.synth.year.health import SPECIALTIES

PREFIX = "NAC-"
KINDS = ("medical", "dental", "nursing")
OWN_KINDS = (UnitKind.GENERAL_HOSPITAL.value, UnitKind.HEALTH_CENTRE_B.value)
RURAL_KINDS = (UnitKind.RURAL_DISPENSARY.value,)


@cache
def national_year_data() -> dict[str, Any]:
    """data/year_national_2023.yaml: the national year's figures and assumptions by section."""
    text = (
        resources.files("seguro.synth")
        .joinpath("data", "year_national_2023.yaml")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def health_config() -> dict[str, Any]:
    """The ``health:`` section of data/year_national_2023.yaml."""
    return dict(national_year_data()["health"])


def spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


# --- the network -------------------------------------------------------------------------


def _wanted_units() -> list[dict[str, Any]]:
    """Every unit of the synthetic network: a general hospital per province (capital canton),
    a type-B health centre per canton, the rural dispensaries by canton."""
    network = health_config()["network"]
    cantons = list(Canton.objects.select_related("province").order_by("code"))
    units: list[dict[str, Any]] = []
    for canton in cantons:
        province = canton.province_id
        if canton.code.endswith("01"):
            for n in range(1, int(network["hospitals_per_province"]) + 1):
                suffix = "" if n == 1 else f" {n}"
                units.append(
                    {
                        "code": f"{PREFIX}{province}-H{n}",
                        "name": f"Hospital General del IESS {canton.province.name}{suffix}",
                        "kind": UnitKind.GENERAL_HOSPITAL.value,
                        "level": CareLevel.SECOND.value,
                        "canton_id": canton.code,
                    }
                )
        for n in range(1, int(network["health_centres_per_canton"]) + 1):
            suffix = "" if n == 1 else f" {n}"
            units.append(
                {
                    "code": f"{PREFIX}{province}-{canton.code}-CS{n}",
                    "name": f"Centro de Salud tipo B del IESS {canton.name}{suffix}",
                    "kind": UnitKind.HEALTH_CENTRE_B.value,
                    "level": CareLevel.FIRST.value,
                    "canton_id": canton.code,
                }
            )
    codes, weights = canton_weights(plan_for("national-2023", 1.0), "rural_head_of_family")
    known = {c.code: c for c in cantons}
    dispensaries = apportion(int(network["rural_dispensaries"]), weights)
    for code, count in zip(codes, dispensaries.tolist(), strict=True):
        place = known.get(code)
        if place is None:
            continue
        for n in range(1, int(count) + 1):
            units.append(
                {
                    "code": f"{PREFIX}{place.province_id}-{code}-D{n:02d}",
                    "name": f"Dispensario del Seguro Social Campesino {place.name} {n}",
                    "kind": UnitKind.RURAL_DISPENSARY.value,
                    "level": CareLevel.FIRST.value,
                    "canton_id": code,
                }
            )
    return units


def national_network_load(*, seed: int) -> dict[str, Any]:
    """Create the synthetic national network where it is missing (units coded ``NAC-...``
    and their professionals), set-based, with the audit event each the services
    (``unit_register``, ``professional_register``) would write. Idempotent: what exists is
    left alone, so a second call writes nothing. The network follows from the published count
    of dispensaries and the YAML assumptions; ``seed`` is recorded in the audit data."""
    per_unit = health_config()["network"]["professionals_per_unit"]
    wanted = _wanted_units()
    with transaction.atomic():
        existing = set(
            HealthUnit.objects.filter(code__startswith=PREFIX).values_list("code", flat=True)
        )
        new_units = [HealthUnit(**u) for u in wanted if u["code"] not in existing]
        HealthUnit.objects.bulk_create(new_units, batch_size=500)
        units = list(
            HealthUnit.objects.filter(code__in=[u.code for u in new_units]).order_by("code")
        )
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    action="health_unit.register",
                    target_type=HealthUnit._meta.label_lower,
                    target_id=str(unit.pk),
                    summary=f"Unidad de salud {unit.name}"[:300],
                    data={
                        "kind": unit.kind,
                        "level": unit.level,
                        "canton": unit.canton_id,
                        "synth_seed": seed,
                    },
                )
                for unit in units
            ],
            batch_size=500,
        )
        all_units = HealthUnit.objects.filter(code__startswith=PREFIX).order_by("code")
        licensed = set(
            Professional.objects.filter(unit__code__startswith=PREFIX).values_list(
                "license_number", flat=True
            )
        )
        new_people = [
            Professional(
                license_number=f"SINT-{unit.code}-{kind[:3].upper()}-{n}",
                full_name=f"{SPECIALTIES[kind]} {n} · {unit.name}",
                specialty=SPECIALTIES[kind],
                unit=unit,
            )
            for unit in all_units
            for kind, count in per_unit[unit.kind].items()
            for n in range(1, int(count) + 1)
            if f"SINT-{unit.code}-{kind[:3].upper()}-{n}" not in licensed
        ]
        Professional.objects.bulk_create(new_people, batch_size=500)
        made = Professional.objects.filter(
            license_number__in=[p.license_number for p in new_people]
        ).select_related("unit")
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    action="health_professional.register",
                    target_type=Professional._meta.label_lower,
                    target_id=str(p.pk),
                    summary=f"Profesional {p.full_name} en {p.unit.name}"[:300],
                    data={"specialty": p.specialty},
                )
                for p in made
            ],
            batch_size=500,
        )
    by_kind: dict[str, int] = {}
    for unit in units:
        by_kind[unit.kind] = by_kind.get(unit.kind, 0) + 1
    return {"units": len(units), "units_by_kind": by_kind, "professionals": len(new_people)}


# --- who can be attended -------------------------------------------------------------------
