"""Benefit pages and admin through Django's test client: roles, scope, the Spanish refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from seguro.benefits.models import Claim
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sickness_claim(officer) -> Claim:
    person = helpers.affiliate(start=date(2023, 8, 1), months=6, salary="900.00")
    return helpers.computed(
        officer,
        kind="sickness",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=10,
    )


def test_the_maker_sees_a_refusal_and_cannot_post_a_decision(officer) -> None:
    from django.contrib.auth.models import Group

    from seguro.core.roles import APPROVER

    officer.groups.add(Group.objects.get(name=APPROVER.group_name))
    claim = _sickness_claim(officer)
    client = _client(officer)
    page = client.get(f"/prestaciones/solicitudes/{claim.pk}/").content.decode()
    assert "Usted calculó esta solicitud" in page and 'id="aprobar"' not in page
    response = client.post(f"/prestaciones/solicitudes/{claim.pk}/", {"accion": "aprobar"})
    assert response.status_code == 400
    assert "debe hacerla otra persona" in response.content.decode()
    claim.refresh_from_db()
    assert claim.state == "computed"


def test_scope_hides_other_provinces_and_other_affiliates(officer) -> None:
    claim = _sickness_claim(officer)
    quito = factories.user("approver", province="17")
    assert _client(quito).get(f"/prestaciones/solicitudes/{claim.pk}/").status_code == 403
    stranger = factories.user("affiliate", person=factories.person())
    assert _client(stranger).get(f"/prestaciones/solicitudes/{claim.pk}/").status_code == 403
    owner = factories.user("affiliate", person=claim.applicant)
    page = _client(owner).get("/prestaciones/solicitudes/").content.decode()
    assert f"Solicitud N.º {claim.pk}" in page
    assert _client(owner).get("/prestaciones/por-aprobar/").status_code == 403


def test_the_admin_lists_claims_in_spanish_read_only(officer) -> None:
    claim = _sickness_claim(officer)
    page = _client(officer).get("/admin/benefits/claim/").content.decode()
    assert "solicitudes de prestaciones" in page.lower() and claim.applicant.national_id in page
    response = _client(officer).get(f"/admin/benefits/claim/{claim.pk}/change/")
    assert response.status_code == 200 and "Guardar" not in response.content.decode()
    quito = factories.user("benefits_officer", province="17")
    elsewhere = _client(quito).get("/admin/benefits/claim/").content.decode()
    assert claim.applicant.national_id not in elsewhere


def test_the_simulator_explains_why_not_yet(make_user) -> None:
    person = helpers.affiliate(
        birth_date=date(1980, 1, 1), start=date(2015, 1, 1), months=60, salary="800.00"
    )
    user = make_user("affiliate", person=person)
    page = _client(user).get("/prestaciones/simulador/?fecha=2030-01-01").content.decode()
    # Born 1980: 50 years old in 2030, 60 contributions: no row of §3.1 is met.
    assert "Aún no cumple los requisitos" in page and "60 imposiciones" in page


def test_the_claim_page_shows_the_employer_liability_before_and_after_approval(
    officer, approver
) -> None:
    from seguro.benefits import services

    employer = factories.employer()
    person = helpers.affiliate(
        start=date(2023, 8, 1),
        months=6,
        salary="900.00",
        employer=employer,
        skip=frozenset({date(2023, 11, 1)}),
    )
    factories.contribution_months(
        person, start=date(2023, 11, 1), months=1, salary="900.00", employer=employer, paid_on=None
    )
    claim = helpers.computed(
        officer,
        kind="sickness",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=10,
    )
    page = _client(approver).get(f"/prestaciones/solicitudes/{claim.pk}/").content.decode()
    # 7 days x 30.00 x 75 % = 157.50, owed by the employer whose November was unpaid.
    assert 'id="responsabilidad-prevista"' in page and employer.name in page and "157,50" in page
    services.claim_approve(actor=approver, claim=claim, on=date(2024, 3, 1))
    page = _client(officer).get(f"/prestaciones/solicitudes/{claim.pk}/").content.decode()
    assert 'id="responsabilidad"' in page and employer.tax_id in page and "Por cobrar" in page
