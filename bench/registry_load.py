"""Benchmark: the national synthetic registry (national-2023) loaded into PostgreSQL.

    .venv/bin/python bench/registry_load.py                 # scale 1, its own PostgreSQL
    .venv/bin/python bench/registry_load.py --scale 0.1
    DATABASE_URL=postgres://... .venv/bin/python bench/registry_load.py   # an existing server

Without DATABASE_URL it runs itself under scripts/with_postgres.py (a throwaway server). It
migrates, runs ``synth_registry`` (replacing any synthetic registry there), and prints the wall
time of every step, the total, the peak memory of this process (ru_maxrss) and of the
PostgreSQL backend that did the load (VmHWM), and the coverage counts of the registry's
selectors next to the published figures (figures.yaml, scaled) and the time they took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from memory import peak_mb  # bench/memory.py (the script's folder is on sys.path)
from postgres import on_postgres  # bench/postgres.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent


def _flatten(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(f"{prefix}.{key}" if prefix else key, item))
        return flat
    return {prefix: value}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args()
    code = on_postgres()  # bench/postgres.py
    if code is not None:
        return code
    from django.core.management import call_command
    from django.db import connection

    from seguro.registry.coverage import coverage_counts
    from seguro.synth.calibration import figures
    from seguro.synth.services import synth_registry

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), version()")
        backend_pid, version = cursor.fetchone()
    print(f"{version.split(' on ')[0]} · escala {args.scale} · semilla {args.seed}", flush=True)
    report = synth_registry(
        scope="national-2023",
        scale=args.scale,
        seed=args.seed,
        replace=True,
        progress=not args.no_progress,
    )
    print("\nTiempo por paso (s):")
    for step, seconds in report["seconds"].items():
        print(f"  {step:<55} {seconds:>8.2f}")
    print(f"  {'TOTAL (generar + cargar, una transacción)':<55} {report['total_seconds']:>8.2f}")
    print("\nFilas:")
    for table, rows in report["rows"].items():
        print(f"  {table:<30} {rows:>12,}")
    print(f"  {'total':<30} {sum(report['rows'].values()):>12,}")
    print(f"\nMemoria máxima del proceso (ru_maxrss): {report['peak_memory_mb']:.0f} MB")
    backend = peak_mb(backend_pid)
    if backend is not None:
        print(f"Memoria máxima del backend PostgreSQL (VmHWM, pid {backend_pid}): {backend:.0f} MB")

    started = time.perf_counter()
    counts = _flatten("", coverage_counts(on=report["reference_date"]))
    counting = time.perf_counter() - started
    published = figures()["scopes"]["national_2023"]
    published_flat = {
        "coverage.affiliates": published["published_totals"]["affiliates"],
        "coverage.total_covered": published["published_totals"]["total_covered"],
        "coverage.pensioners": published["counts"]["pensioners"],
        "coverage.dependents": published["counts"]["dependents"],
        "rural_insurance.pensioners": published["counts"]["rural_pensioners"],
    }
    for key in ("dependency", "self_employed", "voluntary", "semi_contributory"):
        published_flat[f"affiliates_by_type.{key}"] = published["counts"][key]
    planned = _flatten("", report["targets"])
    print(f"\nCobertura al {report['reference_date']} por los selectores ({counting:.1f} s):")
    print(f"  {'cifra':<45} {'selectores':>12} {'plan':>12} {'figures.yaml':>12}")
    mismatches = 0
    for key, value in counts.items():
        if key in ("reference_date", "province_code"):
            continue
        plan_value = planned.get(key, "")
        figure = published_flat.get(key, "")
        if args.scale != 1 and figure != "":
            figure = f"({figure})"
        same = plan_value in ("", value)
        mismatches += not same
        print(f"  {key:<45} {value!s:>12} {plan_value!s:>12} {figure!s:>12}{'' if same else '  ≠'}")
    print(
        "\nTodas las cifras coinciden con el plan."
        if not mismatches
        else f"\n{mismatches} difieren."
    )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
