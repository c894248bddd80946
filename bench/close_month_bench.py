"""Benchmark: one national month closed on PostgreSQL (issue 4's goal: under 60 s).

    .venv/bin/python bench/close_month_bench.py                 # scale 1, its own PostgreSQL
    .venv/bin/python bench/close_month_bench.py --scale 0.1
    DATABASE_URL=postgres://... .venv/bin/python bench/close_month_bench.py

Steps, each timed: the national-2023 registry (synth), the April 2023 payroll declarations from
the affiliations in force (set-based), the close itself (seguro close-month 2023-04), a second
close of the same month (must change nothing), `ledger verify`, and the reconciliation of the
month's obligations with the ledger's sums by province and fund. Prints wall time per step,
the peak memory of this process (ru_maxrss) and of the PostgreSQL backend (VmHWM), and the
month's rows and assessed total.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from memory import peak_mb  # bench/memory.py (the script's folder is on sys.path)
from postgres import on_postgres  # bench/postgres.py (the script's folder is on sys.path)
from steps import Steps

ROOT = Path(__file__).resolve().parent.parent
PERIOD = date(2023, 4, 1)


def _child_close() -> int:
    """Close the month in this fresh process and print its own peak memory in MB."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seguro.settings")
    import django

    django.setup()
    from seguro.contributions.close import month_close

    month_close(actor=None, period=PERIOD)
    print(peak_mb(os.getpid()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--child-close", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_close:
        return _child_close()
    code = on_postgres()  # bench/postgres.py
    if code is not None:
        return code
    from django.core.management import call_command
    from django.db import connection

    from seguro.contributions.close import month_close
    from seguro.contributions.declarations import declarations_generate_bulk
    from seguro.contributions.reconcile import close_reconcile
    from seguro.ledger.services import ledger_verify
    from seguro.synth.services import synth_registry

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), version()")
        backend_pid, version = cursor.fetchone()
    print(f"{version.split(' on ')[0]} · escala {args.scale} · período {PERIOD:%Y-%m}", flush=True)
    step = Steps()
    timings, memory = step.timings, step.memory

    step(
        "registro nacional (synth)",
        lambda: synth_registry(
            scope="national-2023", scale=args.scale, seed=args.seed, replace=True, progress=False
        ),
    )
    lines = step(
        "planillas de abril (desde afiliaciones)",
        lambda: declarations_generate_bulk(period=PERIOD, progress=False),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The close runs in its own process, which reports its own peak memory (VmHWM starts anew at
    # exec, unlike ru_maxrss, which a child inherits from the 2 GB generator that forked it).
    close = [sys.executable, __file__, "--child-close"]
    finished = step(
        "cierre del mes",
        lambda: subprocess.run(close, check=True, cwd=ROOT, capture_output=True, text=True),
    )
    close_peak_mb = float(finished.stdout.strip().splitlines()[-1])
    again = step("segundo cierre (no cambia nada)", lambda: month_close(actor=None, period=PERIOD))
    checked, problems = step("ledger verify", lambda: ledger_verify())
    reconciled = step("conciliación obligaciones / libro mayor", lambda: close_reconcile(PERIOD))

    counts = again.counts
    print("\nResultado del cierre de 2023-04:")
    print(f"  líneas de planilla generadas   {lines:>14,}")
    print(f"  líneas liquidadas              {counts['lines']:>14,}")
    print(f"  obligaciones                   {counts['obligations']:>14,}")
    print(f"  asientos del libro mayor       {counts['entries']:>14,}")
    print(f"  total liquidado (USD)          {counts['assessed_cents'] / 100:>14,.2f}")
    print(
        f"  segundo cierre: ya cerrado = {again.already_closed}, lotes nuevos = "
        f"{again.chunks_done_now}"
    )
    print(f"  ledger verify: {checked} lotes, {len(problems)} alteraciones")
    print(
        f"  conciliación: {reconciled.obligations:,} obligaciones, {reconciled.pairs_checked} "
        f"pares provincia-fondo, {len(reconciled.differences)} diferencias"
    )
    print("\nTiempo (s) y memoria máxima acumulada del proceso (MB):")
    for name, seconds in timings.items():
        print(f"  {name:<42} {seconds:>8.1f} {memory[name]:>8.0f}")
    print(
        f"\nCierre: {timings['cierre del mes']:.1f} s (meta: menos de 60 s); memoria máxima del "
        f"proceso de cierre {close_peak_mb:.0f} MB"
    )
    backend = peak_mb(backend_pid)
    if backend is not None:
        print(f"Memoria máxima del backend PostgreSQL (VmHWM): {backend:.0f} MB")
    return 0 if not problems and not reconciled.differences and again.already_closed else 1


if __name__ == "__main__":
    sys.exit(main())
