"""Health as people use it, in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.health.models import Attention, EmployerHealthLiability, InvoiceState
from seguro.health.services import (
    LineInput,
    ServiceTariff,
    agreement_sign,
    invoice_register,
    provider_register,
)
from tests import factories
from tests.health import factories as health

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


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def test_unit_staff_checks_coverage_and_records_an_attention(page, live_server, screenshot):
    unit = health.unit(canton="1103")
    doctor = health.professional(unit)
    nurse = health.staff(unit)
    employer = factories.employer()
    # 1 paid month (mar-2024) and 2 unpaid by the employer (apr, may): 3 >= 3 on 20-jun-2024,
    # covered, and the employer is liable for the cost.
    patient = health.affiliate(months=1, last_month=date(2024, 3, 1), employer=employer)
    factories.contribution_months(
        patient, start=date(2024, 4, 1), months=2, salary="800.00", employer=employer, paid_on=None
    )
    stranger = factories.person()
    _login(page, live_server, nurse.username)
    page.goto(f"{live_server.url}/salud/")
    page.get_by_role("link", name="Verificar cobertura").click()
    page.get_by_label("Cédula del paciente").fill(stranger.national_id)
    page.get_by_label("Fecha de la atención").fill("2024-06-20")
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_load_state()
    assert page.locator("[data-resultado]").get_attribute("data-resultado") == "sin-cobertura"
    assert "No consta como afiliado" in page.locator("[data-motivo]").inner_text()
    assert page.locator("#atencion").count() == 0
    screenshot("salud-sin-cobertura")

    page.get_by_role("link", name="Verificar otro paciente").click()
    page.get_by_label("Cédula del paciente").fill(patient.national_id)
    page.get_by_label("Fecha de la atención").fill("2024-06-20")
    page.get_by_label("Unidad").select_option(label=unit.name)
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_load_state()
    result = page.locator("[data-resultado]")
    assert result.get_attribute("data-resultado") == "cubierto"
    assert _plain(result.inner_text()) == "Con cobertura: Afiliado al Seguro General"
    assert employer.tax_id in page.locator("[data-mora]").inner_text()
    assert "LSS Art. 10" in page.locator("#explicacion").inner_text()
    screenshot("salud-cobertura")

    page.get_by_label("Profesional").select_option(label=f"{doctor.full_name} · {doctor.specialty}")
    page.get_by_label("Tipo de atención").select_option(label="Atención médica")
    page.get_by_label("Diagnóstico (código CIE-10)").fill("J6.9")
    page.get_by_label("Costo según tarifario (USD)").fill("25.40")
    page.get_by_role("button", name="Registrar atención").click()
    page.wait_for_load_state()
    assert "no es un código CIE-10 válido" in page.locator("[role=alert]").inner_text()
    page.get_by_label("Diagnóstico (código CIE-10)").fill("J06.9")
    page.get_by_role("button", name="Registrar atención").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Atenciones"
    row = page.locator("#atenciones tbody tr").first
    text = _plain(row.inner_text())
    assert patient.national_id in text and "J06.9" in text and "25,40" in text
    screenshot("salud-atenciones")
    attention = Attention.objects.get(person=patient)
    liability = EmployerHealthLiability.objects.get(attention=attention)
    assert (liability.employer_id, liability.amount_cents) == (employer.pk, 2540)


def test_invoice_review_rejects_the_line_over_the_tariff(page, live_server, screenshot):
    provider = provider_register(
        actor=None,
        tax_id="1190012345001",
        name="Dializadora Nefroloja",
        kind="dialysis",
        canton_code="1101",
    )
    agreement = agreement_sign(
        actor=None,
        provider=provider,
        number="IESS-LOJ-2024-001",
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 12, 31),
        ceiling="5000.00",
        services=[
            ServiceTariff("HD01", "Hemodiálisis (sesión)", "120.00"),
            ServiceTariff("LAB01", "Hemograma completo", "8.50"),
        ],
    )
    invoice = invoice_register(
        actor=None,
        agreement=agreement,
        number="001-001-000777",
        issued_on=date(2024, 4, 2),
        lines=[
            LineInput("HD01", date(2024, 3, 10), 12, "120.00"),  # 1 440.00
            LineInput("LAB01", date(2024, 3, 10), 3, "9.25"),  # 9.25 > 8.50
            LineInput("LAB01", date(2024, 3, 11), 4, "8.50"),  # 34.00
        ],
    )
    reviewer = factories.user("health_staff")
    _login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/salud/facturas/")
    page.get_by_role("link", name="Factura 001-001-000777").click()
    page.wait_for_load_state()
    # Claimed: 1 440.00 + 27.75 + 34.00 = 1 501.75.
    assert _plain(page.locator("[data-valor=facturado]").inner_text()) == "1 501,75 USD"
    page.get_by_role("button", name="Revisar línea por línea").click()
    page.wait_for_load_state()
    assert "Factura revisada" in page.locator(".messages").inner_text()
    line2 = _plain(page.locator("#lineas tr[data-linea='2']").inner_text())
    assert "Rechazada: El precio unitario 9,25 supera la tarifa del convenio 8,50" in line2
    assert "Aceptada" in page.locator("#lineas tr[data-linea='1']").inner_text()
    assert "Aceptada" in page.locator("#lineas tr[data-linea='3']").inner_text()
    # Accepted: 1 440.00 + 34.00 = 1 474.00.
    assert _plain(page.locator("[data-valor=aceptado]").inner_text()) == "1 474,00 USD"
    screenshot("salud-factura-revisada")
    page.get_by_role("button", name="Aprobar (otra persona)").click()
    page.wait_for_load_state()
    assert "debe aprobarla otra persona" in page.locator("[role=alert]").inner_text()
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.REVIEWED
