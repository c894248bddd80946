"""Demo data: the institutional part of the Loja 2022 accountability report, built through the
services (actor None) from data/loja_2022.yaml.

The totals the report prints are reproduced exactly (budget per unit, procurement per type);
what it does not print is generated deterministically from the seed (see the YAML's notes).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from seguro.institution import services
from seguro.institution.models import (
    OrganisationalUnit,
    PolicyKind,
    ProcurementStage,
    UnitKind,
)
from seguro.registry import ids

DATA = Path(__file__).resolve().parent / "data" / "loja_2022.yaml"
CENT = Decimal("0.01")


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def split_cents(
    total: Decimal, parts: int, rng: random.Random, spread: float = 0.5
) -> list[Decimal]:
    """Split `total` into `parts` positive amounts to the cent that add up to it exactly."""
    cents = int((total / CENT).to_integral_value())
    if cents < parts:
        raise ValueError("no alcanza un centavo por parte")
    weights = [1 + rng.uniform(-spread, spread) for _ in range(parts)]
    scale = sum(weights)
    shares = [max(1, int(cents * w / scale)) for w in weights]
    shares[-1] += cents - sum(shares)
    if shares[-1] < 1:
        raise ValueError("reparto no válido")
    return [Decimal(s) * CENT for s in shares]


def _day(year: int, rng: random.Random, first: int = 32, last: int = 340) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randint(first, last))


def _units(data: dict[str, Any]) -> dict[str, OrganisationalUnit]:
    province = data["province_code"]
    head = data["directorate"]
    directorate = services.unit_register(
        actor=None,
        code=head["code"],
        name=head["name"],
        kind=UnitKind.PROVINCIAL_DIRECTORATE,
        province_code=province,
        contact_phone=head["contact_phone"],
        contact_email=head["contact_email"],
    )
    units = {directorate.code: directorate}
    for spec in data["coordinations"]:
        units[spec["code"]] = services.unit_register(
            actor=None,
            code=spec["code"],
            name=spec["name"],
            short_name=spec.get("short_name", ""),
            kind=UnitKind.COORDINATION,
            parent=directorate,
        )
    for spec in data["budget_centres"]:
        units[spec["code"]] = services.unit_register(
            actor=None,
            code=spec["code"],
            name=spec["name"],
            kind=UnitKind.BUDGET_CENTRE,
            parent=units[spec["parent"]],
        )
    for spec in data["medical_units"]:
        units[spec["code"]] = services.unit_register(
            actor=None,
            code=spec["code"],
            name=spec["name"],
            kind=UnitKind.MEDICAL_UNIT,
            parent=directorate,
        )
    return units


def _budget(data: dict[str, Any], units: dict[str, OrganisationalUnit], rng: random.Random) -> int:
    year, items, count = data["year"], data["budget_execution"]["items"], 0
    for row in data["budget_execution"]["rows"]:
        appropriated = Decimal(row["appropriated"])
        accrued = Decimal(row["accrued"])
        shares = split_cents(appropriated, len(items), rng, spread=0.6)
        # Each item executes at the unit's rate; the last item takes the cents left over.
        accrued_shares = [(s * accrued / appropriated).quantize(CENT) for s in shares[:-1]]
        accrued_shares.append(accrued - sum(accrued_shares, Decimal(0)))
        for item, planned, spent in zip(items, shares, accrued_shares, strict=True):
            if not Decimal(0) <= spent <= planned:
                raise ValueError(f"reparto del presupuesto no válido en {row['unit']}")
            committed = spent + ((planned - spent) * Decimal(rng.uniform(0.2, 0.8))).quantize(CENT)
            line = services.budget_line_record(
                actor=None,
                unit=units[row["unit"]],
                year=year,
                item_code=item["code"],
                item_name=item["name"],
                appropriated=planned,
            )
            if committed > 0:
                line = services.budget_commit(actor=None, line=line, amount=committed)
            if spent > 0:
                services.budget_accrue(actor=None, line=line, amount=spent)
            count += 1
    return count


def _procurement(
    data: dict[str, Any], units: dict[str, OrganisationalUnit], rng: random.Random
) -> int:
    spec = data["procurement_awarded"]
    year, serial, count = data["year"], 0, 0
    buyers = [units[row["unit"]] for row in data["budget_execution"]["rows"]]
    suppliers = [
        (
            f"Proveedor de demostración {n:02d} S.A.",
            ids.tax_id_make(ids.TaxIdKind.PRIVATE_COMPANY, "11", 700 + n),
        )
        for n in range(1, 25)
    ]
    planned_on = date(year, 1, 14)
    for row in spec["rows"]:
        amounts = split_cents(Decimal(row["usd"]), row["count"], rng)
        for amount in amounts:
            serial += 1
            category = row["category"]
            if row["type"] == "procedimiento_especial":
                title = spec["procedimiento_especial_object"]
            else:
                title = rng.choice(spec["objects"][category])
            budget = (amount * Decimal(1 + rng.uniform(0, 0.08))).quantize(CENT)
            process = services.procurement_process_plan(
                actor=None,
                unit=rng.choice(buyers),
                code=f"{row['code_prefix']}-IESSDPL-{year}-{serial:03d}",
                year=year,
                procurement_type=row["type"],
                category=category,
                object=title,
                budget=budget,
                planned_on=planned_on,
            )
            awarded_on = _day(year, rng, first=40, last=330)
            if row["type"] not in ("infima_cuantia", "catalogo_electronico"):
                services.procurement_stage_advance(
                    actor=None,
                    process=process,
                    stage=ProcurementStage.PUBLISHED,
                    on=awarded_on - timedelta(days=rng.randint(10, 25)),
                )
            supplier_name, supplier_ruc = rng.choice(suppliers)
            process = services.procurement_award(
                actor=None,
                process=process,
                on=awarded_on,
                amount=amount,
                supplier_name=supplier_name,
                supplier_tax_id=supplier_ruc,
            )
            if row["type"] in ("subasta_inversa", "menor_cuantia", "procedimiento_especial"):
                services.procurement_stage_advance(
                    actor=None,
                    process=process,
                    stage=ProcurementStage.CONTRACT_SIGNED,
                    on=awarded_on + timedelta(days=rng.randint(5, 15)),
                )
            count += 1
    for extra in spec["not_awarded"]:
        process = services.procurement_process_plan(
            actor=None,
            unit=buyers[2],
            code=extra["code"],
            year=year,
            procurement_type=extra["type"],
            category=extra["category"],
            object=extra["object"],
            budget=Decimal(extra["budget"]),
            planned_on=planned_on,
        )
        if extra["stage"] == ProcurementStage.DESERTED:
            services.procurement_stage_advance(
                actor=None, process=process, stage=ProcurementStage.PUBLISHED, on=date(year, 5, 9)
            )
            services.procurement_stage_advance(
                actor=None,
                process=process,
                stage=ProcurementStage.DESERTED,
                on=date(year, 6, 1),
                note="Ninguna oferta cumplió los requisitos",
            )
        count += 1
    return count


def _recommendations(data: dict[str, Any], units: dict[str, OrganisationalUnit]) -> int:
    for spec in data["audit_recommendations"]:
        extra = spec.get("additional_memo", "")
        evidence_date = spec.get("additional_date") or spec["date"]
        item = services.audit_recommendation_register(
            actor=None,
            issuer=spec["issuer"],
            memo_number=spec["memo"],
            memo_date=spec["date"],
            additional_memo_number=extra,
            additional_memo_date=spec.get("additional_date"),
            recommendation=(
                "Recomendación de la Contraloría General del Estado gestionada por la "
                "Dirección Provincial (texto no publicado en el informe)."
            ),
            responsible_unit=units[spec["unit"]],
        )
        memos = f"{spec['memo']}" + (f" y {extra}" if extra else "")
        services.audit_recommendation_update_status(
            actor=None,
            recommendation=item,
            status="implemented",
            evidence=f"Cumplimiento informado con el memorando {memos}.",
            evidence_date=evidence_date,
        )
    return len(data["audit_recommendations"])


def _plans(data: dict[str, Any], units: dict[str, OrganisationalUnit], rng: random.Random) -> int:
    for number, name in enumerate(data["strategic_objectives"], start=1):
        services.strategic_objective_register(actor=None, code=f"OEI-{number:02d}", name=name)
    policies = data["public_policies"]
    generational = services.programme_register(
        actor=None,
        code=policies["generational"]["code"],
        name=policies["generational"]["name"],
        policy=PolicyKind.GENERATIONAL,
    )
    services.programme_register(
        actor=None,
        code=policies["intercultural"]["code"],
        name=policies["intercultural"]["name"],
        policy=PolicyKind.INTERCULTURAL,
        description=policies["intercultural"]["description"],
    )
    for month, name in enumerate(policies["generational"]["workshops"], start=3):
        services.workshop_record(
            actor=None,
            programme=generational,
            unit=units[data["directorate"]["code"]],
            name=name,
            held_on=date(data["year"], month, rng.randint(5, 25)),
            participants=rng.randint(15, 40),
        )
    return len(policies["generational"]["workshops"])


def _citizen(data: dict[str, Any], units: dict[str, OrganisationalUnit], rng: random.Random) -> int:
    spec, year, count = data["citizen_requests"], data["year"], 0
    channels = ["in_person", "phone", "email", "web", "mailbox"]
    for kind, subjects in spec["subjects"].items():
        for subject in subjects:
            received = _day(year, rng, first=10, last=330)
            request = services.citizen_request_register(
                actor=None,
                unit=units[spec["unit"]],
                kind=kind,
                channel=rng.choice(channels),
                received_on=received,
                subject=subject,
            )
            count += 1
            if count % 4 == 0:  # some are still open at year's end
                services.citizen_request_take(actor=None, request=request)
                continue
            services.citizen_request_answer(
                actor=None,
                request=request,
                answered_on=received + timedelta(days=rng.randint(1, 15)),
                answer="Atendida por la Coordinación de Servicios de Atención al Ciudadano.",
            )
    return count


def institution_load_loja_2022(*, seed: int = 2022) -> dict[str, Any]:
    """Create Loja's directorate and its institutional data for 2022; returns what it made.

    Runs once: if the directorate already exists nothing is written.
    """
    data = _data()
    if OrganisationalUnit.objects.filter(code=data["directorate"]["code"]).exists():
        return {"skipped": True, "reason": "la Dirección Provincial IESS Loja ya existe"}
    rng = random.Random(seed)
    with transaction.atomic():
        units = _units(data)
        result = {
            "skipped": False,
            "units": len(units),
            "budget_lines": _budget(data, units, rng),
            "procurement_processes": _procurement(data, units, rng),
            "audit_recommendations": _recommendations(data, units),
            "workshops": _plans(data, units, rng),
            "strategic_objectives": len(data["strategic_objectives"]),
            "citizen_requests": _citizen(data, units, rng),
        }
    return result
