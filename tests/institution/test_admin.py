"""The admin: Spanish, scoped, writes through the services, read-only for auditors."""

from __future__ import annotations

from decimal import Decimal

from seguro.core.models import AuditEvent
from seguro.institution.models import BudgetLine, OrganisationalUnit, ProcurementProcess
from tests import factories

ADMIN = "/admin/institution"


def test_finance_opens_a_budget_line_and_accrues_through_the_services(client, loja_2022):
    finance = factories.user("finance", province="11")
    client.force_login(finance)
    unit = OrganisationalUnit.objects.get(code="DPL-CAJ")
    response = client.post(
        f"{ADMIN}/budgetline/add/",
        {
            "unit": unit.pk,
            "year": 2023,
            "item_code": "53",
            "item_name": "Bienes y servicios de consumo",
            "appropriated": "1000.00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    line = BudgetLine.objects.get(unit=unit, year=2023)
    event = AuditEvent.objects.get(action="institution.budget_line.record", target_id=line.pk)
    assert event.actor == finance
    change = f"{ADMIN}/budgetline/{line.pk}/change/"
    refused = client.post(change, {"operation": "accrue", "amount": "1.00"})
    assert refused.status_code == 200  # the form comes back with the service's message
    assert "supera lo comprometido pendiente" in refused.content.decode()
    client.post(change, {"operation": "commit", "amount": "400.00"})
    client.post(change, {"operation": "accrue", "amount": "250.00"})
    line.refresh_from_db()
    assert (line.committed, line.accrued) == (Decimal("400.00"), Decimal("250.00"))


def test_a_pichincha_finance_user_does_not_find_loja_rows_in_the_admin(client, loja_2022):
    client.force_login(factories.user("finance", province="17"))
    listing = client.get(f"{ADMIN}/procurementprocess/?q=IC-IESSDPL-2022-001")
    assert listing.status_code == 200
    assert "0 resultados" in listing.content.decode()
    process = ProcurementProcess.objects.first()
    response = client.get(f"{ADMIN}/procurementprocess/{process.pk}/change/")
    assert response.status_code == 302  # "does not exist" for this user
    line = BudgetLine.objects.first()
    before = (line.committed, line.accrued)
    client.post(f"{ADMIN}/budgetline/{line.pk}/change/", {"operation": "commit", "amount": "1"})
    line.refresh_from_db()
    assert (line.committed, line.accrued) == before


def test_auditors_read_but_cannot_change(client, loja_2022):
    client.force_login(factories.user("auditor"))
    listing = client.get(f"{ADMIN}/auditrecommendation/?q=IESS-DPL-2022-0183-M")
    assert "IESS-DPL-2022-0183-M" in listing.content.decode()
    line = BudgetLine.objects.first()
    page = client.get(f"{ADMIN}/budgetline/{line.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"{ADMIN}/budgetline/add/", {}).status_code == 403
    before = line.committed
    client.post(f"{ADMIN}/budgetline/{line.pk}/change/", {"operation": "commit", "amount": "1"})
    line.refresh_from_db()
    assert line.committed == before


def test_every_model_is_in_the_admin_in_spanish(client, loja_2022):
    client.force_login(factories.user("auditor"))
    html = client.get("/admin/institution/").content.decode()
    for name in (
        "Unidades organizacionales",
        "Partidas presupuestarias",
        "Procesos de contratación",
        "Historial de etapas",
        "Recomendaciones de control",
        "Convenios interinstitucionales",
        "Objetivos estratégicos",
        "Indicadores",
        "Metas anuales",
        "Programas de política pública",
        "Talleres",
        "Solicitudes ciudadanas",
    ):
        assert name in html, name
    for path in (
        "organisationalunit",
        "budgetline",
        "procurementprocess",
        "procurementstagechange",
        "auditrecommendation",
        "interinstitutionalagreement",
        "strategicobjective",
        "indicator",
        "indicatortarget",
        "programme",
        "workshop",
        "citizenrequest",
    ):
        assert client.get(f"{ADMIN}/{path}/").status_code == 200, path


def test_finance_advances_a_process_in_the_admin(client, loja_2022):
    client.force_login(factories.user("finance"))
    process = ProcurementProcess.objects.get(code="COTBS-IESSDPL-2022-901")
    change = f"{ADMIN}/procurementprocess/{process.pk}/change/"
    refused = client.post(change, {"next_stage": "contract_signed", "stage_date": "2022-03-01"})
    assert "no puede pasar a contrato suscrito" in refused.content.decode()
    done = client.post(change, {"next_stage": "published", "stage_date": "2022-03-01"})
    assert done.status_code == 302, done.context["adminform"].form.errors
    process.refresh_from_db()
    assert process.stage == "published"
