"""Helpers shared by the health services: money input, unit staff checks, the ICD-10 list."""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from seguro.core.errors import DomainError
from seguro.health.models import HealthUnit, UnitStaff

ICD10_FILE = Path(__file__).resolve().parent.parent / "data" / "cie10-comunes.csv"
ICD10_FORMAT = re.compile(r"^[A-Z][0-9]{2}(\.[0-9]{1,2})?$")
_MONEY = re.compile(r"^\d{1,13}([.,]\d{1,2})?$")


def money_cents(value: Any, field: str, *, allow_zero: bool = False) -> int:
    """A dollar amount with at most two decimals ('42.50' or '42,50') in integer cents."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value or "").strip()
    if not _MONEY.match(text):
        raise DomainError(
            f"{text!r} no es un valor en dólares (use 1234.56, sin separador de miles).",
            field=field,
        )
    try:
        cents = int(Decimal(text.replace(",", ".")) * 100)
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        raise DomainError(f"{text!r} no es un valor en dólares.", field=field) from None
    if cents < 0 or (cents == 0 and not allow_zero):
        raise DomainError("el valor debe ser mayor que cero.", field=field)
    return cents


def usd(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


@cache
def icd10_names() -> dict[str, str]:
    with ICD10_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["codigo"]: row["descripcion"] for row in csv.DictReader(handle)}


def icd10_check(code: str) -> tuple[str, str]:
    """(normalised code, description or ''); refuses a code that is not ICD-10 shaped."""
    normalised = (code or "").strip().upper().replace(",", ".")
    if not ICD10_FORMAT.match(normalised):
        raise DomainError(
            f"«{code}» no es un código CIE-10 válido (una letra, dos dígitos y, si corresponde, "
            "un punto con uno o dos dígitos; por ejemplo J06.9).",
            field="diagnóstico",
        )
    return normalised, icd10_names().get(normalised, "")


def units_of(user: Any) -> list[int]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(UnitStaff.objects.filter(user=user).values_list("unit_id", flat=True))


def require_unit_staff(actor: Any, unit: HealthUnit) -> None:
    """The system and superusers act anywhere; a person only at a unit they work at."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if not UnitStaff.objects.filter(user=actor, unit=unit).exists():
        raise DomainError(
            f"su usuario no pertenece a la unidad {unit.name}; pida que lo asignen a ella.",
            field="unidad",
        )
