"""The public accountability report as a citizen reads it, in a real browser (no login)."""

from __future__ import annotations

import pytest

from seguro.health.demo_data import health_load_loja_2022
from seguro.institution.demo_data import institution_load_loja_2022
from seguro.work_risks.demo_data import work_risks_load_loja_2022

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").strip()


def test_a_citizen_reads_the_loja_report_and_downloads_the_pdf(
    page, live_server, screenshot
) -> None:
    institution_load_loja_2022()
    health_load_loja_2022()
    work_risks_load_loja_2022()
    page.goto(f"{live_server.url}/rendicion-de-cuentas/?anio=2022")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Rendición de cuentas 2022 · Nacional"
    )
    page.select_option("#provincia", label="Loja")
    page.get_by_role("button", name="Ver informe").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Rendición de cuentas 2022 · Dirección Provincial de Loja"
    dispensaries = page.locator('[data-key="rural_insurance.dispensaries"] .value')
    assert _plain(dispensaries.inner_text()) == "56 dispensarios"
    budget = page.locator("table", has=page.locator("caption", has_text="Ejecución presupuestaria"))
    assert _plain(budget.locator("tfoot").inner_text()).split("\t")[1:3] == [
        "68 682 191,80",
        "43 726 126,40",
    ]
    trained = page.locator('[data-key="work_risks.participants_trained"] .value')
    assert _plain(trained.inner_text()) == "641 personas"
    # Each figure carries its definition.
    page.locator('[data-key="work_risks.employers_trained"] summary').click()
    assert (
        "cada uno una vez" in page.locator('[data-key="work_risks.employers_trained"]').inner_text()
    )
    assert page.locator("figure.chart svg").count() >= 4
    screenshot("rendicion-loja-2022")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar PDF").click()
    pdf = download.value
    assert pdf.suggested_filename == "rendicion-2022-11.pdf"
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
