"""Balances and figures from the ledger: every money figure of the reports comes from here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from seguro.ledger.models import LedgerEntry


def cents_to_usd(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


def ledger_totals(
    *,
    kind: str | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    province_code: str | None = None,
    group_by: tuple[str, ...] = ("fund",),
) -> list[dict[str, Any]]:
    """Sum of entries grouped as asked (fund, kind, period, province_code, employer_id)."""
    rows = LedgerEntry.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if period_from:
        rows = rows.filter(period__gte=period_from)
    if period_to:
        rows = rows.filter(period__lte=period_to)
    if province_code:
        rows = rows.filter(province_code=province_code)
    grouped = rows.values(*group_by).annotate(cents=Sum("amount_cents")).order_by(*group_by)
    return [{**row, "usd": cents_to_usd(row["cents"])} for row in grouped]
