"""No role reads or changes a row outside its scope: selectors, services and the admin."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from seguro.core.errors import DomainError
from seguro.registry import scope, services
from seguro.registry.models import Affiliation, Dependent, Employer, Person, Regime
from tests import factories

pytestmark = pytest.mark.django_db

STAFF_ROLES = [
    "clerk",
    "benefits_officer",
    "approver",
    "collections_officer",
    "health_staff",
    "finance",
    "auditor",
]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_provincial_staff_read_only_their_province(role: str, loja_and_pichincha) -> None:
    data = loja_and_pichincha
    user = factories.user(role, province="11")
    people = set(scope.person_visible(user))
    assert data["loja_worker"] in people
    assert data["quito_worker"] not in people
    assert data["quito_employer"] not in set(scope.employer_visible(user))
    assert data["quito_affiliation"] not in set(scope.affiliation_visible(user))
    assert set(scope.affiliation_visible(user)) == {data["loja_affiliation"]}


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_national_staff_read_every_province(role: str, loja_and_pichincha) -> None:
    user = factories.user(role)
    assert scope.person_visible(user).count() == Person.objects.count()
    assert scope.affiliation_visible(user).count() == Affiliation.objects.count()


def test_provincial_clerk_cannot_change_rows_of_another_province(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    clerk = factories.user("clerk", province="11")
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.affiliation_end(
            actor=clerk, affiliation=data["quito_affiliation"], valid_to=date(2024, 6, 30)
        )
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.person_register(
            actor=clerk,
            national_id="1710034065",
            first_names="A",
            last_names="B",
            sex="F",
            birth_date=date(1990, 1, 1),
            canton_code="1701",
        )
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.salary_change(
            actor=clerk,
            affiliation=data["quito_affiliation"],
            valid_from=date(2024, 3, 1),
            salary="1300",
        )
    # Inside the province the same clerk may act.
    ended = services.affiliation_end(
        actor=clerk, affiliation=data["loja_affiliation"], valid_to=date(2024, 6, 30)
    )
    assert ended.valid_to == date(2024, 6, 30)
    assert Affiliation.objects.get(pk=data["quito_affiliation"].pk).valid_to is None


def test_employer_sees_its_own_workers_only(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    user = factories.user("employer", employer=data["loja_employer"])
    assert set(scope.person_visible(user)) == {data["loja_worker"]}
    assert set(scope.employer_visible(user)) == {data["loja_employer"]}
    assert set(scope.affiliation_visible(user)) == {data["loja_affiliation"]}
    assert scope.dependent_visible(user).count() == 0
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.affiliation_start(
            actor=user,
            person=data["quito_worker"],
            employer=data["quito_employer"],
            regime=Regime.PRIVATE_EMPLOYEE,
            valid_from=date(2024, 5, 1),
            salary="500",
        )


def test_affiliate_sees_their_own_record_only(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    child = factories.person(birth_date=date(2015, 1, 1))
    services.dependent_add(
        actor=None,
        holder=data["loja_worker"],
        person=child,
        kind="child",
        valid_from=date(2024, 2, 1),
    )
    user = factories.user("affiliate", person=data["loja_worker"])
    assert set(scope.person_visible(user)) == {data["loja_worker"]}
    assert set(scope.affiliation_visible(user)) == {data["loja_affiliation"]}
    assert set(scope.dependent_visible(user)) == set(Dependent.objects.all())
    other = factories.user("affiliate", person=data["quito_worker"])
    assert scope.dependent_visible(other).count() == 0
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.dependent_add(
            actor=other,
            holder=data["loja_worker"],
            person=child,
            kind="child",
            valid_from=date(2024, 2, 1),
        )


def test_user_without_scope_or_staff_sees_nothing(loja_and_pichincha) -> None:
    user = factories.user("affiliate")
    assert scope.person_visible(user).count() == 0
    assert scope.employer_visible(user).count() == 0


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_lists_and_searches_only_the_province_of_the_clerk(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    client = _client(factories.user("clerk", province="11"))
    page = client.get("/admin/registry/person/").content.decode()
    assert data["loja_worker"].national_id in page
    assert data["quito_worker"].national_id not in page
    quito_link = f"/admin/registry/person/{data['quito_worker'].pk}/change/"
    loja_link = f"/admin/registry/person/{data['loja_worker'].pk}/change/"
    found = client.get("/admin/registry/person/", {"q": data["quito_worker"].national_id})
    assert quito_link not in found.content.decode()
    found = client.get("/admin/registry/person/", {"q": data["loja_worker"].national_id})
    assert loja_link in found.content.decode()
    # Another province's row cannot be opened nor changed.
    url = f"/admin/registry/person/{data['quito_worker'].pk}/change/"
    assert client.get(url).status_code == 302  # "no existe" redirect to the list
    response = client.post(
        url,
        {
            "first_names": "X",
            "last_names": "Y",
            "sex": "M",
            "birth_date": "1980-01-01",
            "canton": "1701",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=data["quito_worker"].pk).first_names != "X"


def test_admin_filters_by_province_canton_and_regime(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    client = _client(factories.user("clerk"))
    page = client.get("/admin/registry/affiliation/", {"provincia": "17"}).content.decode()
    assert data["quito_worker"].last_names in page
    assert f"/admin/registry/affiliation/{data['loja_affiliation'].pk}/" not in page
    assert f"/admin/registry/affiliation/{data['quito_affiliation'].pk}/" in page
    page = client.get("/admin/registry/affiliation/", {"regime__exact": "voluntary"})
    assert f"/admin/registry/affiliation/{data['quito_affiliation'].pk}/" not in (
        page.content.decode()
    )
    page = client.get("/admin/registry/employer/", {"q": data["quito_employer"].tax_id})
    assert data["quito_employer"].name in page.content.decode()


def test_auditor_reads_everything_and_changes_nothing(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    client = _client(factories.user("auditor"))
    page = client.get("/admin/registry/person/").content.decode()
    assert data["loja_worker"].national_id in page and data["quito_worker"].national_id in page
    url = f"/admin/registry/employer/{data['quito_employer'].pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Cambiado", "canton": "1701"})
    assert response.status_code == 403
    assert Employer.objects.get(pk=data["quito_employer"].pk).name != "Cambiado"
    assert client.get("/admin/core/auditevent/").status_code == 200


def test_clerk_registers_a_person_through_the_admin_with_the_service_rules() -> None:
    clerk = factories.user("clerk", province="11")
    client = _client(clerk)
    form = {
        "national_id": "1710034064",
        "passport": "",
        "first_names": "Rosa",
        "last_names": "Cueva",
        "sex": "F",
        "birth_date": "1985-02-03",
        "canton": "1101",
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
    }
    bad = client.post("/admin/registry/person/add/", form)
    assert bad.status_code == 200
    assert "dígito verificador" in bad.content.decode()
    assert not Person.objects.filter(last_names="Cueva").exists()
    good = client.post("/admin/registry/person/add/", {**form, "national_id": "1710034065"})
    assert good.status_code == 302
    person = Person.objects.get(national_id="1710034065")
    from seguro.core.models import AuditEvent

    event = AuditEvent.objects.get(action="person.register", target_id=str(person.pk))
    assert event.actor == clerk


def test_admin_filters_people_by_canton(loja_and_pichincha) -> None:
    data = loja_and_pichincha
    other = factories.person(canton="1103")  # Catamayo, Loja
    client = _client(factories.user("clerk", province="11"))
    page = client.get("/admin/registry/person/", {"canton": "1103"}).content.decode()
    assert f"/admin/registry/person/{other.pk}/change/" in page
    assert f"/admin/registry/person/{data['loja_worker'].pk}/change/" not in page
    assert "Catamayo" in page and "Quito" not in page  # the filter lists Loja's cantons
