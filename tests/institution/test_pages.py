"""The pages with Django's test client: who sees what, and the figures they print."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from seguro.institution import services
from seguro.institution.models import OrganisationalUnit
from tests import factories

PAGES = [
    "/institucion/presupuesto/?anio=2022",
    "/institucion/compras/?anio=2022",
    "/institucion/recomendaciones/",
    "/institucion/atencion-ciudadana/?anio=2022",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_a_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/cuenta/ingresar/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_finance_and_auditors_see_the_pages_a_clerk_does_not(client, loja_2022, url):
    for role in ("finance", "auditor"):
        client.force_login(factories.user(role))
        assert client.get(url).status_code == 200
    client.force_login(factories.user("clerk", province="11"))
    response = client.get(url)
    assert response.status_code == 403
    assert "Sin acceso" in response.content.decode()


def test_the_budget_page_prints_the_loja_table(client, loja_2022):
    client.force_login(factories.user("finance", province="11"))
    html = client.get("/institucion/presupuesto/?anio=2022").content.decode()
    assert "<caption>Ejecución presupuestaria 2022 · Loja (valores en USD)</caption>" in html
    assert "68\xa0682\xa0191,80" in html  # es-EC: no-break space thousands, decimal comma
    assert "43\xa0726\xa0126,40" in html
    assert "64 %" in html
    assert "CRP Fondo Riesgos" in html


def test_a_pichincha_user_sees_only_pichincha(client, loja_2022):
    client.force_login(factories.user("finance", province="17"))
    html = client.get("/institucion/presupuesto/?anio=2022&provincia=11").content.decode()
    assert "Pichincha" in html
    assert "CRP Fondo Riesgos" not in html
    assert "No hay partidas presupuestarias" in html
    html = client.get("/institucion/compras/?anio=2022").content.decode()
    assert "IESSDPL" not in html
    package = json.loads(
        client.get("/institucion/compras/ocds.json?anio=2022&provincia=11").content
    )
    assert package["releases"] == []


def test_the_procurement_page_and_its_ocds_download(client, loja_2022):
    client.force_login(factories.user("auditor"))
    html = client.get("/institucion/compras/?anio=2022").content.decode()
    assert "568\xa0937,41" in html
    assert 'href="/institucion/compras/ocds.json?anio=2022"' in html
    response = client.get("/institucion/compras/ocds.json?anio=2022")
    assert response["Content-Type"] == "application/json"
    assert 'filename="ocds-2022.json"' in response["Content-Disposition"]
    package = json.loads(response.content, parse_float=Decimal)
    assert package["uri"].startswith("http://testserver/institucion/compras/ocds.json")
    total = sum(a["value"]["amount"] for r in package["releases"] for a in r.get("awards", []))
    assert total == Decimal("568937.41")


def test_the_recommendations_page_flags_overdue_ones(client, loja_2022):
    unit = OrganisationalUnit.objects.get(code="DPL-CAF")
    services.audit_recommendation_register(
        actor=None,
        issuer="cge",
        memo_number="IESS-DPL-2024-0999-M",
        memo_date=date.today() - timedelta(days=30),
        recommendation="Actualizar el inventario de bienes.",
        responsible_unit=unit,
        deadline=date.today() - timedelta(days=1),
    )
    client.force_login(factories.user("auditor"))
    html = client.get("/institucion/recomendaciones/").content.decode()
    assert "IESS-DPL-2022-0183-M del 20/01/2022" in html
    assert "<strong>1</strong> recomendación vencida" in html
    assert html.count("(vencida)") == 1
    html = client.get(
        f"/institucion/recomendaciones/?fecha={date.today() - timedelta(days=1)}"
    ).content.decode()
    assert "(vencida)" not in html  # due that day: not yet overdue


def test_the_citizen_page_prints_counts_average_and_contact(client, loja_2022):
    client.force_login(factories.user("finance", province="11"))
    html = client.get("/institucion/atencion-ciudadana/?anio=2022").content.decode()
    assert 'data-total="solicitudes">8<' in html
    assert "072-599960 ext. 770294" in html
    assert "iess.loja@iess.gob.ec" in html
