"""Scope on the pages and the admin: an employer sees only its own; a Loja officer only Loja."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from seguro.collections.agreements import agreement_sign
from seguro.collections.enforcement import credit_title_issue
from seguro.collections.models import Payment
from seguro.collections.payments import payment_register
from seguro.collections.selectors import arrears_by_territory, receipt, receipts
from tests import factories
from tests.collections.factories import obligation

pytestmark = pytest.mark.django_db
APRIL = date(2023, 4, 1)


@pytest.fixture
def two_debtors(loja_employer, quito_employer):
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 100000})
    obligation(employer=loja_employer, period=date(2023, 5, 1), funds={"ivm": 50000})
    obligation(employer=quito_employer, period=APRIL, funds={"ivm": 70000})
    loja_paid = payment_register(
        actor=None, paid_on=date(2023, 5, 15), amount="1000.00", employer=loja_employer
    )
    quito_paid = payment_register(
        actor=None, paid_on=date(2023, 5, 15), amount="100.00", employer=quito_employer
    )
    return loja_employer, quito_employer, loja_paid, quito_paid


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_employer_never_sees_another_employers_statement_or_receipts(two_debtors) -> None:
    loja, quito, loja_paid, quito_paid = two_debtors
    user = factories.user("employer", employer=loja)
    assert list(receipts(user=user)) == [loja_paid]
    assert receipt(user=user, number=quito_paid.receipt_number) is None
    client = _client(user)
    page = client.get("/cobranzas/estado-de-cuenta/?fecha=2023-08-20")
    assert page.status_code == 200 and loja.tax_id in page.content.decode()
    # Asking for another RUC still shows only its own statement.
    page = client.get(f"/cobranzas/estado-de-cuenta/?ruc={quito.tax_id}")
    assert quito.tax_id not in page.content.decode()
    assert client.get(f"/cobranzas/recibos/{quito_paid.receipt_number}/").status_code == 403
    assert client.get(f"/cobranzas/recibos/{loja_paid.receipt_number}/").status_code == 200
    listing = client.get("/cobranzas/recibos/").content.decode()
    assert quito.tax_id not in listing and loja.tax_id in listing
    assert client.get("/cobranzas/mora/").status_code == 403
    assert client.get("/admin/").status_code == 302  # not staff


def test_a_loja_officer_never_sees_pichincha_arrears(two_debtors, officer) -> None:
    loja, quito, _, quito_paid = two_debtors
    data = arrears_by_territory(user=officer, on=date(2023, 8, 1))
    assert [r.code for r in data["rows"]] == ["11"]
    assert data["principal_usd"] == Decimal("500.00")
    national = arrears_by_territory(user=None, on=date(2023, 8, 1))
    assert [r.code for r in national["rows"]] == ["11", "17"]
    client = _client(officer)
    page = client.get("/cobranzas/mora/").content.decode()
    assert "Loja" in page and "Pichincha" not in page
    assert client.get("/cobranzas/mora/?provincia=17").status_code == 403
    assert client.get("/cobranzas/mora/?provincia=11&canton=1701").status_code == 403
    assert client.get(f"/cobranzas/estado-de-cuenta/?ruc={quito.tax_id}").status_code == 403
    assert client.get(f"/cobranzas/recibos/{quito_paid.receipt_number}/").status_code == 403
    changelist = client.get("/admin/collections/payment/").content.decode()
    assert loja.tax_id in changelist and quito.tax_id not in changelist


def test_the_officers_pages_render(two_debtors, officer) -> None:
    loja, *_ = two_debtors
    client = _client(officer)
    index = client.get("/cobranzas/").content.decode()
    for link in (
        "/cobranzas/mora/",
        "/cobranzas/coactiva/",
        "/cobranzas/metas/",
        "/cobranzas/pagos/importar/",
    ):
        assert link in index
    by_canton = client.get("/cobranzas/mora/?provincia=11").content.decode()
    assert "Mora por cantón" in by_canton and "?provincia=11&amp;canton=1101" in by_canton
    employers = client.get("/cobranzas/mora/?provincia=11&canton=1101").content.decode()
    assert loja.tax_id in employers
    statement = client.get(f"/cobranzas/estado-de-cuenta/?ruc={loja.tax_id}&fecha=2023-08-20")
    assert statement.status_code == 200
    for url in ("/cobranzas/coactiva/", "/cobranzas/metas/?anio=2023", "/cobranzas/convenios/"):
        assert client.get(url).status_code == 200
    for url in (
        "/admin/collections/payment/add/",
        "/admin/collections/paymentagreement/add/",
        "/admin/collections/credittitle/add/",
        "/admin/collections/inspection/add/",
        "/admin/collections/collectiontarget/add/",
        "/admin/collections/enforcementcase/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_admin_registers_a_payment_through_the_service(loja_employer, officer) -> None:
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 10000})
    client = _client(officer)
    refused = client.post(
        "/admin/collections/payment/add/",
        {"employer": loja_employer.pk, "paid_on": "2023-05-10", "amount": "500.00"},
    )
    assert refused.status_code == 200 and "excede la deuda" in refused.content.decode()
    assert not Payment.objects.exists()
    saved = client.post(
        "/admin/collections/payment/add/",
        {"employer": loja_employer.pk, "paid_on": "2023-05-10", "amount": "100.00"},
    )
    assert saved.status_code == 302
    assert Payment.objects.get().amount_cents == 10000


def test_an_auditor_reads_everything_and_changes_nothing(two_debtors) -> None:
    auditor = factories.user("auditor")
    client = _client(auditor)
    assert client.get("/admin/collections/payment/").status_code == 200
    assert client.get("/admin/collections/payment/add/").status_code == 403
    payment = Payment.objects.first()
    assert payment is not None
    page = client.get(f"/admin/collections/payment/{payment.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert client.get("/cobranzas/mora/").status_code == 200
    assert client.get("/cobranzas/pagos/importar/").status_code == 403


def test_an_employer_follows_its_agreement_and_no_one_elses(loja_employer, quito_employer) -> None:
    obligation(employer=loja_employer, period=date(2024, 4, 1), funds={"ivm": 100000})
    obligation(employer=quito_employer, period=date(2024, 4, 1), funds={"ivm": 100000})
    agreement = agreement_sign(
        actor=None, employer=loja_employer, on=date(2024, 5, 16), instalments=6
    )
    credit_title_issue(actor=None, employer=quito_employer, on=date(2024, 5, 16))
    own = _client(factories.user("employer", employer=loja_employer))
    detail = own.get(f"/cobranzas/convenios/{agreement.number}/").content.decode()
    assert "Calendario de cuotas" in detail and "168,47" in detail  # the last instalment
    statement = own.get("/cobranzas/estado-de-cuenta/?fecha=2024-09-01").content.decode()
    assert "(en convenio)" in statement
    other = _client(factories.user("employer", employer=quito_employer))
    assert other.get(f"/cobranzas/convenios/{agreement.number}/").status_code == 403
    listing = other.get("/cobranzas/convenios/").content.decode()
    assert f"/cobranzas/convenios/{agreement.number}/" not in listing
    national = _client(factories.user("collections_officer"))
    cases = national.get("/cobranzas/coactiva/").content.decode()
    assert quito_employer.tax_id in cases and "Título emitido" in cases
