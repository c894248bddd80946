"""Benchmark: the national attentions of 2022 and 2023 on PostgreSQL (about 31 M rows at scale 1).

    .venv/bin/python bench/national_health_bench.py                 # scale 1, its own PostgreSQL
    .venv/bin/python bench/national_health_bench.py --scale 0.05
    DATABASE_URL=postgres://... .venv/bin/python bench/national_health_bench.py

Steps, each timed: the national-2023 registry (synth), the synthetic national network
(national_network_load), the attentions of 2022 and 2023 with their coverage checks
(national_attentions_generate, in its own process so that its peak memory is its own), a
second run (must write nothing) and the report's health figures. Prints wall time per step,
the generation process's peak memory (VmHWM) and the figures against the scaled targets.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from memory import peak_mb  # bench/memory.py (the script's folder is on sys.path)
from postgres import (  # bench/postgres.py (the script's folder is on sys.path)
    django_setup,
    on_postgres,
)
from steps import Steps

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2023


def _child_generate(scale: float, seed: int) -> int:
    """Generate the attentions in this fresh process; print its result and peak memory (MB)."""
    django_setup()
    from seguro.synth.national import national_attentions_generate

    started = time.perf_counter()
    made = national_attentions_generate(year=YEAR, scale=scale, seed=seed, progress=True)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb(os.getpid()), "made": made}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--child-generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_generate:
        return _child_generate(args.scale, args.seed)
    code = on_postgres()  # bench/postgres.py
    if code is not None:
        return code
    from django.core.management import call_command
    from django.db import connection

    from seguro.reports.build import scope_for
    from seguro.reports.sections.health import health_section, rural_health_figures
    from seguro.synth.national import national_attentions_generate, national_network_load
    from seguro.synth.services import synth_registry

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    print(f"{version.split(' on ')[0]} · escala {args.scale} · atenciones {YEAR - 1} y {YEAR}")
    step = Steps()
    timings, memory = step.timings, step.memory

    step(
        "registro nacional (synth)",
        lambda: synth_registry(
            scope="national-2023", scale=args.scale, seed=args.seed, replace=True, progress=False
        ),
    )
    network = step("red nacional de unidades", lambda: national_network_load(seed=args.seed))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    child = [sys.executable, __file__, "--child-generate", "--scale", str(args.scale)]
    child += ["--seed", str(args.seed)]
    finished = step(
        "atenciones (proceso aparte)",
        lambda: subprocess.run(child, check=True, cwd=ROOT, capture_output=True, text=True),
    )
    lines = finished.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(f"    {line}")
    generated = json.loads(lines[-1])
    again = step(
        "segunda ejecución (no escribe nada)",
        lambda: national_attentions_generate(
            year=YEAR, scale=args.scale, seed=args.seed, progress=False
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def figures() -> dict[str, Any]:
        section = health_section(scope_for(YEAR, None))
        rural_health_figures(scope_for(YEAR, None), section)
        before = health_section(scope_for(YEAR - 1, None))
        found: dict[str, Any] = {f.key: f.value for f in section.figures}
        found["health.attentions_previous_year"] = next(
            f.value for f in before.figures if f.key == "health.attentions"
        )
        return found

    found = step("cifras del informe (salud)", figures)

    made = generated["made"]["years"]
    print("\nResultado:")
    print(f"  unidades creadas                 {network['units']:>14,}  {network['units_by_kind']}")
    print(f"  profesionales creados            {network['professionals']:>14,}")
    for year, data in made.items():
        print(
            f"  atenciones {year}                  {data['attentions']:>14,} "
            f"(meta {data['target_attentions']:,}; dispensarios "
            f"{data['rural_dispensary_attentions']:,} de "
            f"{data['target_rural_dispensary_attentions']:,})"
        )
    print(f"  segunda ejecución: filas escritas = {again['written']}")
    print(f"  health.attentions {YEAR}           {found['health.attentions']:>14,}")
    print(
        f"  health.attentions {YEAR - 1}           {found['health.attentions_previous_year']:>14,}"
    )
    # The key names the year compared with (health.attentions_growth_vs_2022).
    growth = next(v for k, v in found.items() if k.startswith("health.attentions_growth_vs_"))
    millions = found.get(f"health.attentions_{YEAR - 1}_millions", "-")
    print(f"  atenciones {YEAR - 1} (millones)       {millions!s:>14}")
    print(f"  crecimiento sobre {YEAR - 1}          {growth!s:>14}")
    print(f"  rural_insurance.attentions       {found['rural_insurance.attentions']:>14,}")
    print("\nTiempo (s) y memoria máxima acumulada del proceso (MB):")
    for name, seconds in timings.items():
        print(f"  {name:<46} {seconds:>8.1f} {memory[name]:>8.0f}")
    rows = sum(int(d["attentions"]) for d in made.values())
    print(
        f"\nAtenciones: {generated['seconds']:.1f} s dentro del proceso para {rows:,} atenciones "
        f"(y otras tantas verificaciones), {rows / max(generated['seconds'], 1e-9):,.0f} por "
        f"segundo; memoria máxima del proceso {generated['peak_mb']:.0f} MB"
    )
    expected = {int(y): d["target_attentions"] for y, d in made.items()}
    ok = (
        again["written"] == 0
        and found["health.attentions"] == expected[YEAR]
        and found["health.attentions_previous_year"] == expected[YEAR - 1]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
