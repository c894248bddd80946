"""Benchmark: one national pensioners' payroll on PostgreSQL (goal: under 30 s).

    .venv/bin/python bench/payroll_bench.py                 # scale 1, its own PostgreSQL
    .venv/bin/python bench/payroll_bench.py --scale 0.1
    DATABASE_URL=postgres://... .venv/bin/python bench/payroll_bench.py

Steps, each timed: the national-2023 registry (synth: its ~836 525 pensioners), a pension and a
share for every pensioner (seguro.synth.pension_amounts), the registry's pending endings
(deaths reported late) applied, the December 2023 payroll (pensions + 13th for everyone) in
its own process, a second run of the same month (must change nothing) and `ledger verify`.
Prints wall time per step, the payroll process's peak memory (VmHWM) and the month's totals.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from memory import peak_mb  # bench/memory.py (the script's folder is on sys.path)
from postgres import on_postgres  # bench/postgres.py (the script's folder is on sys.path)
from steps import Steps

ROOT = Path(__file__).resolve().parent.parent
PERIOD = date(2023, 12, 1)


def _child_payroll() -> int:
    """Run the payroll in this fresh process; print its peak memory (MB) and the backend's."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seguro.settings")
    import django

    django.setup()
    from django.db import connection

    from seguro.pensions.payroll import payroll_run

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = int(cursor.fetchone()[0])
    started = time.perf_counter()
    payroll_run(actor=None, period=PERIOD)
    elapsed = time.perf_counter() - started
    print(f"{elapsed} {peak_mb(os.getpid())} {peak_mb(backend)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--child-payroll", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_payroll:
        return _child_payroll()
    code = on_postgres()  # bench/postgres.py
    if code is not None:
        return code
    from django.core.management import call_command
    from django.db import connection

    from seguro.ledger.services import ledger_verify
    from seguro.pensions.payroll import month_end, payroll_run
    from seguro.pensions.services import pension_events_apply
    from seguro.synth.pension_amounts import synthetic_pensions_load
    from seguro.synth.services import synth_registry

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    print(f"{version.split(' on ')[0]} · escala {args.scale} · nómina {PERIOD:%Y-%m}", flush=True)
    step = Steps()
    timings, memory = step.timings, step.memory

    step(
        "registro nacional (synth)",
        lambda: synth_registry(
            scope="national-2023", scale=args.scale, seed=args.seed, replace=True, progress=False
        ),
    )
    loaded = step(
        "pensiones y montos (pension_amounts)",
        lambda: synthetic_pensions_load(actor=None, seed=args.seed, on=date(2023, 12, 31)),
    )
    events = step(
        "novedades (fallecimientos, mayorías de edad)",
        lambda: pension_events_apply(actor=None, on=month_end(PERIOD)),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    child = [sys.executable, __file__, "--child-payroll"]
    finished = step(
        "nómina (proceso aparte)",
        lambda: subprocess.run(child, check=True, cwd=ROOT, capture_output=True, text=True),
    )
    payroll_s, payroll_mb, backend_mb = finished.stdout.strip().splitlines()[-1].split()
    again = step("segunda nómina (no cambia nada)", lambda: payroll_run(actor=None, period=PERIOD))
    checked, problems = step("ledger verify", lambda: ledger_verify())

    counts = again.counts
    print(f"\nResultado de la nómina {PERIOD:%Y-%m}:")
    print(f"  pensiones cargadas             {loaded:>16,}")
    print(f"  novedades aplicadas            {events}")
    print(f"  pagos                          {counts['payments']:>16,}")
    print(f"  bruto (USD)                    {counts['gross_cents'] / 100:>16,.2f}")
    print(f"  décima tercera (USD)           {counts['thirteenth_cents'] / 100:>16,.2f}")
    print(f"  líquido (USD)                  {counts['net_cents'] / 100:>16,.2f}")
    print(f"  asientos del libro mayor       {counts['entries']:>16,}")
    print(
        f"  segunda nómina: ya pagada = {again.already_paid}, "
        f"lotes nuevos = {again.chunks_done_now}"
    )
    print(f"  ledger verify: {checked} lotes, {len(problems)} alteraciones")
    print("\nTiempo (s) y memoria máxima acumulada del proceso (MB):")
    for name, seconds in timings.items():
        print(f"  {name:<46} {seconds:>8.1f} {memory[name]:>8.0f}")
    print(
        f"\nNómina: {float(payroll_s):.1f} s dentro del proceso (meta: menos de 30 s), "
        f"{timings['nómina (proceso aparte)']:.1f} s con el arranque; memoria máxima del proceso "
        f"{float(payroll_mb):.0f} MB, del backend PostgreSQL {float(backend_mb):.0f} MB"
    )
    return 0 if not problems and again.already_paid else 1


if __name__ == "__main__":
    sys.exit(main())
