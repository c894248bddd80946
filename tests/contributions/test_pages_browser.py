"""An employer's accountant uploads the monthly planilla in a real browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from seguro.contributions import intake
from seguro.contributions.models import DeclarationLine, PayrollDeclaration
from seguro.registry import services
from tests import factories
from tests.contributions.declaring import hire

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "clave-de-prueba-1"
OCTOBER_2026 = "2026-10"  # the sample file's amounts use the SBU of 2026 (USD 482.00)


def _employer_of_the_sample() -> Any:
    """An employer whose workers are the five people of the shipped sample file."""
    employer = factories.employer()
    rows = intake.parse_declaration_file("x.csv", intake.SAMPLE_CSV.read_bytes()).lines
    for line in rows:
        start = date(2026, 10, 16) if line.novelty == "entry" else date(2025, 6, 2)
        affiliation = hire(employer, national_id=line.cedula, start=start, salary="900.00")
        if line.novelty == "exit":
            services.affiliation_end(
                actor=None, affiliation=affiliation, valid_to=date(2026, 10, 20)
            )
    return employer


def _with_errors(path: Path) -> Path:
    """The sample with three mistakes: under the SBU (row 2), 31 days (row 4), a bad novelty
    (row 6)."""
    lines = intake.SAMPLE_CSV.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(";482,00;", ";481,99;")
    lines[3] = lines[3].replace(";15;", ";31;")
    lines[5] = lines[5].replace("licencia", "vacaciones")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/cuenta/ingresar/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def _upload(page: Any, live_server: Any, path: Path) -> None:
    page.goto(f"{live_server.url}/aportes/planillas/subir/")
    page.fill("#id_periodo", OCTOBER_2026)
    page.set_input_files("#id_archivo", str(path))
    page.click("form.upload-form button[type=submit]")
    page.wait_for_load_state()


def test_employer_sees_every_error_then_uploads_the_corrected_file(
    page: Any, live_server: Any, screenshot: Any, tmp_path: Path
) -> None:
    employer = _employer_of_the_sample()
    accountant = factories.user("employer", employer=employer)
    _login(page, live_server, accountant.username)

    _upload(page, live_server, _with_errors(tmp_path / "planilla-octubre.csv"))
    alert = page.locator("section.upload-errors")
    assert "No se guardó nada." in alert.inner_text()
    rows = alert.locator("tbody tr")
    assert rows.count() == 3
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(3)]
    assert [(c[0], c[1]) for c in cells] == [("2", "salario"), ("4", "dias"), ("6", "novedad")]
    assert "481.99" in cells[0][2] and "482.00" in cells[0][2]
    assert PayrollDeclaration.objects.count() == 0 and DeclarationLine.objects.count() == 0
    screenshot("planilla-errores")

    _upload(page, live_server, intake.SAMPLE_CSV)
    page.wait_for_url("**/aportes/planillas/*/")
    declaration = PayrollDeclaration.objects.get()
    assert page.locator("#numero-planilla").inner_text() == str(declaration.pk)
    assert page.locator("#lineas").inner_text() == "5"
    total = page.locator("#total").inner_text()
    digits = "".join(c for c in total if c.isdigit())
    assert total.startswith("USD") and digits == "342683"  # 3 426,83 in es-EC
    assert "primera planilla del mes" in page.locator("#rectificacion").inner_text()
    assert page.locator("table tbody tr").count() == 5
    screenshot("planilla-aceptada")
