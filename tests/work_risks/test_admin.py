"""The admin in Spanish, scoped by province, saving through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from seguro.registry.models import Canton
from seguro.work_risks.models import AccidentReport, Training
from seguro.work_risks.services import accident_report_file


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_sees_only_its_province_and_adds_a_training(world: dict[str, Any]) -> None:
    for key, canton in (("loja", "1101"), ("quito", "1701")):
        accident_report_file(
            actor=None,
            person=world[f"{key}_worker"],
            employer=world[f"{key}_employer"],
            accident_date=date(2024, 3, 20),
            canton=Canton.objects.get(code=canton),
            place="Patio",
            kind="at_work",
            description="Golpe.",
            injuries="Contusión.",
            reported_on=date(2024, 3, 21),
        )
    client = _client(world["loja_officer"])
    page = client.get("/admin/work_risks/accidentreport/")
    assert page.status_code == 200
    html = page.content.decode()
    assert world["loja_worker"].national_id in html
    assert world["quito_worker"].national_id not in html
    for model in ("occupationaldiseasecase", "employerliability", "jobanalysis", "training"):
        assert client.get(f"/admin/work_risks/{model}/").status_code == 200
    assert client.get("/admin/work_risks/accidentreport/add/").status_code == 200
    response = client.post(
        "/admin/work_risks/training/add/",
        {
            "held_on": "2024-05-10",
            "topic": "Uso de equipos de protección personal",
            "canton": "1101",
            "unidentified_women": "6",
            "unidentified_men": "9",
            "employers": [str(world["loja_employer"].pk)],
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    assert (training.participant_count, training.province_code) == (15, "11")
    assert list(training.employers.all()) == [world["loja_employer"]]
    assert client.get(f"/admin/work_risks/training/{training.pk}/change/").status_code == 200
    report = AccidentReport.objects.get(employer=world["loja_employer"])
    assert client.get(f"/admin/work_risks/accidentreport/{report.pk}/change/").status_code == 200
    # A Loja officer cannot record a training in Quito: the service's message shows.
    response = client.post(
        "/admin/work_risks/training/add/",
        {
            "held_on": "2024-05-10",
            "topic": "Fuera de ámbito",
            "canton": "1701",
            "unidentified_women": "1",
            "unidentified_men": "0",
        },
    )
    assert response.status_code == 200 and "fuera de su ámbito" in response.content.decode()
    assert Training.objects.count() == 1
