"""Checks shared by the institution's services; each raises a Spanish DomainError naming
the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from seguro.core.errors import DomainError
from seguro.institution.models import CENT

MONEY_LIMIT = Decimal("1000000000000")  # max_digits=14, decimal_places=2


def money(value: Any, field: str, *, allow_zero: bool = False) -> Decimal:
    """A dollar amount with at most two decimals; never rounded behind the user's back."""
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{value!r} no es un número válido.", field=field) from None
    if not amount.is_finite():
        raise DomainError(f"{value!r} no es un número válido.", field=field)
    if amount != amount.quantize(CENT):
        raise DomainError("el valor tiene más de dos decimales.", field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise DomainError(
            "el valor no puede ser negativo."
            if allow_zero
            else "el valor debe ser mayor que cero.",
            field=field,
        )
    if amount >= MONEY_LIMIT:
        raise DomainError("el valor excede el máximo admitido.", field=field)
    return amount.quantize(CENT)


def text(value: Any, field: str, max_length: int, *, required: bool = True) -> str:
    cleaned = str(value or "").strip()
    if required and not cleaned:
        raise DomainError("es obligatorio.", field=field)
    if len(cleaned) > max_length:
        raise DomainError(f"admite como máximo {max_length} caracteres.", field=field)
    return cleaned


def year(value: Any, field: str = "año") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"{value!r} no es un año.", field=field) from None
    if not 2000 <= number <= date.today().year + 1:
        raise DomainError(f"el año {number} está fuera del rango admitido.", field=field)
    return number


def not_future(day: date, field: str) -> date:
    if day > date.today():
        raise DomainError(f"la fecha {day:%d/%m/%Y} está en el futuro.", field=field)
    return day


def choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise DomainError(f"{value!r} no es una opción válida.", field=field)
    return value


def email(value: Any, field: str) -> str:
    cleaned = text(value, field, 254, required=False)
    if cleaned:
        try:
            validate_email(cleaned)
        except ValidationError:
            raise DomainError(
                f"{cleaned!r} no es un correo electrónico válido.", field=field
            ) from None
    return cleaned
