"""Template filters of the work-risks pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(cents: int | None) -> Decimal | None:
    """Integer cents as dollars (Decimal with two places), for floatformat."""
    if cents is None:
        return None
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


@register.filter
def step_value(value: object) -> str:
    """An explanation step's value: lists (holiday dates) joined, the rest as text."""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
