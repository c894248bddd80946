"""Citizen requests, complaints and suggestions, with their answer time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution.models import (
    Channel,
    CitizenRequest,
    OrganisationalUnit,
    RequestKind,
    RequestStatus,
)
from seguro.institution.scope import scope_require_unit
from seguro.institution.services._common import choice, not_future, text


@transaction.atomic
def citizen_request_register(
    *,
    actor: Any,
    unit: OrganisationalUnit,
    kind: str,
    channel: str,
    received_on: date,
    subject: str,
) -> CitizenRequest:
    """Receive a request; it is numbered <unit>-<year>-<serial> per unit and year."""
    unit = OrganisationalUnit.objects.select_for_update().get(pk=unit.pk)  # serialises numbering
    scope_require_unit(actor, unit)
    choice(kind, RequestKind, "tipo")
    choice(channel, Channel, "canal")
    not_future(received_on, "fecha de recepción")
    serial = (
        CitizenRequest.objects.filter(unit=unit, received_on__year=received_on.year).count() + 1
    )
    number = f"{unit.code}-{received_on.year}-{serial:05d}"
    while CitizenRequest.objects.filter(number=number).exists():
        serial += 1
        number = f"{unit.code}-{received_on.year}-{serial:05d}"
    request = CitizenRequest.objects.create(
        number=number,
        unit=unit,
        kind=kind,
        channel=channel,
        received_on=received_on,
        subject=text(subject, "asunto", 300),
    )
    audit_event_record(
        actor=actor,
        action="institution.citizen_request.register",
        target=request,
        summary=f"{request.get_kind_display()} {number}",
        data={"unit": unit.code, "channel": channel, "received_on": received_on},
    )
    return request


def _locked(request: CitizenRequest, actor: Any) -> CitizenRequest:
    locked = CitizenRequest.objects.select_for_update().select_related("unit").get(pk=request.pk)
    scope_require_unit(actor, locked.unit)
    if locked.status == RequestStatus.ANSWERED:
        raise DomainError(
            f"la solicitud ya fue respondida el {locked.answered_on:%d/%m/%Y}.", field="estado"
        )
    return locked


@transaction.atomic
def citizen_request_take(*, actor: Any, request: CitizenRequest) -> CitizenRequest:
    """Mark a received request as being dealt with (en trámite)."""
    request = _locked(request, actor)
    if request.status != RequestStatus.RECEIVED:
        raise DomainError("la solicitud ya está en trámite.", field="estado")
    request.status = RequestStatus.IN_PROGRESS
    request.save(update_fields=["status"])
    audit_event_record(
        actor=actor,
        action="institution.citizen_request.take",
        target=request,
        summary=f"Solicitud {request.number} en trámite",
    )
    return request


@transaction.atomic
def citizen_request_answer(
    *, actor: Any, request: CitizenRequest, answered_on: date, answer: str
) -> CitizenRequest:
    """Answer a request; its answer time is the days from receipt to answer."""
    request = _locked(request, actor)
    not_future(answered_on, "fecha de respuesta")
    if answered_on < request.received_on:
        raise DomainError(
            f"la respuesta es anterior a la recepción ({request.received_on:%d/%m/%Y}).",
            field="fecha de respuesta",
        )
    request.status = RequestStatus.ANSWERED
    request.answered_on = answered_on
    request.answer = text(answer, "respuesta", 4000)
    request.answer_days = (answered_on - request.received_on).days
    request.save(update_fields=["status", "answered_on", "answer", "answer_days"])
    audit_event_record(
        actor=actor,
        action="institution.citizen_request.answer",
        target=request,
        summary=f"Respuesta a {request.number} en {request.answer_days} días",
        data={"answered_on": answered_on, "answer_days": request.answer_days},
    )
    return request
