"""Helpers shared by the registry services: lookups, money, dates and the registry parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from seguro.core.errors import DomainError
from seguro.registry.models import (
    Canton,
    Person,
)
from seguro.rules import default_parameters


def entry_notice_days(on: date) -> int:
    """LSS Art. 73: the entry notice is due within the first days of work (a dated parameter)."""
    return int(default_parameters().value("affiliation.entry_notice_days", on))


def child_age_limit(on: date) -> int:
    """Children are covered for health until this age (LSS Art. 102; a dated parameter)."""
    return int(default_parameters().value("health_subsidies.coverage", on)["child_age_limit"])


def canton_get(code: str, field: str = "canton") -> Canton:
    try:
        return Canton.objects.select_related("province").get(code=code)
    except Canton.DoesNotExist:
        raise DomainError(
            f"el cantón {code!r} no existe en la división INEC.", field=field
        ) from None


def money_amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{value!r} no es un valor en dólares.", field=field) from None
    if amount <= 0:
        raise DomainError("el valor debe ser mayor que cero.", field=field)
    return amount


def require_alive_on(person: Person, on: date, field: str) -> None:
    if person.death_date is not None and person.death_date <= on:
        raise DomainError(
            f"la persona {person.identifier} falleció el {person.death_date:%d/%m/%Y}.",
            field=field,
        )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
