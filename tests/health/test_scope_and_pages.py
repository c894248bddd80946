"""Row scope of health pages: unit staff see their unit's patients only, finance sees invoices
but no attentions, auditors read everything; the Loja demo network."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from seguro.contributions.models import Obligation
from seguro.health.demo_data import health_load_loja_2022
from seguro.health.models import ExternalProvider, HealthUnit, ProviderAgreement, UnitKind
from seguro.health.services import (
    LineInput,
    ServiceTariff,
    agreement_sign,
    attention_record,
    coverage_check,
    invoice_register,
    provider_register,
)
from tests import factories
from tests.health import factories as health
from tests.health.test_coverage import _rural_family

pytestmark = pytest.mark.django_db
ON = date(2024, 6, 20)


def _attention(unit: HealthUnit, nurse) -> str:
    person = health.pensioner()
    check = coverage_check(actor=nurse, person=person, on=ON, unit=unit)
    attention_record(
        actor=nurse,
        check=check,
        professional=health.professional(unit),
        kind="medical",
        diagnosis_code="I10",
        cost="20.00",
    )
    return person.identifier


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_unit_staff_see_only_their_units_patients_and_auditors_see_all() -> None:
    catamayo, celica = health.unit(canton="1103"), health.unit(canton="1104")
    nurse_a, nurse_b = health.staff(catamayo), health.staff(celica)
    patient_a = _attention(catamayo, nurse_a)
    patient_b = _attention(celica, nurse_b)
    page = _client(nurse_a).get("/salud/atenciones/").content.decode()
    assert patient_a in page and patient_b not in page
    auditor_page = _client(factories.user("auditor")).get("/salud/atenciones/").content.decode()
    assert patient_a in auditor_page and patient_b in auditor_page
    finance = _client(factories.user("finance")).get("/salud/atenciones/")
    assert finance.status_code == 200
    body = finance.content.decode()
    assert patient_a not in body and patient_b not in body


def test_finance_sees_invoices_of_its_province_and_cannot_review() -> None:
    loja = provider_register(
        actor=None, tax_id="1190000011001", name="Clínica Loja", kind="clinic", canton_code="1101"
    )
    quito = provider_register(
        actor=None,
        tax_id="1790000011001",
        name="Clínica Quito",
        kind="clinic",
        canton_code="1701",
    )
    for n, provider in enumerate((loja, quito)):
        agreement = agreement_sign(
            actor=None,
            provider=provider,
            number=f"C-{n}",
            valid_from=date(2024, 1, 1),
            valid_to=date(2024, 12, 31),
            ceiling="500.00",
            services=[ServiceTariff("CON01", "Consulta", "35.00")],
        )
        invoice_register(
            actor=None,
            agreement=agreement,
            number=f"F-{provider.name}",
            issued_on=date(2024, 3, 1),
            lines=[LineInput("CON01", date(2024, 2, 1), 1, "35.00")],
        )
    finance = _client(factories.user("finance", province="11"))
    page = finance.get("/salud/facturas/").content.decode()
    assert "F-Clínica Loja" in page and "F-Clínica Quito" not in page
    invoice = ProviderAgreement.objects.get(number="C-0").invoices.get()
    refused = finance.post(f"/salud/facturas/{invoice.pk}/", {"accion": "revisar"})
    assert refused.status_code == 403
    other = ProviderAgreement.objects.get(number="C-1").invoices.get()
    assert finance.get(f"/salud/facturas/{other.pk}/").status_code == 403


def test_staff_without_a_unit_cannot_check_coverage() -> None:
    response = _client(factories.user("health_staff")).get("/salud/cobertura/")
    assert response.status_code == 403


def test_loja_2022_network_from_the_report() -> None:
    result = health_load_loja_2022()
    # 7 medical units + 56 rural dispensaries + 15 annexed dispensaries = 78 units.
    assert result == {"skipped": False, "units": 78, "providers": 10, "agreements": 18}
    assert HealthUnit.objects.filter(kind=UnitKind.RURAL_DISPENSARY).count() == 56
    assert HealthUnit.objects.filter(kind=UnitKind.ANNEXED_DISPENSARY).count() == 15
    assert set(
        HealthUnit.objects.filter(kind=UnitKind.ANNEXED_DISPENSARY).values_list(
            "canton__name", flat=True
        )
    ) == {"Loja", "Catamayo"}
    # The 56 dispensaries cover the 16 cantons of Loja.
    rural = HealthUnit.objects.filter(kind=UnitKind.RURAL_DISPENSARY)
    assert rural.values("canton").distinct().count() == 16
    assert HealthUnit.objects.get(code="LOJ-HG-01").name == (
        "Hospital General Manuel Ygnacio Monteros"
    )
    assert ExternalProvider.objects.get(name="Dializadora Palcodial").canton.province_id == "19"
    # ...under an agreement of Loja's directorate, which sees it and pays its invoices.
    palcodial = ProviderAgreement.objects.get(provider__name="Dializadora Palcodial")
    assert palcodial.province_id == "11"
    assert ProviderAgreement.objects.filter(province_id="11").count() == 18
    # 8 renewed (old + renewal = 16 agreements) + 2 new = 18.
    renewed = ProviderAgreement.objects.filter(renews__isnull=False)
    assert renewed.count() == 8
    assert set(renewed.values_list("valid_from", flat=True)) == {date(2022, 7, 1)}
    assert health_load_loja_2022()["skipped"] is True


def test_rural_page_lists_families_with_the_heads_monthly_contribution() -> None:
    head, _member = _rural_family(3)
    # _rural_family wrote "voluntary" obligations; the close writes rural_head ones: one here.
    Obligation.objects.create(
        kind="rural_head",
        period=date(2024, 7, 1),
        person=head,
        province_code="11",
        canton_code="1111",
        employee_cents=282,
        employer_cents=0,
        reserve_fund_cents=0,
        spouse_extension_cents=0,
        total_cents=282,
        due_date=date(2024, 8, 15),
    )
    clerk = _client(factories.user("health_staff"))
    page = clerk.get("/salud/campesino/?periodo=2024-07").content.decode()
    row = page.split(head.national_id)[1].split("</tr>")[0]
    # Head and beneficiary: 2 members; USD 2.82 due, not paid.
    assert "Comuna San Lucas" in page
    assert ">2<" in row and "2,82" in row and "Pendiente" in row
    other_month = clerk.get("/salud/campesino/?periodo=2024-06").content.decode()
    assert "Sin obligación generada" in other_month


def test_every_page_opens_for_an_auditor_with_the_loja_network() -> None:
    health_load_loja_2022()
    client = _client(factories.user("auditor"))
    for url in ("/salud/", "/salud/atenciones/", "/salud/facturas/", "/salud/campesino/"):
        assert client.get(url).status_code == 200, url
    page = client.get("/salud/convenios/?dias=45").content.decode()
    assert "Por vencer en 45 días y sin renovar" in page
    # 10 providers: 8 renewed (2 agreements each) and 2 new, all listed.
    assert page.split('id="convenios"')[1].count("<tr>") == 1 + 18
