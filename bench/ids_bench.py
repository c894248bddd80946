"""Benchmark: reserving the ids of a national month of payments (1.46 M) on PostgreSQL, the way
batch.engine.reserve_ids does it (the sequence looked up once, the ids read back as a range)
against the way the payments writer did before (the sequence looked up in every nextval call,
every id read back to Python). Side by side, alternating, in one run.

    .venv/bin/python bench/ids_bench.py              # throwaway PostgreSQL
    DATABASE_URL=postgres://... .venv/bin/python bench/ids_bench.py --ids 1460000 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from postgres import on_postgres  # bench/postgres.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
TABLE = "bench_reserved_ids"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, default=1_460_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    code = on_postgres()  # bench/postgres.py
    if code is not None:
        return code
    from django.db import connection

    from seguro.batch.engine import reserve_ids

    def per_row_lookup() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [TABLE, args.ids],
            )
            return len([int(row[0]) for row in cursor.fetchall()])

    def lookup_once() -> int:
        return len(reserve_ids(connection, TABLE, args.ids))

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id BIGSERIAL PRIMARY KEY)")
    times: dict[str, list[float]] = {"antes (nextval por fila)": [], "reserve_ids": []}
    try:
        for _ in range(args.rounds):
            for name, action in zip(times, (per_row_lookup, lookup_once), strict=True):
                started = time.perf_counter()
                assert action() == args.ids
                times[name].append(time.perf_counter() - started)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.ids} ids, {args.rounds} rondas alternadas")
    for name, values in times.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:<26} mediana {medians[name]:6.2f} s  ({shown})")
    before, after = medians.values()
    print(f"  razón: {before / after:.1f} veces más rápido")
    return 0


if __name__ == "__main__":
    sys.exit(main())
