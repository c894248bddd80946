"""Template filters of pensions: integer cents shown as dollars."""

from __future__ import annotations

from decimal import Decimal

from django import template

from seguro.rules.money import from_cents

register = template.Library()


@register.filter
def usd(cents: int | None) -> Decimal:
    """Cents to a Decimal dollar amount (format it with floatformat:"2g")."""
    return from_cents(int(cents or 0))
