"""Step 1: each month's declarations from the affiliations in force, then the monthly close."""

from __future__ import annotations

from typing import Any

from seguro.contributions.close import month_close
from seguro.contributions.declarations import declarations_generate_bulk
from seguro.synth.year.steps import Context


def months_close(context: Context) -> dict[str, Any]:
    lines = obligations = 0
    for period in context.bar(context.plan.months, "Planillas y cierre mensual"):
        lines += declarations_generate_bulk(period=period, progress=False)
        result = month_close(actor=None, period=period)
        obligations += int(result.counts.get("obligations", 0))
    return {"months": len(context.plan.months), "lines": lines, "obligations": obligations}
