"""Helpers shared by the collections services: numbering, money input, scope checks."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from seguro.collections.models import Sequence
from seguro.core.errors import DomainError
from seguro.registry.models import Employer, Person
from seguro.registry.scope import scope_require_employer, scope_require_person

CENT = Decimal("0.01")
_MONEY = re.compile(r"^\d{1,13}([.,]\d{1,2})?$")


def next_number(name: str) -> int:
    """The next gap-free number of a series; the row lock holds until the caller commits."""
    Sequence.objects.get_or_create(name=name)
    row = Sequence.objects.select_for_update().get(name=name)
    row.last_value += 1
    row.save(update_fields=["last_value"])
    return row.last_value


def money_cents(value: Any, field: str) -> int:
    """A positive dollar amount with at most two decimals ('1042.87' or '1042,87') in cents."""
    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, int):
        text = str(value)
    else:
        text = str(value or "").strip()
    if not _MONEY.match(text):
        raise DomainError(
            f"{text!r} no es un valor en dólares (use 1234.56, sin separador de miles).",
            field=field,
        )
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        raise DomainError(f"{text!r} no es un valor en dólares.", field=field) from None
    if amount <= 0:
        raise DomainError("el valor debe ser mayor que cero.", field=field)
    return int(amount * 100)


def usd(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def not_future(day: date, field: str) -> date:
    if day > date.today():
        raise DomainError(f"la fecha {day:%d/%m/%Y} está en el futuro.", field=field)
    return day


def require_debtor(actor: Any, employer: Employer | None, person: Person | None) -> None:
    if (employer is None) == (person is None):
        raise DomainError("indique un deudor: empleador o afiliado.", field="deudor")
    if employer is not None:
        scope_require_employer(actor, employer)
    elif person is not None:
        scope_require_person(actor, person)


def employer_province(employer: Employer) -> tuple[str, str]:
    return employer.canton.province_id, employer.canton_id
