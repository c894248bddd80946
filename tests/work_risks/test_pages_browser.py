"""Work risks as people use it, in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seguro.registry import services as registry
from seguro.registry.models import Regime
from seguro.work_risks.models import AccidentReport
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "clave-de-prueba-1"


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def test_employer_files_a_late_report_and_the_officer_sees_it_flagged(
    page, live_server, screenshot
) -> None:
    employer = factories.employer(canton="1101")
    worker = factories.person(canton="1101", first_names="Luis", last_names="Ordóñez Celi")
    registry.affiliation_start(
        actor=None,
        person=worker,
        employer=employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=date(2024, 1, 2),
        notice_date=date(2024, 1, 2),
        salary="600.00",
    )
    employer_user = factories.user("employer", employer=employer)
    _login(page, live_server, employer_user.username)
    page.goto(f"{live_server.url}/riesgos/")
    page.get_by_role("link", name="Presentar aviso de accidente").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Aviso de accidente de trabajo"
    # Thirty calendar days before today: always more than ten working days.
    accident = date.today() - timedelta(days=30)
    page.get_by_label("Cédula del trabajador").fill(worker.national_id)
    page.get_by_label("Fecha del accidente").fill(accident.isoformat())
    page.get_by_label("Hora del accidente").fill("09:15")
    page.get_by_label("Cantón donde ocurrió").select_option("1101")
    page.get_by_label("Lugar").fill("Taller de carpintería")
    page.get_by_label("Tipo de accidente").select_option("at_work")
    page.get_by_label("Descripción de los hechos").fill("Corte con sierra circular.")
    page.get_by_label("Lesiones").fill("Herida en la mano izquierda.")
    page.get_by_label("Días de reposo").fill("8")
    page.get_by_role("button", name="Presentar aviso").click()
    page.wait_for_load_state()
    report = AccidentReport.objects.get()
    assert page.locator("h1").inner_text() == f"Aviso de accidente N.º {report.pk}"
    warning = page.locator("#aviso-tardio")
    assert "Aviso fuera de término" in warning.inner_text()
    assert report.due_date.strftime("%d/%m/%Y") in warning.inner_text()
    assert "FUERA DE TÉRMINO" in page.locator(".messages").inner_text()
    screenshot("riesgos-aviso-tardio-empleador")

    page.context.clear_cookies()
    officer = factories.user("benefits_officer", province="11")
    _login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/riesgos/")
    page.get_by_role("link", name="Avisos de accidentes").click()
    page.wait_for_load_state()
    row = page.locator(f"#avisos tbody tr[data-aviso='{report.pk}']")
    assert "Tardío" in row.inner_text() and "Ordóñez Celi" in row.inner_text()
    assert "late" in (row.get_attribute("class") or "")
    screenshot("riesgos-avisos-oficial")
    row.get_by_role("link", name=f"N.º {report.pk}").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Abrir investigación").click()
    page.wait_for_load_state()
    assert "En investigación" in page.locator("#estado").inner_text()
