"""The national year's own events, generated through the services (actor None = the system)
and calibrated to the national 2023 report: the national directorate and its contact, the
advanced-life-support ambulances bought and their price, the transplants, the staff trained
under the gender policy and the affiliates trained in prevention of work risks. The report's
figures are then counted from these rows (reports.sections), never read from the data file.

Counts are scaled with ``round_half_up`` (exact at scale 1); a second run writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any

import numpy as np
import yaml
from django.db import transaction
from django.db.models import Count

from seguro.health import services as health
from seguro.health.models import HealthUnit, UnitKind
from seguro.institution import services as institution
from seguro.institution.models import OrganisationalUnit, Programme
from seguro.registry.models import Affiliation, Canton, Employer, Person, Province
from seguro.synth.calibration import round_half_up
from seguro.work_risks.services import training_record

DATA_FILE = "national_2023_events.yaml"


def events_data() -> dict[str, Any]:
    text = resources.files("seguro.synth.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def split_exactly(total: int, weights: list[float]) -> list[int]:
    """``total`` in parts proportional to ``weights`` that add up to it exactly (largest
    remainders get the leftover units)."""
    if not weights or total <= 0:
        return [0] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _day(year: int, first_month: int, rng: np.random.Generator) -> date:
    start = date(year, first_month, 1)
    span = (date(year, 12, 31) - start).days
    return start + timedelta(days=int(rng.integers(0, span + 1)))


def _directorate(spec: dict[str, Any]) -> OrganisationalUnit:
    found = OrganisationalUnit.objects.filter(code=spec["code"]).first()
    if found is not None:
        return found
    return institution.unit_register(
        actor=None,
        code=spec["code"],
        name=spec["name"],
        kind="national_directorate",
        contact_email=spec["contact_email"],
    )


def _hospitals() -> list[HealthUnit]:
    hospitals = list(
        HealthUnit.objects.filter(kind=UnitKind.GENERAL_HOSPITAL, active=True).order_by("code")
    )
    if not hospitals:
        raise ValueError("no hay hospitales generales: cargue primero la red nacional de salud.")
    return hospitals


def _ambulances(data: dict[str, Any], scale: float, rng: np.random.Generator) -> int:
    spec = data["ambulances"]
    count = round_half_up(spec["count"], scale)
    cents = int((Decimal(spec["investment_usd"]) * 100 * Decimal(str(scale))).to_integral_value())
    prices = split_exactly(cents, [1.0] * count)
    hospitals = _hospitals()
    for n, price in enumerate(prices):
        health.ambulance_register(
            actor=None,
            plate=f"NAC-{n + 1:04d}",
            unit=hospitals[n % len(hospitals)],
            kind="advanced",
            acquired_on=_day(data["year"], spec["first_month"], rng),
            cost=f"{Decimal(price) / 100:.2f}",
        )
    return count


def _transplants(data: dict[str, Any], scale: float, rng: np.random.Generator) -> int:
    spec = data["transplants"]
    count = round_half_up(spec["count"], scale)
    provinces = list(spec["provinces"])
    per_province = split_exactly(count, [float(spec["provinces"][p]) for p in provinces])
    done = 0
    for province, wanted in zip(provinces, per_province, strict=True):
        hospital = HealthUnit.objects.filter(
            kind=UnitKind.GENERAL_HOSPITAL, canton__province_id=province
        ).order_by("code")
        unit = hospital.first()
        if unit is None or wanted == 0:
            continue
        # Recipients: affiliates in force of the province (drawn, one transplant each).
        people = list(
            Affiliation.objects.filter(
                valid_to__isnull=True,
                person__canton__province_id=province,
                person__death_date__isnull=True,
            )
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()[: wanted * 50]  # a second job must not make one person two recipients
        )
        chosen = rng.choice(len(people), size=min(wanted, len(people)), replace=False)
        recipients = Person.objects.in_bulk([people[int(i)] for i in chosen])
        for person in recipients.values():
            health.transplant_register(
                actor=None,
                organ=str(spec["organs"][int(rng.integers(0, len(spec["organs"])))]),
                recipient=person,
                unit=unit,
                on=_day(data["year"], 1, rng),
                state="performed",
            )
            done += 1
    return done


def _gender_training(
    data: dict[str, Any], scale: float, head: OrganisationalUnit, rng: np.random.Generator
) -> int:
    spec = data["gender_training"]
    programme = Programme.objects.filter(code=spec["programme_code"]).first()
    if programme is None:
        programme = institution.programme_register(
            actor=None, code=spec["programme_code"], name=spec["programme"], policy="gender"
        )
    provinces = list(Province.objects.order_by("code").values_list("name", flat=True))
    sessions = [(name, k) for name in provinces for k in range(spec["workshops_per_province"])]
    total = round_half_up(spec["staff_trained"], scale)
    parts = split_exactly(total, [1.0 + float(rng.random()) for _ in sessions])
    for (province, k), participants in zip(sessions, parts, strict=True):
        if participants == 0:
            continue
        institution.workshop_record(
            actor=None,
            programme=programme,
            unit=head,
            name=f"Tolerancia cero a la violencia contra las mujeres · {province} ({k + 1})",
            held_on=_day(data["year"], 1, rng),
            participants=participants,
            for_staff=True,
        )
    return total


def _prevention(data: dict[str, Any], scale: float, rng: np.random.Generator) -> int:
    spec = data["prevention_training"]
    total = round_half_up(spec["participants"], scale)
    trainings = max(1, round(total / spec["participants_per_training"]))
    # Trainings by province in proportion to its employers.
    by_province = dict(
        Employer.objects.values_list("canton__province_id")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("canton__province_id", "n")
    )
    provinces = sorted(by_province)
    per_province = split_exactly(trainings, [float(by_province[p]) for p in provinces])
    sessions = [p for p, n in zip(provinces, per_province, strict=True) for _ in range(n)]
    people = split_exactly(total, [1.0 + float(rng.random()) for _ in sessions])
    cantons_of = {p: list(Canton.objects.filter(province_id=p).order_by("code")) for p in provinces}
    employers_of = {
        p: list(
            Employer.objects.filter(canton__province_id=p)
            .order_by("id")
            .values_list("id", flat=True)[:500]
        )
        for p in provinces
    }
    for province, participants in zip(sessions, people, strict=True):
        cantons, employers = cantons_of[province], employers_of[province]
        picked = rng.choice(
            len(employers), size=min(spec["employers_per_training"], len(employers)), replace=False
        )
        women = participants // 2
        training_record(
            actor=None,
            held_on=_day(data["year"], 1, rng),
            topic="Prevención de riesgos del trabajo",
            canton=cantons[int(rng.integers(0, len(cantons)))],
            employers=list(Employer.objects.filter(id__in=[employers[int(i)] for i in picked])),
            unidentified_women=women,
            unidentified_men=participants - women,
        )
    return total


def national_events_load(
    *, scale: float, seed: int, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Load the national year's events once; returns what was made (or that it was there)."""
    data = events_data()
    if Programme.objects.filter(code=data["gender_training"]["programme_code"]).exists():
        return {"skipped": True, "reason": "los eventos nacionales ya están cargados"}
    rng = np.random.default_rng(seed + 31)
    say = progress or (lambda _text: None)
    with transaction.atomic():
        head = _directorate(data["national_directorate"])
        say("Ambulancias adquiridas…")
        ambulances = _ambulances(data, scale, rng)
        say("Trasplantes…")
        transplants = _transplants(data, scale, rng)
        say("Capacitaciones en género…")
        gender = _gender_training(data, scale, head, rng)
        say("Capacitaciones en prevención de riesgos…")
        prevention = _prevention(data, scale, rng)
    return {
        "skipped": False,
        "ambulances": ambulances,
        "transplants": transplants,
        "staff_trained_gender": gender,
        "affiliates_trained_in_prevention": prevention,
    }
