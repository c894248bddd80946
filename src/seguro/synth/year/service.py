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

from django.db import connection

from seguro.core.errors import DomainError
from seguro.health.models import HealthUnit
from seguro.registry.models import Person
from seguro.synth.year import (
    benefits,
    collections,
    contributions,
    health,
    invoices,
    pensions,
    work_risks,
)
from seguro.synth.year.config import year_plan
from seguro.synth.year.steps import Context, Step, Writer, step_run

# The year's steps, in order. The benefit claims come after the payments (they read paid
# contributions) and after the health steps (a death recorded in the year would change who
# is covered); the payrolls last, over the pensions loaded and granted.
STEPS: list[Step] = [
    Step(
        "contributions", "Planillas y cierres mensuales", contributions.months_close, atomic=False
    ),
    Step("agreements", "Convenios de pago y títulos de crédito", collections.agreements_and_titles),
    Step("late_payments", "Pagos atrasados (recuperación de cartera)", collections.late_payments),
    Step("on_time_payments", "Pagos a tiempo", collections.on_time_payments),
    Step("targets", "Meta de recuperación de cartera", collections.targets),
    Step(
        "work_risk_events",
        "Accidentes de trabajo y enfermedades profesionales",
        work_risks.work_risk_events,
    ),
    Step("professionals", "Profesionales de salud", health.professionals),
    Step("attentions", "Atenciones de salud", health.attentions),
    Step("referrals", "Derivaciones a la red externa", health.referrals),
    Step("provider_invoices", "Facturas de prestadores externos", invoices.provider_invoices),
]
# The benefit steps walk every claim through the services (officer computes, approver
# decides): about 16 minutes at scale 1 on SQLite, so the demo can leave them out.
BENEFIT_STEPS: list[Step] = [
    Step("pensions_in_payment", "Pensiones en curso de pago", pensions.pensions_in_payment),
    Step(
        "third_party_claims",
        "Cesantía, fondos de reserva, desempleo y riesgos del trabajo",
        benefits.third_party_and_work_risk_claims,
    ),
    Step(
        "pension_claims", "Auxilio de funerales, montepío y jubilaciones", pensions.pension_claims
    ),
    Step("pension_payrolls", "Nóminas de pensiones", pensions.pension_payrolls, atomic=False),
]


def synth_year(
    *,
    scope: str = "loja-2022",
    seed: int = 2022,
    scale: float = 1.0,
    progress: bool = True,
    stream: Writer | None = None,
    benefits: bool = True,
) -> dict[str, Any]:
    """Generate the year's operations (with the benefit claims, pensions and payrolls unless
    ``benefits`` is false); returns each step's result and seconds."""
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
    steps = STEPS + BENEFIT_STEPS if benefits else STEPS
    results = {step.name: step_run(context, step) for step in steps}
    if connection.vendor == "postgresql":
        # Bulk loads leave the planner's statistics behind until autovacuum catches up; the
        # report that usually follows would otherwise join the ledger with wrong estimates.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "scope": scope,
        "scale": scale,
        "seed": seed,
        "steps": results,
        "total_seconds": round(time.perf_counter() - started, 2),
    }
