"""Citizen requests: answer time in days and the yearly summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seguro.core.errors import DomainError
from seguro.institution import selectors, services


def _request(unit, received: date, kind: str = "request"):
    return services.citizen_request_register(
        actor=None,
        unit=unit,
        kind=kind,
        channel="email",
        received_on=received,
        subject="Certificado de aportes",
    )


def test_answer_days_and_the_summary(unit):
    place = unit()
    first = _request(place, date(2024, 3, 1))
    second = _request(place, date(2024, 3, 4), kind="complaint")
    third = _request(place, date(2024, 3, 5), kind="suggestion")
    services.citizen_request_answer(
        actor=None, request=first, answered_on=date(2024, 3, 4), answer="Enviado por correo."
    )
    services.citizen_request_answer(
        actor=None, request=second, answered_on=date(2024, 3, 12), answer="Cita reprogramada."
    )
    services.citizen_request_take(actor=None, request=third)
    first.refresh_from_db()
    assert first.answer_days == 3
    assert first.number.endswith("-2024-00001")
    summary = selectors.citizen_requests_summary(year=2024)
    assert {s.status: s.count for s in summary.by_status} == {
        "received": 0,
        "in_progress": 1,
        "answered": 2,
    }
    assert summary.total == 3
    assert summary.average_answer_days == Decimal("5.5")  # (3 + 8) / 2
    assert selectors.citizen_requests_summary(year=2023).average_answer_days is None


def test_an_answer_cannot_precede_the_request_nor_be_given_twice(unit):
    request = _request(unit(), date(2024, 3, 1))
    with pytest.raises(DomainError) as refused:
        services.citizen_request_answer(
            actor=None, request=request, answered_on=date(2024, 2, 28), answer="x"
        )
    assert refused.value.field == "fecha de respuesta"
    services.citizen_request_answer(
        actor=None, request=request, answered_on=date(2024, 3, 1), answer="Atendida el mismo día."
    )
    request.refresh_from_db()
    assert request.answer_days == 0
    with pytest.raises(DomainError):
        services.citizen_request_answer(
            actor=None, request=request, answered_on=date(2024, 3, 2), answer="otra"
        )
