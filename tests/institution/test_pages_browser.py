"""The institution's pages as a finance officer uses them, in a real browser."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from seguro.institution.demo_data import institution_load_loja_2022
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


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def test_finance_reads_the_loja_budget_totals(page, live_server, screenshot) -> None:
    institution_load_loja_2022()
    finance = factories.user("finance", province="11")
    _login(page, live_server, finance.username)
    page.goto(f"{live_server.url}/institucion/presupuesto/?anio=2022")
    assert page.locator("h1").inner_text() == "Ejecución presupuestaria"
    table = page.get_by_role("table", name="Ejecución presupuestaria 2022 · Loja (valores en USD)")
    assert table.locator("tbody tr").count() == 5
    assert _plain(table.locator("[data-total=vigente]").inner_text()) == "68 682 191,80"
    assert _plain(table.locator("[data-total=devengado]").inner_text()) == "43 726 126,40"
    assert _plain(table.locator("[data-total=ejecucion]").inner_text()) == "64 %"
    first = table.locator("tbody tr").first.inner_text()
    assert "CRP Administración de Pensiones" in first and "94 %" in first
    align = table.locator("[data-total=vigente]").evaluate("e => getComputedStyle(e).textAlign")
    assert align == "right"
    screenshot("institucion-presupuesto-loja-2022")


def test_finance_reads_procurement_and_downloads_ocds(page, live_server, screenshot) -> None:
    institution_load_loja_2022()
    finance = factories.user("finance", province="11")
    _login(page, live_server, finance.username)
    page.goto(f"{live_server.url}/institucion/compras/?anio=2022")
    table = page.locator("#adjudicados-por-tipo")
    assert "Procesos adjudicados en 2022" in table.locator("caption").inner_text()
    rows = table.locator("tbody tr")
    assert rows.count() == 5
    assert _plain(rows.first.inner_text()).split("\t") == ["Ínfima Cuantía", "45", "114 159,17"]
    assert _plain(table.locator("[data-total=numero]").inner_text()) == "60"
    assert _plain(table.locator("[data-total=valor]").inner_text()) == "568 937,41"
    screenshot("institucion-compras-loja-2022")
    with page.expect_download() as download:
        page.click("#descarga-ocds")
    path = download.value.path()
    package = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    assert package["version"] == "1.1"
    amounts = [a["value"]["amount"] for r in package["releases"] for a in r.get("awards", [])]
    assert (len(amounts), sum(amounts)) == (60, Decimal("568937.41"))
