"""The registry as people use it, in a real browser."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "clave-de-prueba-1"


def _login(page, live_server, username: str, *, admin: bool) -> None:
    page.goto(f"{live_server.url}/{'admin/login/' if admin else 'cuenta/ingresar/'}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit], button[type=submit]")


def test_loja_clerk_finds_a_loja_person_by_cedula_but_not_a_quito_one(
    page, live_server, screenshot
) -> None:
    data = factories.two_provinces(on=date(2024, 1, 2))
    clerk = factories.user("clerk", province="11")
    _login(page, live_server, clerk.username, admin=True)
    page.goto(f"{live_server.url}/admin/registry/person/")
    page.fill("#searchbar", data["loja_worker"].national_id)
    page.press("#searchbar", "Enter")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert data["loja_worker"].national_id in rows.first.inner_text()
    screenshot("admin-busqueda-cedula")
    page.fill("#searchbar", data["quito_worker"].national_id)
    page.press("#searchbar", "Enter")
    assert page.locator("#result_list tbody tr").count() == 0
    assert "0 resultados" in page.locator("#changelist-search").inner_text()


def test_affiliate_sees_own_record_and_cannot_enter_the_admin(
    page, live_server, screenshot
) -> None:
    data = factories.two_provinces(on=date(2024, 1, 2))
    affiliate = factories.user("affiliate", person=data["loja_worker"])
    _login(page, live_server, affiliate.username, admin=False)
    page.goto(f"{live_server.url}/registro/mi-ficha/?fecha=2024-06-30")
    assert page.locator("h1").inner_text() == "Mi ficha de afiliado"
    table = page.locator("table").first.inner_text()
    assert data["loja_employer"].name in table
    assert "800.00" in table or "800,00" in table
    assert data["quito_employer"].name not in page.content()
    screenshot("mi-ficha-afiliado")
    page.goto(f"{live_server.url}/admin/")
    assert "/admin/login/" in page.url  # not staff: the admin asks for a staff account
    page.goto(f"{live_server.url}/registro/mis-trabajadores/")
    assert page.locator("h1").inner_text() == "Sin acceso"


def test_employer_sees_its_workers_on_a_date(page, live_server) -> None:
    data = factories.two_provinces(on=date(2024, 1, 2))
    employer = factories.user("employer", employer=data["loja_employer"])
    _login(page, live_server, employer.username, admin=False)
    page.goto(f"{live_server.url}/registro/mis-trabajadores/")
    page.fill("#fecha", "2024-03-01")
    page.click("form.date-form button")
    page.wait_for_url("**fecha=2024-03-01**")
    caption = page.locator("caption").inner_text()
    assert caption.endswith(": 1")
    assert data["loja_worker"].national_id in page.locator("tbody").inner_text()
    page.fill("#fecha", "2023-12-31")  # before the affiliation began
    page.click("form.date-form button")
    page.wait_for_url("**fecha=2023-12-31**")
    assert page.locator("caption").inner_text().endswith(": 0")
