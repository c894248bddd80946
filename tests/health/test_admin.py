"""The admin adds through the services (agreements and invoices with typed lines) and shows the
rest read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from seguro.core.models import AuditEvent
from seguro.health.models import AnnexAgreement, ProviderAgreement, ProviderInvoice, UnitKind
from seguro.health.services import provider_register
from seguro.registry import ids
from tests import factories
from tests.health import factories as health_factories

pytestmark = pytest.mark.django_db


def test_agreement_and_invoice_added_in_the_admin_through_the_services() -> None:
    provider = provider_register(
        actor=None, tax_id="1190000022001", name="MIBIOGEN", kind="laboratory", canton_code="1101"
    )
    admin_user = User.objects.create_superuser("jefe", password="clave-de-prueba-1")
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/health/provideragreement/add/",
        {
            "provider": provider.pk,
            "number": "IESS-LOJ-2024-050",
            "valid_from": "2024-01-01",
            "valid_to": "2024-12-31",
            "ceiling": "3000.00",
            "service_lines": "LAB01; Hemograma completo; 8.50\nLAB03; Prueba molecular; 45.00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = ProviderAgreement.objects.get(number="IESS-LOJ-2024-050")
    assert agreement.ceiling_cents == 300000
    assert sorted(agreement.services.values_list("code", "tariff_cents")) == [
        ("LAB01", 850),
        ("LAB03", 4500),
    ]
    bad = client.post(
        "/admin/health/providerinvoice/add/",
        {
            "agreement": agreement.pk,
            "number": "F-9",
            "issued_on": "2024-03-01",
            "invoice_lines": "LAB01; 2024-02-30; 1; 8.50",
        },
    )
    assert bad.status_code == 200
    assert "la fecha va como AAAA-MM-DD" in bad.content.decode()
    assert not ProviderInvoice.objects.exists()
    ok = client.post(
        "/admin/health/providerinvoice/add/",
        {
            "agreement": agreement.pk,
            "number": "F-9",
            "issued_on": "2024-03-01",
            "invoice_lines": "LAB01; 2024-02-20; 2; 8.50\nLAB03; 2024-02-21; 1; 45.00",
        },
    )
    assert ok.status_code == 302
    invoice = ProviderInvoice.objects.get(number="F-9")
    # 2 x 8.50 + 45.00 = 62.00.
    assert (invoice.claimed_cents, invoice.lines.count()) == (6200, 2)
    assert AuditEvent.objects.filter(action="health_invoice.register", actor=admin_user).exists()


def test_auditor_reads_the_admin_but_cannot_add() -> None:
    auditor = factories.user("auditor")
    client = Client()
    client.force_login(auditor)
    assert client.get("/admin/health/attention/").status_code == 200
    assert client.get("/admin/health/healthunit/add/").status_code == 403


def test_annex_agreement_added_in_the_admin_and_a_bad_ruc_refused_in_spanish() -> None:
    dispensary = health_factories.unit(kind=UnitKind.ANNEXED_DISPENSARY, canton="1101")
    ruc = ids.tax_id_make(ids.TaxIdKind.PRIVATE_COMPANY, "11", 42)
    admin_user = User.objects.create_superuser("jefa", password="clave-de-prueba-1")
    client = Client()
    client.force_login(admin_user)
    form = {
        "unit": dispensary.pk,
        "institution": "Cooperativa de prueba",
        "institution_tax_id": "1190000000000",
        "number": "IESS-LOJ-ANX-2024-01",
        "valid_from": "2024-01-01",
        "valid_to": "2028-12-31",
    }
    bad = client.post("/admin/health/annexagreement/add/", form)
    assert bad.status_code == 200
    assert "dígito verificador" in bad.content.decode()
    assert not AnnexAgreement.objects.exists()
    ok = client.post("/admin/health/annexagreement/add/", {**form, "institution_tax_id": ruc})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    agreement = AnnexAgreement.objects.get(number="IESS-LOJ-ANX-2024-01")
    assert (agreement.unit, agreement.institution_tax_id) == (dispensary, ruc)
    assert AuditEvent.objects.filter(
        action="health_annex_agreement.sign", actor=admin_user
    ).exists()
