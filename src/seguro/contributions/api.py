"""The REST API for employers' payroll systems (django-ninja; OpenAPI at /api/docs).

Authentication: ``Authorization: Bearer <token>``, a token issued to one employer
(``tokens.api_token_issue``); a revoked or unknown token gets 401. Every endpoint works on the
token's employer only: another employer's declaration is 404. Errors come in one shape,
``{"mensaje": ..., "errores": [{"fila", "campo", "mensaje"}]}``, in Spanish; in a declaration
``fila`` is the position of the line in ``lineas`` (the first is 1).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from seguro.contributions.declarations import (
    NOVELTY_CODES,
    NOVELTY_NAMES,
    DeclarationRejected,
    LineInput,
    declaration_submit,
    period_parse,
)
from seguro.contributions.intake import normalise_name
from seguro.contributions.models import DeclarationSource, EmployerApiToken, PayrollDeclaration
from seguro.contributions.tokens import token_find
from seguro.core.errors import DomainError


class EmployerToken(HttpBearer):
    """Bearer token of an employer's system, checked against the stored SHA-256."""

    openapi_description = "Token del empleador: «Authorization: Bearer <token>»."

    def authenticate(self, request: HttpRequest, token: str) -> EmployerApiToken | None:
        return token_find(token)


api = NinjaAPI(
    title="Seguro API",
    version="1",
    description=(
        "Servicio web del Instituto de Seguridad Social para los sistemas de nómina de los "
        "empleadores: presentar y consultar planillas de aportes. Autenticación con el token "
        "del empleador en la cabecera «Authorization: Bearer <token>». Los errores se devuelven "
        "como {mensaje, errores: [{fila, campo, mensaje}]}."
    ),
    urls_namespace="api",
    auth=EmployerToken(),
)


class LineIn(Schema):
    cedula: str = Field(
        ..., description="Cédula del trabajador (10 dígitos)", examples=["1104680135"]
    )
    salario: Decimal = Field(..., description="Salario de aportación del mes, en dólares")
    dias: int = Field(..., description="Días trabajados en el mes (1 a 30)")
    novedad: str = Field(
        "", description="Vacía, entrada, salida, cambio_salario o licencia", examples=[""]
    )


class DeclarationIn(Schema):
    periodo: str = Field(..., description="Mes declarado, AAAA-MM", examples=["2026-10"])
    lineas: list[LineIn]


class ErrorItem(Schema):
    fila: int | None = None
    campo: str | None = None
    mensaje: str


class ErrorsOut(Schema):
    mensaje: str
    errores: list[ErrorItem]


class DeclarationOut(Schema):
    id: int
    ruc: str
    periodo: str
    version: int
    estado: str
    origen: str
    lineas: int
    total_salarios: Decimal
    rectifica_a: int | None
    presentada: datetime


class LineOut(Schema):
    fila: int
    cedula: str
    salario: Decimal
    dias: int
    novedad: str


class DeclarationDetailOut(DeclarationOut):
    detalle: list[LineOut]


def _summary(declaration: PayrollDeclaration) -> dict[str, Any]:
    return {
        "id": declaration.pk,
        "ruc": declaration.employer.tax_id,
        "periodo": f"{declaration.period:%Y-%m}",
        "version": declaration.version,
        "estado": declaration.status,
        "origen": declaration.source,
        "lineas": declaration.line_count,
        "total_salarios": Decimal(declaration.total_salary_cents) / 100,
        "rectifica_a": declaration.replaces_id,
        "presentada": declaration.submitted_at,
    }


def _errors(message: str, errors: list[DomainError]) -> dict[str, Any]:
    return {
        "mensaje": message,
        "errores": [{"fila": e.row, "campo": e.field, "mensaje": e.message} for e in errors],
    }


def _novelty(text: str) -> str:
    code = normalise_name(text)
    return NOVELTY_CODES.get(code, text)  # an unknown code reaches the rules, which refuse it


@api.post(
    "/planillas",
    response={201: DeclarationOut, 422: ErrorsOut},
    summary="Presentar una planilla (o rectificar la del mes)",
    tags=["planillas"],
)
def declaration_create(request: HttpRequest, payload: DeclarationIn) -> Status[Any]:
    """Presenta la planilla del mes del empleador del token. Si el mes ya tiene planilla, esta
    la rectifica (la anterior queda en el historial). Con cualquier error no se guarda nada y la
    respuesta 422 lista todos los errores con su fila (posición en «lineas», desde 1)."""
    token: EmployerApiToken = request.auth  # type: ignore[attr-defined]
    lines = [
        LineInput(
            row=number,
            cedula=line.cedula.strip(),
            salary=line.salario,
            days=line.dias,
            novelty=_novelty(line.novedad),
        )
        for number, line in enumerate(payload.lineas, start=1)
    ]
    try:
        period = period_parse(payload.periodo)
        declaration = declaration_submit(
            actor=None,
            employer=token.employer,
            period=period,
            lines=lines,
            source=DeclarationSource.API,
            api_token_id=token.pk,
        )
    except DeclarationRejected as exc:
        return Status(422, _errors(exc.message, exc.errors))
    except DomainError as exc:
        return Status(422, _errors("la planilla no se guardó.", [exc]))
    return Status(201, _summary(declaration))


def _own(request: HttpRequest) -> Any:
    token: EmployerApiToken = request.auth  # type: ignore[attr-defined]
    return PayrollDeclaration.objects.filter(employer_id=token.employer_id).select_related(
        "employer"
    )


class PeriodFilter(Schema):
    periodo: str | None = Field(None, description="Mes, AAAA-MM (opcional)")


@api.get(
    "/planillas",
    response={200: list[DeclarationOut], 422: ErrorsOut},
    summary="Planillas del empleador (todas las versiones)",
    tags=["planillas"],
)
def declaration_list(request: HttpRequest, filters: Query[PeriodFilter]) -> Status[Any]:
    """Las planillas del empleador del token, de la más reciente a la más antigua, con sus
    versiones (las rectificadas aparecen con estado «superseded»)."""
    rows = _own(request)
    if filters.periodo:
        try:
            rows = rows.filter(period=period_parse(filters.periodo))
        except DomainError as exc:
            return Status(422, _errors("consulta inválida.", [exc]))
    return Status(200, [_summary(d) for d in rows.order_by("-period", "-version")[:500]])


@api.get(
    "/planillas/{declaration_id}",
    response={200: DeclarationDetailOut, 404: ErrorsOut},
    summary="Una planilla del empleador, con sus líneas",
    tags=["planillas"],
)
def declaration_detail(request: HttpRequest, declaration_id: int) -> Status[Any]:
    """Una planilla del empleador del token con sus líneas; la de otro empleador no existe
    para este token (404)."""
    declaration = _own(request).filter(pk=declaration_id).first()
    if declaration is None:
        return Status(404, _errors("no existe esa planilla para este empleador.", []))
    lines = declaration.lines.select_related("person").order_by("row_number")
    detail = [
        {
            "fila": line.row_number,
            "cedula": line.person.national_id or "",
            "salario": Decimal(line.salary_cents) / 100,
            "dias": line.days_worked,
            "novedad": NOVELTY_NAMES.get(line.novelty, line.novelty),
        }
        for line in lines
    ]
    return Status(200, {**_summary(declaration), "detalle": detail})


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        _errors(
            "falta el token del empleador o no es válido (o fue revocado): envíe la cabecera "
            "«Authorization: Bearer <token>».",
            [],
        ),
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


_PYDANTIC_MESSAGES = {
    "missing": "falta el valor.",
    "decimal_parsing": "no es un número.",
    "decimal_type": "no es un número.",
    "int_parsing": "no es un número entero.",
    "int_type": "no es un número entero.",
    "int_from_float": "no es un número entero.",
    "string_type": "debe ser texto.",
    "list_type": "debe ser una lista.",
    "json_invalid": "el cuerpo no es JSON válido.",
}


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """The request does not fit the schema: the same error shape, rows counted from 1."""
    errors = []
    for item in exc.errors:
        location = [
            part for part in item.get("loc", ()) if part not in ("body", "payload", "query")
        ]
        row = None
        if len(location) >= 2 and location[0] == "lineas" and isinstance(location[1], int):
            row = location[1] + 1
            location = location[2:]
        field = ".".join(str(part) for part in location) or None
        message = _PYDANTIC_MESSAGES.get(
            item.get("type", ""), f"valor inválido ({item.get('msg')})."
        )
        errors.append(DomainError(message, field=field, row=row))
    return api.create_response(
        request, _errors("la solicitud no tiene el formato esperado.", errors), status=422
    )
