"""The /riesgos/ pages through Django's test client: filing, flags, scope, qualification."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client

from seguro.registry.models import Canton
from seguro.work_risks.models import AccidentReport, CaseState
from seguro.work_risks.services import accident_report_file, training_record


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(national_id: str, accident: date, **extra: str) -> dict[str, str]:
    return {
        "national_id": national_id,
        "accident_date": accident.isoformat(),
        "accident_time": "10:30",
        "canton": "1101",
        "place": "Planta de producción",
        "kind": "at_work",
        "description": "Atrapamiento de la mano en la prensa.",
        "injuries": "Aplastamiento de dos dedos.",
        "leave_days": "15",
        **extra,
    }


def test_the_employer_files_on_time_and_late_and_sees_which(world: dict[str, Any]) -> None:
    client = _client(world["loja_user"])
    assert "Presentar aviso de accidente" in client.get("/riesgos/").content.decode()
    worker = world["loja_worker"].national_id
    # Yesterday: at most one working day has passed, inside the ten of the term.
    response = client.post(
        "/riesgos/avisos/nuevo/", _form(worker, date.today() - timedelta(days=1)), follow=True
    )
    page = response.content.decode()
    assert "registrado a tiempo" in page and 'id="aviso-a-tiempo"' in page
    # Sixty calendar days ago: far more than ten working days.
    response = client.post(
        "/riesgos/avisos/nuevo/", _form(worker, date.today() - timedelta(days=60)), follow=True
    )
    page = response.content.decode()
    assert "FUERA DE TÉRMINO" in page and 'id="aviso-tardio"' in page
    assert "Cálculo del término" in page and "C.D. 517" in page
    assert "pendiente" in page  # the benefits' part of the liability
    assert AccidentReport.objects.filter(late=True, employer=world["loja_employer"]).count() == 1


def test_a_form_error_is_shown_in_spanish(world: dict[str, Any]) -> None:
    client = _client(world["loja_user"])
    response = client.post(
        "/riesgos/avisos/nuevo/", _form("1100000000", date.today() - timedelta(days=1))
    )
    assert "no hay una persona registrada con esa cédula" in response.content.decode()
    assert not AccidentReport.objects.exists()


def test_another_employer_cannot_open_the_report(world: dict[str, Any]) -> None:
    report = accident_report_file(
        actor=None,
        person=world["loja_worker"],
        employer=world["loja_employer"],
        accident_date=date(2024, 3, 20),
        canton=Canton.objects.get(code="1101"),
        place="Bodega",
        kind="at_work",
        description="Caída.",
        injuries="Esguince.",
        reported_on=date(2024, 4, 5),
    )
    assert _client(world["quito_user"]).get(f"/riesgos/avisos/{report.pk}/").status_code == 403
    listing = _client(world["quito_user"]).get("/riesgos/avisos/").content.decode()
    assert f"N.º {report.pk}<" not in listing


def test_the_officer_sees_the_late_flag_and_qualifies(world: dict[str, Any]) -> None:
    report = accident_report_file(
        actor=None,
        person=world["loja_worker"],
        employer=world["loja_employer"],
        accident_date=date(2024, 3, 20),
        canton=Canton.objects.get(code="1101"),
        place="Bodega",
        kind="at_work",
        description="Caída.",
        injuries="Esguince.",
        reported_on=date(2024, 4, 5),  # one working day after the term (04-apr)
    )
    officer = _client(world["loja_officer"])
    page = officer.get("/riesgos/avisos/?tardio=si").content.decode()
    assert f'data-aviso="{report.pk}" class="late"' in page and "Tardío" in page
    assert (
        f'data-aviso="{report.pk}"'
        not in officer.get("/riesgos/avisos/?tardio=no").content.decode()
    )
    assert officer.post(f"/riesgos/avisos/{report.pk}/investigar/").status_code == 302
    officer.post(
        f"/riesgos/avisos/{report.pk}/calificar/",
        {
            "is_work_accident": "si",
            "resolution_number": "CPRT-L-2024-20",
            "resolution_date": "2024-05-02",
        },
    )
    report.refresh_from_db()
    assert (report.state, report.is_work_accident) == (CaseState.QUALIFIED, True)
    # Employers do not qualify.
    employer = _client(world["loja_user"])
    assert employer.post(f"/riesgos/avisos/{report.pk}/investigar/").status_code == 403


def test_trainings_page_counts_by_province_for_staff_only(world: dict[str, Any]) -> None:
    training_record(
        actor=None,
        held_on=date(2022, 6, 1),
        topic="Ergonomía",
        canton=Canton.objects.get(code="1101"),
        employers=[world["loja_employer"]],
        unidentified_women=4,
        unidentified_men=6,
    )
    page = _client(world["loja_officer"]).get("/riesgos/capacitaciones/?anio=2022")
    html = page.content.decode()
    assert 'data-total="empleadores">1<' in html and 'data-total="participantes">10<' in html
    assert _client(world["loja_user"]).get("/riesgos/capacitaciones/").status_code == 403
