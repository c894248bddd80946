"""The employer's declaration pages and the admin, through Django's test client."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from seguro.contributions.declarations import LineInput, declaration_submit
from seguro.contributions.models import EmployerApiToken, PayrollDeclaration
from tests import factories
from tests.contributions.declaring import (
    MARCH_2024,
    csv_bytes,
    employer_with_workers,
    stored_counts,
)

pytestmark = pytest.mark.django_db
UPLOAD = "/aportes/planillas/subir/"
LIST = "/aportes/planillas/"


def _logged(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, content: bytes, ruc: str | None = None, name: str = "p.csv") -> Any:
    data: dict[str, Any] = {"periodo": "2024-03", "archivo": SimpleUploadedFile(name, content)}
    if ruc:
        data["ruc"] = ruc
    return client.post(UPLOAD, data)


def _rows(workers: list[Any], salary: str = "800,00") -> list[list[Any]]:
    return [[w.person.national_id, salary, 30, ""] for w in workers]


def test_pages_need_a_login() -> None:
    assert Client().get(UPLOAD).status_code == 302
    assert Client().get(LIST).status_code == 302


def test_the_upload_page_links_the_format_and_the_samples() -> None:
    employer, _ = employer_with_workers(1)
    client = _logged(factories.user("employer", employer=employer))
    page = client.get(UPLOAD).content.decode()
    for link in ("/aportes/planillas/formato/", "planilla-ejemplo.csv", "planilla-ejemplo.xlsx"):
        assert link in page
    assert "Columnas" in client.get("/aportes/planillas/formato/").content.decode()
    sample = client.get("/aportes/planillas/planilla-ejemplo.csv")
    assert sample.status_code == 200 and b"cedula;salario;dias;novedad" in b"".join(sample)
    assert client.get("/aportes/planillas/planilla-ejemplo.xlsx").status_code == 200


def test_an_upload_with_errors_shows_every_error_and_stores_nothing() -> None:
    employer, workers = employer_with_workers(2)
    client = _logged(factories.user("employer", employer=employer))
    before = stored_counts()
    rows = _rows(workers)
    rows[1][1] = "100,00"
    rows.append(["1104680136", "800", 30, "vacaciones"])
    response = _upload(client, csv_bytes(rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "No se guardó nada." in page
    assert "Errores encontrados: 3" in page
    assert stored_counts() == before


def test_a_good_upload_redirects_to_its_summary_and_a_second_one_rectifies() -> None:
    employer, workers = employer_with_workers(2)
    client = _logged(factories.user("employer", employer=employer))
    response = _upload(client, csv_bytes(_rows(workers)))
    assert response.status_code == 302
    summary = client.get(response["Location"]).content.decode()
    first = PayrollDeclaration.objects.get()
    assert f'<dd id="numero-planilla">{first.pk}</dd>' in summary
    assert "No: es la primera planilla del mes." in summary
    again = client.get(_upload(client, csv_bytes(_rows(workers, "900,00")))["Location"])
    assert "reemplaza a la planilla N.º" in again.content.decode()
    listing = client.get(LIST).content.decode()
    assert "Reemplazada por una rectificación" in listing and "Vigente" in listing


def test_an_employer_user_sees_only_its_own_declarations() -> None:
    employer, workers = employer_with_workers(1)
    other, other_workers = employer_with_workers(1)
    own = declaration_submit(
        actor=None,
        employer=employer,
        period=MARCH_2024,
        lines=[LineInput(2, workers[0].person.national_id, Decimal("800"), 30)],
        source="upload",
    )
    theirs = declaration_submit(
        actor=None,
        employer=other,
        period=MARCH_2024,
        lines=[LineInput(2, other_workers[0].person.national_id, Decimal("800"), 30)],
        source="upload",
    )
    client = _logged(factories.user("employer", employer=employer))
    assert client.get(f"/aportes/planillas/{own.pk}/").status_code == 200
    assert client.get(f"/aportes/planillas/{theirs.pk}/").status_code == 404
    listing = client.get(LIST, {"ruc": other.tax_id}).content.decode()  # ruc is ignored
    assert employer.tax_id in listing and other.tax_id not in listing


def test_staff_open_an_employer_in_their_province_with_ruc() -> None:
    loja, workers = employer_with_workers(1)
    quito, _ = employer_with_workers(1, canton=factories.PICHINCHA_CANTON)
    client = _logged(factories.user("clerk", province="11"))
    assert client.get(LIST).status_code == 403  # which employer?
    assert client.get(LIST, {"ruc": loja.tax_id}).status_code == 200
    assert client.get(LIST, {"ruc": quito.tax_id}).status_code == 404
    assert _upload(client, csv_bytes(_rows(workers)), ruc=loja.tax_id).status_code == 302
    assert PayrollDeclaration.objects.get().submitted_by is not None
    affiliate = _logged(factories.user("affiliate", person=workers[0].person))
    assert affiliate.get(UPLOAD).status_code == 403


def test_the_admin_lists_declarations_read_only_and_issues_tokens_once() -> None:
    employer, workers = employer_with_workers(1)
    declaration_submit(
        actor=None,
        employer=employer,
        period=MARCH_2024,
        lines=[LineInput(2, workers[0].person.national_id, Decimal("800"), 30)],
        source="upload",
    )
    admin = User.objects.create_superuser("jefe", password="clave-de-prueba-1")
    client = _logged(admin)
    changelist = client.get("/admin/contributions/payrolldeclaration/", {"q": employer.tax_id})
    assert changelist.status_code == 200 and employer.tax_id in changelist.content.decode()
    declaration = PayrollDeclaration.objects.get()
    change = client.get(f"/admin/contributions/payrolldeclaration/{declaration.pk}/change/")
    assert change.status_code == 200
    assert workers[0].person.national_id in change.content.decode()
    response = client.post(
        "/admin/contributions/employerapitoken/add/",
        {"employer": employer.pk, "label": "nómina"},
        follow=True,
    )
    token = EmployerApiToken.objects.get()
    page = response.content.decode()
    assert "cópielo ahora" in page and token.key_hash not in page


def test_an_affiliate_cannot_read_the_declarations_of_their_employer() -> None:
    employer, workers = employer_with_workers(2)
    declaration = declaration_submit(
        actor=None,
        employer=employer,
        period=MARCH_2024,
        lines=[
            LineInput(2 + i, w.person.national_id, Decimal("800"), 30)
            for i, w in enumerate(workers)
        ],
        source="upload",
    )
    affiliate = _logged(factories.user("affiliate", person=workers[0].person))
    assert affiliate.get(f"/aportes/planillas/{declaration.pk}/").status_code == 404
