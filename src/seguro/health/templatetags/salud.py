"""Template filters of health: integer cents shown as dollars."""

from __future__ import annotations

from decimal import Decimal

from django import template

from seguro.health.services._common import usd

register = template.Library()


@register.filter
def dolares(cents: int | None) -> Decimal:
    """Cents to a Decimal dollar amount (format it with floatformat:"2g")."""
    return usd(int(cents or 0))
