"""``synth_year``: a whole synthetic year of an institute's operations on top of the synthetic
registry, calibrated to the published figures: the generated records are operations
(declarations, closes, payments, agreements, attentions, referrals), never the report's totals.

    from seguro.synth.year import synth_year
    synth_year(scope="loja-2022", seed=2022, scale=1.0)

Each step runs in one transaction with an audit event ``synth.year.step``; a rerun skips the
steps already done (and refuses another scale or seed), so nothing is generated twice.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from seguro.core.errors import DomainError
from seguro.health.models import HealthUnit
from seguro.registry.models import Person
from seguro.synth.year import collections, contributions, health
from seguro.synth.year.config import year_plan
from seguro.synth.year.steps import Context, Step, Writer, step_run

# The year's steps, in order. Benefits claims, pensions and the pension payroll are being built
# elsewhere: their steps go here, after the payments (they read paid contributions) and
# before the health steps or after them, e.g.
#   Step("benefit_claims", "Solicitudes de prestaciones", benefits_year_claims),
#   Step("pension_payroll", "Nómina de pensiones", pensions_year_payroll),
STEPS: list[Step] = [
    Step(
        "contributions", "Planillas y cierres mensuales", contributions.months_close, atomic=False
    ),
    Step("agreements", "Convenios de pago y títulos de crédito", collections.agreements_and_titles),
    Step("late_payments", "Pagos atrasados (recuperación de cartera)", collections.late_payments),
    Step("on_time_payments", "Pagos a tiempo", collections.on_time_payments),
    Step("targets", "Meta de recuperación de cartera", collections.targets),
    Step("professionals", "Profesionales de salud", health.professionals),
    Step("attentions", "Atenciones de salud", health.attentions),
    Step("referrals", "Derivaciones a la red externa", health.referrals),
]


def synth_year(
    *,
    scope: str = "loja-2022",
    seed: int = 2022,
    scale: float = 1.0,
    progress: bool = True,
    stream: Writer | None = None,
) -> dict[str, Any]:
    """Generate the year's operations; returns each step's result and seconds."""
    plan = year_plan(scope, scale, seed)
    if not Person.objects.exists():
        raise DomainError(
            "El registro está vacío: genere primero el registro sintético "
            f"(seguro synth --scope {scope})."
        )
    if not HealthUnit.objects.filter(canton__province_id=plan.province_code).exists():
        raise DomainError(
            "Faltan las unidades de salud de la provincia: cargue la red de salud de demostración."
        )
    out = stream if stream is not None else (sys.stdout if progress else None)
    context = Context(plan=plan, progress=progress, stream=out)
    started = time.perf_counter()
    results = {step.name: step_run(context, step) for step in STEPS}
    return {
        "scope": scope,
        "scale": scale,
        "seed": seed,
        "steps": results,
        "total_seconds": round(time.perf_counter() - started, 2),
    }
