"""Benefits as people use them, in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group

from seguro.benefits.models import Claim
from seguro.core.roles import APPROVER
from tests import factories
from tests.benefits import helpers

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


def _logout(page) -> None:
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state()


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def test_officer_computes_and_a_second_person_approves(page, live_server, screenshot) -> None:
    # 12 consecutive months 2023-02..2024-01 at 800.00; birth on 16-feb-2024.
    mother = helpers.affiliate(start=date(2023, 2, 1), months=12, salary="800.00")
    officer = factories.user("benefits_officer", province="11")
    officer.groups.add(Group.objects.get(name=APPROVER.group_name))  # may approve, not her own
    approver = factories.user("approver", province="11")

    _login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/prestaciones/")
    page.get_by_role("link", name="Nueva solicitud").click()
    page.fill("#cedula", mother.national_id)
    page.select_option("#prestacion", "maternity")
    page.fill("#presentada", "2024-02-20")
    page.fill("#fecha_hecho", "2024-02-16")
    page.get_by_role("button", name="Registrar solicitud").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().endswith("Subsidio por maternidad")
    page.get_by_label("Cédula de ciudadanía del solicitante").check()
    page.get_by_label("Certificado de cuenta bancaria del beneficiario").check()
    page.get_by_label("Certificado de nacido vivo").check()
    page.get_by_label("Certificado médico validado por el IESS").check()
    page.get_by_role("button", name="Verificar documentos").click()
    page.wait_for_load_state()
    assert page.locator("#estado").inner_text() == "Documentos verificados"
    page.get_by_role("button", name="Calcular").click()
    page.wait_for_load_state()
    # §8.2: 75 % x 800.00 = 600.00 a month; 84 days: 600.00 / 30 x 84 = 1 680.00.
    assert _plain(page.locator("[data-valor=monto]").inner_text()) == "1 680,00 USD"
    explanation = page.locator("#explicacion")
    assert "health_subsidies.maternity" in explanation.inner_text()
    first = explanation.locator("tbody tr").first.inner_text()
    assert "Aportaciones consecutivas mínimas" in first and "12" in first
    assert "confirmado" in explanation.inner_text()
    screenshot("prestaciones-calculo")
    # The maker holds the approver role too, and is still refused.
    assert "debe hacerla otra persona" in page.locator("#no-puede-decidir").inner_text()
    assert page.locator("#aprobar").count() == 0
    claim_url = page.url
    _logout(page)

    _login(page, live_server, approver.username)
    page.goto(f"{live_server.url}/prestaciones/por-aprobar/")
    rows = page.locator("#por-aprobar tbody tr")
    assert rows.count() == 1 and officer.username in rows.first.inner_text()
    screenshot("prestaciones-por-aprobar")
    rows.first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url == claim_url
    page.get_by_role("button", name="Aprobar").click()
    page.wait_for_load_state()
    assert page.locator("#estado").inner_text() == "Aprobada"
    assert approver.username in page.locator("#decision").inner_text()
    screenshot("prestaciones-aprobada")
    claim = Claim.objects.get()
    assert claim.decided_by == approver and claim.computed_by == officer


def test_approver_denies_with_a_reason(page, live_server) -> None:
    person = helpers.affiliate(start=date(2023, 3, 1), months=11, salary="800.00")
    officer = factories.user("benefits_officer", province="11")
    claim = helpers.computed(
        officer,
        kind="maternity",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
    )
    approver = factories.user("approver", province="11")
    _login(page, live_server, approver.username)
    page.goto(f"{live_server.url}/prestaciones/solicitudes/{claim.pk}/")
    assert "11 aportaciones consecutivas" in page.locator("#motivo").inner_text()
    assert page.locator("#aprobar").count() == 0  # not eligible: only a denial
    page.fill("#motivo-negacion", "No tiene 12 aportaciones consecutivas.")
    page.get_by_role("button", name="Negar").click()
    page.wait_for_load_state()
    assert page.locator("#estado").inner_text() == "Negada"


def test_affiliate_follows_claims_reads_statement_and_simulates(
    page, live_server, screenshot
) -> None:
    person = helpers.affiliate(
        birth_date=date(1971, 12, 1), start=date(2002, 1, 1), months=360, salary="1000.00"
    )
    officer = factories.user("benefits_officer", province="11")
    claim = helpers.computed(
        officer,
        kind="old_age",
        applicant=person,
        filed_on=date(2032, 2, 3),
        event_date=date(2032, 2, 1),
    )
    user = factories.user("affiliate", person=person)
    _login(page, live_server, user.username)
    page.goto(f"{live_server.url}/prestaciones/")
    page.get_by_role("link", name="Mis solicitudes").click()
    page.wait_for_load_state()
    row = page.locator(f"#solicitudes tbody tr[data-solicitud='{claim.pk}']")
    assert "Calculada" in row.inner_text() and "750,00" in _plain(row.inner_text())

    page.goto(f"{live_server.url}/prestaciones/mis-aportes/")
    history = page.locator("#historia")
    year_2010 = history.locator("tbody tr", has_text="2010")
    assert _plain(year_2010.inner_text()).split("\t")[1:] == ["12", "12 000,00"]
    screenshot("prestaciones-mis-aportes")

    page.goto(f"{live_server.url}/prestaciones/simulador/")
    page.fill("#fecha", "2031-06-01")
    page.get_by_role("button", name="Simular").click()
    page.wait_for_load_state()
    # 59 years old with 352 contributions (2002-01..2031-04; May is not due yet): no row of §3.1.
    assert "Aún no cumple los requisitos" in page.locator("#resultado").inner_text()
    page.fill("#fecha", "2032-02-01")
    page.get_by_role("button", name="Simular").click()
    page.wait_for_load_state()
    # 60 years, 360 contributions: 0.7500 x 1 000.00 = 750.00 (SBU 482: floor 337.40, cap 2 169).
    assert _plain(page.locator("[data-valor=pension]").inner_text()) == "750,00 USD"
    assert "pensions.old_age.coefficient" in page.locator("#explicacion").inner_text()
    screenshot("prestaciones-simulador")
