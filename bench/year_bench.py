"""Benchmark: a national year on PostgreSQL, step by step (issue 7's goal for the report: under
30 s on this 2-core machine).

    .venv/bin/python bench/year_bench.py                  # national 2023, scale 1
    .venv/bin/python bench/year_bench.py --scale 0.1 --months 3

Steps, each timed with the peak memory of this process: the national registry and its
pensions (synth); the year's national operations of `seguro synth --year-ops` (the health
network, the year's events, the attentions of 2022 and 2023 with their coverage checks (they
can be left out with --sin-atenciones: about an hour at scale 1), the year's third-party fund
withdrawals); then for every month the payroll declarations from the affiliations in force,
the monthly close, the month's obligations paid on their due date
(seguro.synth.national.collections: no late payers nationally yet) and the pension payroll; and
at the end the national report as JSON.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from postgres import on_postgres  # bench/postgres.py (the script's folder is on sys.path)
from steps import Steps  # bench/steps.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2023


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--months", type=int, default=12, help="meses desde enero")
    parser.add_argument(
        "--disco-minimo",
        dest="min_free_gb",
        type=float,
        default=8.0,
        help="GB libres bajo la base de datos por debajo de los cuales no se empieza otro mes "
        "(el informe se calcula con los meses hechos)",
    )
    parser.add_argument(
        "--sin-atenciones",
        dest="attentions",
        action="store_false",
        help="no generar las atenciones de salud (cerca de una hora a escala 1)",
    )
    args = parser.parse_args()
    code = on_postgres()  # bench/postgres.py
    if code is not None:
        return code
    from django.core.management import call_command
    from django.db import connection

    from seguro.contributions.close import month_close
    from seguro.contributions.declarations import declarations_generate_bulk
    from seguro.pensions.payroll import payroll_run
    from seguro.reports.build import report_build, scope_for
    from seguro.reports.render import report_json
    from seguro.synth.national import national_attentions_generate, national_network_load
    from seguro.synth.national.collections import national_month_payments
    from seguro.synth.national.events import national_events_load
    from seguro.synth.national.funds import national_third_party_funds_generate
    from seguro.synth.pension_amounts import synthetic_pensions_load
    from seguro.synth.services import synth_registry

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    print(f"{version.split(' on ')[0]} · escala {args.scale} · año {YEAR}", flush=True)
    step = Steps()
    timings, memory = step.timings, step.memory

    step(
        "registro nacional (synth)",
        lambda: synth_registry(
            scope="national-2023", scale=args.scale, seed=args.seed, replace=True, progress=False
        ),
    )
    step(
        "pensiones en curso (synth)",
        lambda: synthetic_pensions_load(actor=None, seed=args.seed, on=date(YEAR, 1, 1)),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("red nacional de salud (synth)", lambda: national_network_load(seed=args.seed))
    step(
        "eventos del año (synth)",
        lambda: national_events_load(scale=args.scale, seed=args.seed),
    )
    if args.attentions:
        step(
            "atenciones 2022 y 2023 (synth)",
            lambda: national_attentions_generate(
                year=YEAR, scale=args.scale, seed=args.seed, progress=False
            ),
        )
    step(
        "fondos de terceros (synth)",
        lambda: national_third_party_funds_generate(year=YEAR, scale=args.scale, seed=args.seed),
    )
    data_directory = _data_directory(connection)
    for month in range(1, args.months + 1):
        period = date(YEAR, month, 1)
        free_gb = _storage(connection, data_directory)
        if free_gb is not None and free_gb < args.min_free_gb:
            print(
                f"  Quedan {free_gb:.1f} GB libres (mínimo {args.min_free_gb:g}): no se empieza "
                f"{period:%Y-%m}; el informe usa los meses hechos. Libere espacio o baje la "
                "escala.",
                flush=True,
            )
            break
        step(
            f"planillas {period:%Y-%m}",
            lambda p=period: declarations_generate_bulk(period=p, progress=False),
        )
        step(f"cierre {period:%Y-%m}", lambda p=period: month_close(actor=None, period=p))
        step(f"pagos {period:%Y-%m}", lambda p=period: national_month_payments(p))
        step(f"nómina {period:%Y-%m}", lambda p=period: payroll_run(actor=None, period=p))
    _storage(connection, data_directory)

    def maintenance() -> None:
        # What the nightly maintenance does after a bulk month: statistics everywhere, and the
        # visibility map of the payment batches, so the report's collections read their index
        # alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) ledger_ledgerbatch")
            cursor.execute("ANALYZE")

    step("mantenimiento (VACUUM, ANALYZE)", maintenance)
    section_times: list[tuple[str, float]] = []
    last = [time.perf_counter()]

    def section_done(title: str) -> None:
        now = time.perf_counter()
        section_times.append((title, now - last[0]))
        last[0] = now

    def national_report() -> str:
        last[0] = time.perf_counter()
        return report_json(report_build(scope_for(YEAR, None), progress=section_done))

    report = step("informe nacional (JSON)", national_report)
    for title, seconds in section_times:
        print(f"      {title:<60} {seconds:>6.1f} s")
    out = ROOT / "var" / f"informe-nacional-{YEAR}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n", encoding="utf-8")

    def total(prefix: str) -> float:
        return sum(s for name, s in timings.items() if name.startswith(prefix))

    print("\nResumen (s):")
    prefixes = ("registro", "pensiones", "red", "eventos", "atenciones", "fondos", "planillas")
    for prefix in (*prefixes, "cierre", "pagos", "nómina", "informe"):
        print(f"  {prefix:<12} {total(prefix):>8.1f}")
    print(
        f"\nInforme nacional: {timings['informe nacional (JSON)']:.1f} s (meta: menos de 30 s); "
        f"memoria máxima del proceso {max(memory.values()):.0f} MB; JSON en {out}"
    )
    return 0


def _data_directory(connection) -> str | None:  # type: ignore[no-untyped-def]
    """The server's data directory, when it is on this machine and we may read the setting."""
    with connection.cursor() as cursor:
        try:
            cursor.execute("SELECT current_setting('data_directory')")
        except Exception:  # not a superuser: no disk check
            return None
        path = str(cursor.fetchone()[0])
    return path if os.path.isdir(path) else None


def _storage(connection, data_directory: str | None) -> float | None:  # type: ignore[no-untyped-def]
    """Print the database's size and the free disk under it; return the free GB."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size_gb = cursor.fetchone()[0] / 1e9
    if data_directory is None:
        print(f"  base de datos {size_gb:.1f} GB", flush=True)
        return None
    free_gb = shutil.disk_usage(data_directory).free / 1e9
    print(f"  base de datos {size_gb:.1f} GB · disco libre {free_gb:.1f} GB", flush=True)
    return free_gb


if __name__ == "__main__":
    sys.exit(main())
