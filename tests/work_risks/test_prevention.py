"""Prevention trainings: employers and participants counted per province and year, and the
Loja 2022 demo figures (52 employers, 641 participants)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.registry.models import Canton
from seguro.work_risks import selectors
from seguro.work_risks.demo_data import work_risks_load_loja_2022
from seguro.work_risks.models import Training
from seguro.work_risks.services import training_record
from tests import factories


def test_employers_count_once_and_participants_add_up(world: dict[str, Any]) -> None:
    a, b = world["loja_employer"], factories.employer(canton="1103")
    c, d = factories.employer(canton="1101"), world["quito_employer"]
    loja, catamayo = Canton.objects.get(code="1101"), Canton.objects.get(code="1103")
    quito = Canton.objects.get(code="1701")
    identified = factories.person(canton="1101", sex="F")
    # Loja: T1 {A, B} 10 women + 5 men + 1 identified woman = 16; T2 {B, C} 7 men = 7.
    t1 = training_record(
        actor=None,
        held_on=date(2022, 3, 10),
        topic="Trabajo en altura",
        canton=loja,
        employers=[a, b],
        people=[identified],
        unidentified_women=10,
        unidentified_men=5,
    )
    training_record(
        actor=None,
        held_on=date(2022, 9, 1),
        topic="Riesgo químico",
        canton=catamayo,
        employers=[b, c],
        unidentified_men=7,
    )
    # Pichincha: {D} 3 women. Loja 2023 (another year): not counted in 2022.
    training_record(
        actor=None,
        held_on=date(2022, 5, 5),
        topic="Ergonomía",
        canton=quito,
        employers=[d],
        unidentified_women=3,
    )
    training_record(
        actor=None,
        held_on=date(2023, 1, 20),
        topic="Primeros auxilios",
        canton=loja,
        employers=[a],
        unidentified_men=9,
    )
    assert t1.participant_count == 16
    counts = selectors.training_counts(user=None, year=2022)
    by_province = {r["province_code"]: r for r in counts["rows"]}
    assert {k: by_province["11"][k] for k in ("trainings", "employers", "participants")} == {
        "trainings": 2,
        "employers": 3,  # A, B, C: B attended twice
        "participants": 23,  # 16 + 7
    }
    assert (by_province["11"]["women"], by_province["11"]["men"]) == (11, 12)  # 10+1 / 5+7
    assert (by_province["17"]["employers"], by_province["17"]["participants"]) == (1, 3)
    assert (counts["totals"]["employers"], counts["totals"]["participants"]) == (4, 26)
    # A Loja officer only sees Loja.
    loja_counts = selectors.training_counts(user=world["loja_officer"], year=2022)
    assert [r["province_code"] for r in loja_counts["rows"]] == ["11"]
    assert AuditEvent.objects.filter(action="work_risks.training.record").count() == 4


def test_a_training_needs_participants_and_an_officer_of_its_province(
    world: dict[str, Any],
) -> None:
    loja = Canton.objects.get(code="1101")
    with pytest.raises(DomainError, match="necesita participantes"):
        training_record(actor=None, held_on=date(2022, 3, 10), topic="Vacía", canton=loja)
    with pytest.raises(DomainError):
        training_record(
            actor=world["quito_officer"],
            held_on=date(2022, 3, 10),
            topic="Fuera de ámbito",
            canton=loja,
            unidentified_men=4,
        )
    assert not Training.objects.exists()


def test_the_loja_2022_demo_reproduces_the_report(db: Any) -> None:
    existing = factories.employer(canton="1101")
    result = work_risks_load_loja_2022()
    counts = selectors.training_counts(user=None, year=2022, province_code="11")
    row = counts["rows"][0]
    # Informe de Rendición de Cuentas 2022, IESS Loja: 52 employers, 641 participants.
    assert (row["employers"], row["participants"]) == (52, 641)
    assert row["women"] + row["men"] == 641
    assert row["trainings"] == result["created"] == 18
    assert Training.objects.filter(employers=existing).exists()  # registry employers first
    assert work_risks_load_loja_2022() == {"created": 0, "trainings": 18}


def test_the_demo_command_loads_once(db: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("work_risks", "demo-loja-2022", stdout=out)
    call_command("work_risks", "demo-loja-2022", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Capacitaciones de Loja 2022 cargadas: 18")
    assert lines[1] == "Sin cambios: Loja ya tiene 18 capacitaciones en 2022."
