"""Demo data: the prevention part of the Loja 2022 accountability report, built through the
services (actor None).

The report (seeds figures.yaml, loja_2022.work_risks) prints: "Se capacitó a 52 empleadores con
un total de participantes de 641 trabajadores". The loader reproduces exactly those two figures
(52 distinct employers, 641 participants in the year); what the report does not print (how many
trainings, their dates, topics, cantons, which employers, the split by sex) is generated
deterministically from the seed. The report's "424 prestaciones otorgadas" are benefit payments
(the benefits app), not reproduced here.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from seguro.institution.models import OrganisationalUnit
from seguro.registry import ids
from seguro.registry.models import Canton, Employer
from seguro.registry.services import employer_register
from seguro.work_risks.models import Training
from seguro.work_risks.services import training_record

PROVINCE = "11"  # Loja
YEAR = 2022
EMPLOYERS_TRAINED = 52  # figures.yaml loja_2022.work_risks.employers_trained
PARTICIPANTS = 641  # figures.yaml loja_2022.work_risks.participants_trained
TRAININGS = 18  # not printed: synthetic
UNIT_CODE = "DPL-CPPRT"  # institution/data/loja_2022.yaml: the coordination for work risks
TOPICS = [
    "Prevención de riesgos laborales: obligaciones del empleador",
    "Aviso de accidentes de trabajo y enfermedades profesionales",
    "Ergonomía y prevención de trastornos musculoesqueléticos",
    "Riesgos psicosociales en el trabajo",
    "Seguridad en trabajos en altura",
    "Manejo de sustancias químicas peligrosas",
    "Primeros auxilios y respuesta a emergencias",
    "Conformación de comités paritarios de seguridad y salud",
    "Riesgo biológico en establecimientos de salud",
]


def _employers(rng: random.Random) -> list[Employer]:
    """52 Loja employers: the registry's first by RUC, completed with demo employers."""
    found = list(
        Employer.objects.filter(canton__province_id=PROVINCE).order_by("tax_id")[:EMPLOYERS_TRAINED]
    )
    cantons = list(Canton.objects.filter(province_id=PROVINCE).order_by("code"))
    serial = 900_000
    while len(found) < EMPLOYERS_TRAINED:
        serial += 1
        tax_id = ids.tax_id_make(ids.TaxIdKind.NATURAL_PERSON, PROVINCE, serial)
        if Employer.objects.filter(tax_id=tax_id).exists():
            continue
        found.append(
            employer_register(
                actor=None,
                tax_id=tax_id,
                name=f"Empleador de demostración {serial - 900_000:02d}",
                canton_code=rng.choice(cantons).code,
            )
        )
    return found


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` in ``parts`` positive integers that add up to it exactly."""
    weights = [1 + rng.random() for _ in range(parts)]
    scale = sum(weights)
    shares = [max(1, int(total * w / scale)) for w in weights]
    shares[-1] += total - sum(shares)
    if shares[-1] < 1:  # pragma: no cover - weights keep every share near total/parts
        raise ValueError("reparto no válido")
    return shares


@transaction.atomic
def work_risks_load_loja_2022(*, seed: int = 2022) -> dict[str, Any]:
    """Prevention trainings of Loja in 2022: exactly 52 employers and 641 participants.
    Idempotent: a second run finds the trainings and creates nothing."""
    existing = Training.objects.filter(province_code=PROVINCE, held_on__year=YEAR)
    if existing.exists():
        return {"created": 0, "trainings": existing.count()}
    rng = random.Random(seed)
    employers = _employers(rng)
    cantons = list(Canton.objects.filter(province_id=PROVINCE).order_by("code"))
    unit = OrganisationalUnit.objects.filter(code=UNIT_CODE).first()
    # Each employer attends one training; a few attend a second one (counted once a year).
    groups: list[list[Employer]] = [[] for _ in range(TRAININGS)]
    for index, employer in enumerate(employers):
        groups[index % TRAININGS].append(employer)
    for employer in rng.sample(employers, 6):
        groups[rng.randrange(TRAININGS)].append(employer)
    participants = _split(PARTICIPANTS, TRAININGS, rng)
    first = date(YEAR, 1, 17)
    for number in range(TRAININGS):
        women = round(participants[number] * rng.uniform(0.4, 0.65))
        training_record(
            actor=None,
            held_on=first + timedelta(days=number * 19 + rng.randint(0, 6)),
            topic=TOPICS[number % len(TOPICS)],
            canton=cantons[0] if number % 3 == 0 else rng.choice(cantons),
            employers=groups[number],
            unidentified_women=women,
            unidentified_men=participants[number] - women,
            unit=unit,
        )
    return {"created": TRAININGS, "trainings": TRAININGS}
