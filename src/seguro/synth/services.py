"""The synthetic registry load: generate, then write in one transaction with its audit event.

from seguro.synth.services import synth_registry
report = synth_registry(scope="loja-2022", scale=0.01, seed=2022)
"""

from __future__ import annotations

import resource
import sys
import time
from typing import Any, Protocol

from django.db import connection, transaction

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.synth import load
from seguro.synth.calibration import plan_for
from seguro.synth.registry import registry_generate


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...

    def flush(self) -> Any: ...


def peak_memory_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def synth_registry(
    *,
    scope: str,
    scale: float = 1.0,
    seed: int = 2022,
    replace: bool = False,
    progress: bool = True,
    stream: Writer | None = None,
) -> dict[str, Any]:
    """Generate the synthetic registry of ``scope`` (``loja-2022`` or ``national-2023``) at
    ``scale`` and load it, with one ``synth.load`` audit event, in one transaction.

    Refuses (DomainError, in Spanish) when the registry already has rows, unless ``replace``,
    which first deletes the synthetic registry. Returns scope, scale, seed, reference date, the
    rows written per table, the planned coverage counts (``targets``, the shape of
    ``registry.coverage.coverage_counts``), seconds per stage and the peak memory.
    """
    try:
        plan = plan_for(scope, scale)
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    out = stream if stream is not None else (sys.stdout if progress else None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    labels = [""]
    since = [started]

    def stage(label: str) -> None:
        now = time.perf_counter()
        if labels[0]:
            timings[labels[0]] = round(now - since[0], 2)
        labels[0], since[0] = label, now
        if out is not None and label:
            out.write(f"{label}…\n")
            out.flush()

    existing = load.registry_row_counts()
    if any(existing.values()) and not replace:
        people = f"{existing['registry_person']:,}".replace(",", " ")
        employers = f"{existing['registry_employer']:,}".replace(",", " ")
        raise DomainError(
            f"El registro ya tiene datos ({people} personas, {employers} empleadores). Use una "
            "base de datos vacía o pase --replace para borrar el registro sintético y generarlo "
            "de nuevo."
        )
    frames = registry_generate(plan, seed, stage)
    with transaction.atomic():
        if replace:
            stage("Borrando el registro anterior")
            load.registry_delete()
        stage(f"Cargando en {connection.vendor}")
        rows = load.frames_load(frames, progress=progress, timings=timings)
        stage("Registrando el evento de auditoría")
        targets = plan.targets()
        _audit(scope=scope, scale=scale, seed=seed, replace=replace, rows=rows, targets=targets)
    stage("")
    return {
        "scope": scope,
        "scale": scale,
        "seed": seed,
        "reference_date": plan.reference_date,
        "rows": rows,
        "targets": targets,
        "seconds": timings,
        "total_seconds": round(time.perf_counter() - started, 2),
        "peak_memory_mb": round(peak_memory_mb(), 1),
    }


def _audit(**data: Any) -> AuditEvent:
    """One audit event for the load (no actor: the system). There is no single target row, so
    the target is the scope itself (target_type "synth.scope")."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the synth audit event must be written inside the load transaction")
    people = data["rows"]["registry_person"]
    return AuditEvent.objects.create(
        actor=None,
        action="synth.load",
        target_type="synth.scope",
        target_id=data["scope"],
        summary=(
            f"Registro sintético {data['scope']} (escala {data['scale']}, semilla {data['seed']}):"
            f" {people} personas"
        ),
        data=data,
    )
