"""Pensions as people use them, in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.pensions.payroll import payroll_run
from tests import factories
from tests.pensions import helpers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("#id_username", username)
    page.fill("#id_password", "clave-de-prueba-1")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def test_officer_finds_a_montepio_and_sees_shares_and_payments(
    page, live_server, screenshot
) -> None:
    family = helpers.widow_and_two_children()
    payroll_run(actor=None, period=date(2024, 6, 1))
    officer = factories.user("benefits_officer", province="11")
    _login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/pensiones/")
    page.get_by_label("Cédula o apellidos del pensionista o beneficiario").fill(
        family["widow"].national_id
    )
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_load_state()
    results = page.locator("#pensiones tbody tr")
    assert results.count() == 1
    results.first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Montepío")
    shares = page.locator("#beneficiarios tbody tr")
    assert shares.count() == 3
    amounts = sorted(_plain(t.split("\t")[-1]) for t in shares.all_inner_texts())
    assert amounts == ["200,00", "200,00", "600,00"]
    # The rule's explanation is shown with its legal reference.
    assert "C.D. 100" in page.locator("main").inner_text()
    nets = [_plain(t) for t in page.locator("#pagos [data-net]").all_inner_texts()]
    assert sorted(nets) == ["200,00", "200,00", "600,00"]
    screenshot("pensiones-montepio")


def test_officer_of_another_province_does_not_find_it(page, live_server) -> None:
    family = helpers.widow_and_two_children()
    officer = factories.user("benefits_officer", province="17")
    _login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/pensiones/?q={family['widow'].national_id}")
    assert page.locator("#pensiones tbody tr").first.inner_text().startswith("No se encontraron")
    page.goto(f"{live_server.url}/pensiones/{family['pension'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sin acceso"


def test_pensioner_sees_own_payments(page, live_server, screenshot) -> None:
    pension = helpers.old_age(amount_cents=80_000, region="sierra", start=date(2023, 1, 1))
    other = helpers.old_age(amount_cents=55_555)
    payroll_run(actor=None, period=date(2024, 8, 1))
    user = factories.user("affiliate", person=pension.holder)
    _login(page, live_server, user.username)
    page.goto(f"{live_server.url}/pensiones/")
    page.wait_for_load_state()
    assert page.url.endswith("/pensiones/mis-pagos/")
    rows = page.locator("#pagos tbody tr")
    assert rows.count() == 1
    # August, sierra: 800.00 + the 14th 460.00 (SBU 2024) = 1260.00.
    assert _plain(rows.first.locator("[data-net]").inner_text()) == "1 260,00"
    assert "555,55" not in page.content() and other.holder.national_id not in page.content()
    screenshot("pensiones-mis-pagos")
