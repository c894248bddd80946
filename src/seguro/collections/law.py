"""The law collections applies, read from dated parameters (never written here as numbers).

Every parameter is the rules engine's (``seguro.rules``, ``parameters/arrears`` and
``parameters/contributions``).
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from seguro.core.errors import DomainError
from seguro.rules import default_parameters, evaluate


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def late_entry_fine_rate(on: date) -> Decimal:
    return Decimal(default_parameters().value("arrears.late_entry_fine_rate", on))


def reactivation_days(on: date) -> int:
    return int(default_parameters().value("arrears.agreement_reactivation_days", on))


def unpaid_instalments_to_fall(on: date) -> int:
    return int(default_parameters().value("arrears.agreement_unpaid_instalments_to_fall", on))


def min_instalments(on: date) -> int:
    return int(default_parameters().value("arrears.agreement_min_instalments", on))


def rule(name: str, on: date, inputs: dict[str, Any], field: str | None = None) -> dict[str, Any]:
    """Evaluate a rule; its Spanish error becomes a DomainError. Returns outputs + explanation."""
    result = evaluate(name, on, inputs)
    if "error" in result:
        raise DomainError(str(result["error"]), field=field)
    return {"outputs": result["outputs"], "explanation": result["explanation"]}


def interest(principal_cents: int, due: date, paid: date) -> dict[str, Any]:
    """LSS Art. 89 interest on ``principal_cents`` unpaid from ``due`` to ``paid``."""
    result = rule(
        "arrears_interest",
        paid,
        {
            "principal": str(Decimal(principal_cents) / 100),
            "due_date": due.isoformat(),
            "paid_date": paid.isoformat(),
        },
    )
    out = result["outputs"]
    return {
        "cents": to_cents(out["interest"]),
        "months": int(out["months"]),
        "annual_rate": Decimal(out["annual_rate"]),
        "explanation": result["explanation"],
    }


def to_cents(text: str | Decimal) -> int:
    return int((Decimal(text) * 100).to_integral_value())
