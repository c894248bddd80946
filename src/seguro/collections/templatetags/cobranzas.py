"""Template filters of collections: integer cents shown as dollars."""

from __future__ import annotations

from decimal import Decimal

from django import template

from seguro.collections._common import usd as _usd

register = template.Library()


@register.filter
def usd(cents: int | None) -> Decimal:
    """Cents to a Decimal dollar amount (format it with floatformat:"2g")."""
    return _usd(int(cents or 0))
