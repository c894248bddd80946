"""Demo data: Loja's health network of the 2022 accountability report (units, rural and
annexed dispensaries, external providers with their agreements), built through the services
(actor None) from data/loja_2022.yaml. What the report does not print is generated
deterministically and marked synthetic in the YAML."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from seguro.health import services
from seguro.health.models import CareLevel, HealthUnit, UnitKind
from seguro.health.services import ServiceTariff
from seguro.registry import ids
from seguro.registry.models import Canton

DATA = Path(__file__).resolve().parent / "data" / "loja_2022.yaml"
ONE_DAY = timedelta(days=1)


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def _add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years)


def _units(data: dict[str, Any]) -> int:
    for spec in data["medical_units"]:
        services.unit_register(
            actor=None,
            code=spec["code"],
            name=spec["name"],
            kind=spec["kind"],
            level=spec["level"],
            canton_code=spec["canton"],
        )
    cantons = list(Canton.objects.filter(province_id=data["province_code"]).order_by("code"))
    for n in range(data["rural_dispensaries"]):
        canton = cantons[n % len(cantons)]
        services.unit_register(
            actor=None,
            code=f"LOJ-SSC-{n + 1:02d}",
            name=f"Dispensario SSC {canton.name} {n // len(cantons) + 1}",
            kind=UnitKind.RURAL_DISPENSARY,
            level=CareLevel.FIRST,
            canton_code=canton.code,
        )
    annexed = data["annexed_dispensaries"]
    for n in range(annexed["count"]):
        canton_code = annexed["cantons"][n % len(annexed["cantons"])]
        unit = services.unit_register(
            actor=None,
            code=f"LOJ-ANX-{n + 1:02d}",
            name=f"Dispensario anexo {n + 1:02d}",
            kind=UnitKind.ANNEXED_DISPENSARY,
            level=CareLevel.FIRST,
            canton_code=canton_code,
        )
        _annex_agreements(annexed, unit, n + 1)
    return int(len(data["medical_units"]) + data["rural_dispensaries"] + annexed["count"])


def _annex_agreements(annexed: dict[str, Any], unit: HealthUnit, serial: int) -> None:
    """The dispensary's first agreement and its renewal (synthetic institutions and dates)."""
    public = serial % 2 == 1
    kind = ids.TaxIdKind.PUBLIC_ENTITY if public else ids.TaxIdKind.PRIVATE_COMPANY
    start = date.fromisoformat(annexed["previous_start"])
    renewal = date.fromisoformat(annexed["renewal_start"])
    first = services.annex_agreement_sign(
        actor=None,
        unit=unit,
        institution=f"{'Entidad pública' if public else 'Empresa'} {serial:02d} (sintética)",
        institution_tax_id=ids.tax_id_make(kind, "11", 8000 + serial),
        number=f"IESS-LOJ-ANX-{start.year}-{serial:02d}",
        valid_from=start,
        valid_to=renewal - ONE_DAY,
    )
    services.annex_agreement_renew(
        actor=None,
        agreement=first,
        number=f"IESS-LOJ-ANX-{renewal.year}-{serial:02d}",
        valid_to=_add_years(renewal, annexed["renewal_years"]) - ONE_DAY,
    )


def _providers(data: dict[str, Any]) -> tuple[int, int]:
    synthetic = data["synthetic"]
    years = synthetic["agreement_years"]
    tariffs = {
        kind: [ServiceTariff(s["code"], s["description"], s["tariff"]) for s in rows]
        for kind, rows in synthetic["services"].items()
    }
    serial, agreements = 0, 0
    data_province = data["province_code"]  # Loja's directorate signs them all
    groups = [("renewed", data["providers"]["renewed"]), ("new", data["providers"]["new"])]
    for group, specs in groups:
        for spec in specs:
            serial += 1
            canton = spec["canton"]
            provider = services.provider_register(
                actor=None,
                tax_id=ids.tax_id_make(ids.TaxIdKind.PRIVATE_COMPANY, canton[:2], 7000 + serial),
                name=spec["name"],
                kind=spec["kind"],
                canton_code=canton,
            )
            offered = tariffs.get(spec["kind"], tariffs["clinic"])
            if group == "renewed":
                start = date.fromisoformat(synthetic["previous_start"])
                previous = services.agreement_sign(
                    actor=None,
                    provider=provider,
                    number=f"IESS-LOJ-{start.year}-{serial:03d}",
                    valid_from=start,
                    valid_to=date.fromisoformat(synthetic["renewal_start"]) - ONE_DAY,
                    ceiling=synthetic["ceiling"],
                    services=offered,
                    province_code=data_province,
                )
                renewal = date.fromisoformat(synthetic["renewal_start"])
                services.agreement_renew(
                    actor=None,
                    agreement=previous,
                    number=f"IESS-LOJ-{renewal.year}-{serial:03d}",
                    valid_to=_add_years(renewal, years) - ONE_DAY,
                    ceiling=synthetic["ceiling"],
                )
                agreements += 2
            else:
                start = date.fromisoformat(synthetic["new_start"])
                services.agreement_sign(
                    actor=None,
                    provider=provider,
                    number=f"IESS-LOJ-{start.year}-{serial:03d}",
                    valid_from=start,
                    valid_to=_add_years(start, years) - ONE_DAY,
                    ceiling=synthetic["ceiling"],
                    services=offered,
                    province_code=data_province,
                )
                agreements += 1
    return serial, agreements


def health_load_loja_2022() -> dict[str, Any]:
    """Create Loja's health network of 2022; returns what it made. Runs once: if the first
    unit already exists nothing is written."""
    data = _data()
    if HealthUnit.objects.filter(code=data["medical_units"][0]["code"]).exists():
        return {"skipped": True, "reason": "la red de salud de Loja ya existe"}
    with transaction.atomic():
        units = _units(data)
        providers, agreements = _providers(data)
    return {"skipped": False, "units": units, "providers": providers, "agreements": agreements}
