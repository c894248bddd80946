"""The REST API: bearer tokens per employer, declarations in and out, one error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from seguro.contributions.models import EmployerApiToken, PayrollDeclaration
from seguro.contributions.tokens import api_token_issue, api_token_revoke, token_hash
from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.registry import ids
from tests import factories
from tests.contributions.declaring import employer_with_workers, stored_counts

pytestmark = pytest.mark.django_db
URL = "/api/planillas"


def _client(token: str | None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(headers=headers)


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def _body(workers: list[Any], salary: str = "800.00", period: str = "2024-03") -> dict[str, Any]:
    return {
        "periodo": period,
        "lineas": [
            {"cedula": w.person.national_id, "salario": salary, "dias": 30, "novedad": ""}
            for w in workers
        ],
    }


@pytest.fixture
def declarant() -> dict[str, Any]:
    employer, workers = employer_with_workers(2)
    token = api_token_issue(actor=None, employer=employer, label="sistema de nómina")
    return {"employer": employer, "workers": workers, "token": token}


def test_a_token_is_shown_once_and_only_its_hash_is_stored(declarant: dict[str, Any]) -> None:
    row = EmployerApiToken.objects.get(employer=declarant["employer"])
    assert row.key_hash == token_hash(declarant["token"]) != declarant["token"]
    event = AuditEvent.objects.get(action="api_token.issue")
    assert declarant["token"] not in json.dumps(event.data) + event.summary


def test_issuing_a_token_needs_the_employer_in_scope_and_a_label() -> None:
    employer = factories.employer()
    other_user = factories.user("employer", employer=factories.employer())
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        api_token_issue(actor=other_user, employer=employer, label="nómina")
    with pytest.raises(DomainError, match="describa"):
        api_token_issue(actor=None, employer=employer, label=" ")


def test_without_a_token_the_api_answers_401_in_spanish(declarant: dict[str, Any]) -> None:
    response = _post(_client(None), _body(declarant["workers"]))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "token" in response.json()["mensaje"]
    assert _client("seg_inventado").get(URL).status_code == 401


def test_a_revoked_token_gets_401(declarant: dict[str, Any]) -> None:
    client = _client(declarant["token"])
    assert client.get(URL).status_code == 200
    row = EmployerApiToken.objects.get(employer=declarant["employer"])
    api_token_revoke(actor=None, token=row)
    assert client.get(URL).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    with pytest.raises(DomainError, match="ya fue revocado"):
        api_token_revoke(actor=None, token=row)


def test_a_valid_declaration_is_created_and_a_second_one_rectifies_it(
    declarant: dict[str, Any],
) -> None:
    client = _client(declarant["token"])
    first = _post(client, _body(declarant["workers"]))
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["ruc"] == declarant["employer"].tax_id
    assert (data["periodo"], data["version"], data["estado"], data["origen"]) == (
        "2024-03",
        1,
        "active",
        "api",
    )
    assert data["lineas"] == 2 and data["total_salarios"] in ("1600.00", "1600", 1600)
    second = _post(client, _body(declarant["workers"], salary="850.50"))
    assert second.status_code == 201
    assert second.json()["version"] == 2 and second.json()["rectifica_a"] == data["id"]
    event = AuditEvent.objects.get(action="declaration.rectify")
    assert event.data["api_token"] == EmployerApiToken.objects.get().pk


def test_errors_come_back_as_422_with_rows_fields_and_nothing_is_stored(
    declarant: dict[str, Any],
) -> None:
    body = _body(declarant["workers"])
    body["lineas"][0]["salario"] = "459.99"
    body["lineas"][1]["dias"] = 31
    body["lineas"].append(
        {"cedula": ids.cedula_make("11", 4_444_444), "salario": "800", "dias": 30}
    )
    before = stored_counts()
    response = _post(_client(declarant["token"]), body)
    assert response.status_code == 422
    assert stored_counts() == before
    data = response.json()
    assert "no se guardó nada" in data["mensaje"]
    assert [(e["fila"], e["campo"]) for e in data["errores"]] == [
        (1, "salario"),
        (2, "dias"),
        (3, "cedula"),
    ]
    assert all(e["mensaje"] for e in data["errores"])


def test_a_body_that_does_not_fit_the_schema_gets_the_same_error_shape(
    declarant: dict[str, Any],
) -> None:
    body = _body(declarant["workers"])
    del body["lineas"][1]["salario"]
    body["lineas"][0]["dias"] = "treinta"
    response = _post(_client(declarant["token"]), body)
    assert response.status_code == 422
    errors = response.json()["errores"]
    assert {(e["fila"], e["campo"]) for e in errors} == {(1, "dias"), (2, "salario")}
    bad_period = _post(_client(declarant["token"]), _body(declarant["workers"], period="marzo"))
    assert bad_period.status_code == 422
    assert bad_period.json()["errores"][0]["campo"] == "periodo"


def test_the_list_and_the_detail_show_only_the_employers_own(declarant: dict[str, Any]) -> None:
    client = _client(declarant["token"])
    own_id = _post(client, _body(declarant["workers"])).json()["id"]
    _post(client, _body(declarant["workers"], period="2024-04"))
    other, other_workers = employer_with_workers(1)
    other_token = api_token_issue(actor=None, employer=other, label="otro")
    other_id = _post(_client(other_token), _body(other_workers)).json()["id"]
    listed = client.get(URL).json()
    assert [d["periodo"] for d in listed] == ["2024-04", "2024-03"]
    assert other_id not in [d["id"] for d in listed]
    assert [d["periodo"] for d in client.get(URL, {"periodo": "2024-03"}).json()] == ["2024-03"]
    assert client.get(URL, {"periodo": "marzo"}).status_code == 422
    detail = client.get(f"{URL}/{own_id}")
    assert detail.status_code == 200
    lines = detail.json()["detalle"]
    assert [line["fila"] for line in lines] == [1, 2]
    assert lines[0]["cedula"] == declarant["workers"][0].person.national_id
    assert client.get(f"{URL}/{other_id}").status_code == 404
    assert PayrollDeclaration.objects.filter(pk=other_id).exists()


def test_the_openapi_schema_lists_the_endpoints_and_the_bearer_scheme() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Seguro API"
    assert set(schema["paths"]) >= {"/api/planillas", "/api/planillas/{declaration_id}"}
    assert set(schema["paths"]["/api/planillas"]) == {"get", "post"}
    post = schema["paths"]["/api/planillas"]["post"]
    assert {"201", "422"} <= set(post["responses"])
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert Client().get("/api/docs").status_code == 200
