"""Collections as people use it, in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.collections.payments import payment_register
from tests import factories
from tests.collections.factories import obligation

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


def test_officer_opens_arrears_by_province_and_drills_to_a_canton(
    page, live_server, screenshot
) -> None:
    loja = factories.employer(canton="1101")
    catamayo = factories.employer(canton="1103")
    quito = factories.employer(canton="1701")
    obligation(employer=loja, period=date(2023, 4, 1), funds={"ivm": 60000, "health": 40000})
    obligation(employer=catamayo, period=date(2023, 4, 1), funds={"ivm": 25000})
    obligation(employer=quito, period=date(2023, 4, 1), funds={"ivm": 90000})
    officer = factories.user("collections_officer", province="11")
    _login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/cobranzas/")
    page.get_by_role("link", name="Mora patronal").click()
    table = page.locator("#mora")
    assert "Mora por cantón · Loja" in table.locator("caption").inner_text()
    assert "Pichincha" not in page.content() and quito.tax_id not in page.content()
    assert _plain(table.locator("[data-total=capital]").inner_text()) == "1 250,00"
    screenshot("cobranzas-mora-loja")
    table.get_by_role("link", name="Loja").click()
    page.wait_for_load_state()
    table = page.locator("#mora")
    assert "Empleadores en mora" in table.locator("caption").inner_text()
    rows = table.locator("tbody tr")
    assert rows.count() == 1
    assert loja.tax_id in rows.first.inner_text() and catamayo.tax_id not in page.content()
    assert _plain(table.locator("[data-total=capital]").inner_text()) == "1 000,00"
    screenshot("cobranzas-mora-canton-loja")


def test_employer_opens_its_statement_and_a_receipt(page, live_server, screenshot) -> None:
    employer = factories.employer(canton="1101")
    obligation(employer=employer, period=date(2023, 3, 1), funds={"ivm": 30000})
    obligation(employer=employer, period=date(2023, 4, 1), funds={"ivm": 60000, "health": 40000})
    # March (due 15-apr) paid 2023-05-10: 1 month: 300.00 x 0.1286 / 12 = 3.215 -> 3.22.
    payment = payment_register(
        actor=None, paid_on=date(2023, 5, 10), amount="303.22", employer=employer
    )
    user = factories.user("employer", employer=employer)
    _login(page, live_server, user.username)
    page.goto(f"{live_server.url}/cobranzas/estado-de-cuenta/?fecha=2023-08-20")
    assert page.locator("h1").inner_text() == "Estado de cuenta"
    table = page.locator("#estado-de-cuenta")
    # April: 1 000.00 due 2023-05-15, 4 months on 2023-08-20: interest 42.87.
    row = table.locator("tbody tr[data-periodo='2023-04']")
    assert "42,87" in _plain(row.inner_text())
    assert _plain(table.locator("[data-total=total]").inner_text()) == "1 042,87"
    screenshot("cobranzas-estado-de-cuenta")
    page.get_by_role("link", name=f"Comprobante N.º {payment.receipt_number}").click()
    page.wait_for_load_state()
    heading = page.locator("h1").inner_text()
    assert heading == f"Comprobante de pago N.º {payment.receipt_number}"
    assert _plain(page.locator("[data-valor=pago]").inner_text()) == "303,22 USD"
    assert _plain(page.locator("[data-total=interes]").inner_text()) == "3,22"
    assert _plain(page.locator("[data-total=capital]").inner_text()) == "300,00"
    screenshot("cobranzas-comprobante")


def test_national_officer_drills_from_provinces_to_a_canton(page, live_server) -> None:
    loja = factories.employer(canton="1101")
    quito = factories.employer(canton="1701")
    obligation(employer=loja, period=date(2023, 4, 1), funds={"ivm": 40000})
    obligation(employer=quito, period=date(2023, 4, 1), funds={"ivm": 90000})
    national = factories.user("collections_officer")  # staff with no province: national
    _login(page, live_server, national.username)
    page.goto(f"{live_server.url}/cobranzas/mora/")
    table = page.locator("#mora")
    assert "Mora por provincia" in table.locator("caption").inner_text()
    assert [_plain(t) for t in table.locator("tbody tr td:first-child").all_inner_texts()] == [
        "Loja",
        "Pichincha",
    ]
    assert _plain(table.locator("[data-total=capital]").inner_text()) == "1 300,00"
    table.get_by_role("link", name="Pichincha").click()
    page.wait_for_load_state()
    table = page.locator("#mora")
    assert "Mora por cantón · Pichincha" in table.locator("caption").inner_text()
    table.get_by_role("link", name="Quito").click()
    page.wait_for_load_state()
    assert quito.tax_id in page.locator("#mora tbody").inner_text()
    assert loja.tax_id not in page.content()
