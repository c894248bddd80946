"""Bulk loading of the generated frames, one way per database vendor; run inside the caller's
transaction (``synth_registry`` opens it), so a failure leaves nothing half-written.

PostgreSQL: the foreign keys, unique and exclusion constraints and secondary indexes of the
registry tables (and foreign keys from other tables into them) are taken off, every table is
filled by ``COPY ... FROM STDIN`` with CSV written by Polars, and everything is put back exactly
as it was (``pg_get_constraintdef`` / ``pg_get_indexdef``): rebuilding an index once is much
faster than growing it row by row, and re-adding a constraint checks every row, so the rows
obey the same constraints as rows written one by one. Then the id sequences are reset and the
tables analysed.

SQLite: ``executemany`` of plain tuples, in chunks, through the connection's own cursor.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from tqdm import tqdm

from seguro.core.errors import DomainError
from seguro.synth.registry import TABLE_LABELS, TABLES

CHUNK_ROWS = 500_000


def registry_models() -> list[type[models.Model]]:
    """The registry models the generator fills, in load order."""
    by_table = {m._meta.db_table: m for m in apps.get_app_config("registry").get_models()}
    return [by_table[t] for t in TABLES]


def registry_row_counts() -> dict[str, int]:
    """Rows in each table the generator fills."""
    return {m._meta.db_table: m._default_manager.count() for m in registry_models()}


def registry_delete() -> None:
    """Delete the synthetic registry (every row of the tables the generator fills, and the user
    scopes pointing at a person or employer). Refuses, in Spanish, when other data (from other
    apps) points at it."""
    ours = set(registry_models())
    user_scope = apps.get_model("registry", "UserScope")
    for model in ours:
        for relation in model._meta.related_objects:
            other = relation.related_model
            if isinstance(other, str) or other in ours or other is user_scope:
                continue
            field = relation.field.name
            if other._default_manager.filter(**{f"{field}__isnull": False}).exists():
                raise DomainError(
                    f"No se puede reemplazar el registro: hay datos de «{other._meta.verbose_name}»"
                    " que dependen de él. Use una base de datos vacía (o vacíela con "
                    "«seguro flush») y vuelva a generar."
                )
    user_scope._default_manager.filter(
        models.Q(person__isnull=False) | models.Q(employer__isnull=False)
    ).delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with _pg_constraints_off(cursor, drop_only=True):
                names = ", ".join(connection.ops.quote_name(t) for t in TABLES)
                cursor.execute(f"TRUNCATE {names} RESTART IDENTITY")
        else:
            for table in reversed(TABLES):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def frames_load(
    frames: dict[str, pl.DataFrame],
    *,
    progress: bool = True,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Write every frame into its table; returns rows per table. ``timings`` (if given) gets
    the seconds of each table's copy and of the constraint rebuild."""
    clock = _Clock(timings)
    if connection.vendor == "postgresql":
        _pg_load(frames, progress, clock)
    elif connection.vendor == "sqlite":
        _sqlite_load(frames, progress, clock)
    else:
        raise DomainError(f"Base de datos no admitida para la carga masiva: {connection.vendor}.")
    return {table: frame.height for table, frame in frames.items()}


class _Clock:
    """Seconds per named step, into a caller's dict."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings if timings is not None else {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings[name] = round(time.perf_counter() - started, 2)


def _bar(table: str, total: int, progress: bool) -> tqdm:
    return tqdm(
        total=total,
        desc=f"{TABLE_LABELS[table]:<32}",
        unit=" filas",
        unit_scale=True,
        disable=not progress,
        leave=True,
    )


def _sqlite_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as ISO text and booleans as 0/1, as Django stores them in SQLite."""
    casts = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            casts.append(pl.col(name).cast(pl.Int8))
    return frame.with_columns(casts) if casts else frame


def _sqlite_load(frames: dict[str, pl.DataFrame], progress: bool, clock: _Clock) -> None:
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        for table, frame in frames.items():
            columns = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
            marks = ", ".join("?" for _ in frame.columns)
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({marks})"
            rows = _sqlite_rows(frame)
            with clock.step(f"copiar {table}"), _bar(table, frame.height, progress) as bar:
                for offset in range(0, frame.height, CHUNK_ROWS):
                    chunk = rows.slice(offset, CHUNK_ROWS)
                    cursor.executemany(sql, chunk.iter_rows())
                    bar.update(chunk.height)
    finally:
        cursor.close()


# Memory for this transaction only: index builds sort in memory, and the foreign-key checks
# that re-adding a constraint runs hash the referenced table in memory.
PG_SESSION_SETTINGS = {"maintenance_work_mem": "1GB", "work_mem": "512MB"}


def _pg_load(frames: dict[str, pl.DataFrame], progress: bool, clock: _Clock) -> None:
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        for name, value in PG_SESSION_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        with _pg_constraints_off(cursor, progress=progress, clock=clock):
            with raw.cursor() as copy_cursor:
                for table, frame in frames.items():
                    with clock.step(f"copiar {table}"):
                        _pg_copy(copy_cursor, table, frame, progress)
            with clock.step("ANALYZE"):  # the planner needs sizes for the checks that follow
                for table in TABLES:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        with clock.step("secuencias"):
            for sql in connection.ops.sequence_reset_sql(no_style(), registry_models()):
                cursor.execute(sql)


def _pg_copy(cursor: Any, table: str, frame: pl.DataFrame, progress: bool) -> None:
    columns = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with _bar(table, frame.height, progress) as bar, cursor.copy(sql) as copy:
        for offset in range(0, frame.height, CHUNK_ROWS):
            chunk = frame.slice(offset, CHUNK_ROWS)
            buffer = io.BytesIO()
            chunk.write_csv(buffer, include_header=False, null_value="", date_format="%Y-%m-%d")
            copy.write(buffer.getbuffer())
            bar.update(chunk.height)


_CONSTRAINTS_SQL = """
SELECT DISTINCT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
FROM pg_constraint c
WHERE (c.conrelid = ANY(%(tables)s::regclass[]) AND c.contype IN ('f', 'u', 'x'))
   OR (c.confrelid = ANY(%(tables)s::regclass[]) AND c.contype = 'f')
"""
_INDEXES_SQL = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY(%(tables)s::regclass[]) AND NOT i.indisprimary
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
  )
"""


@contextmanager
def _pg_constraints_off(
    cursor: Any, *, progress: bool = False, drop_only: bool = False, clock: _Clock | None = None
) -> Iterator[None]:
    """Take the registry tables' foreign keys, unique and exclusion constraints and secondary
    indexes off for the block, and put them back after it (checking every row); foreign keys
    only when ``drop_only`` (a TRUNCATE needs no more)."""
    tables = list(TABLES)
    # Checks still deferred from earlier writes in this transaction would forbid ALTER TABLE
    # ("pending trigger events"): run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute(_CONSTRAINTS_SQL, {"tables": tables})
    constraints = sorted(cursor.fetchall(), key=lambda row: "fux".index(row[3]))
    if drop_only:
        constraints = [c for c in constraints if c[3] == "f"]
        indexes: list[tuple[str, str]] = []
    else:
        cursor.execute(_INDEXES_SQL, {"tables": tables})
        indexes = cursor.fetchall()
    for table, name, _, _ in constraints:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    steps = len(indexes) + len(constraints)
    clock = clock or _Clock(None)
    with (
        clock.step("índices y restricciones"),
        tqdm(
            total=steps, desc=f"{'Índices y restricciones':<32}", disable=not progress or not steps
        ) as bar,
    ):
        for name, definition in indexes:
            with clock.step(f"· {name}"):
                cursor.execute(definition)
            bar.update()
        for table, name, definition, _ in reversed(constraints):  # x, u, then f
            with clock.step(f"· {name}"):
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} "
                    f"{definition}"
                )
            bar.update()
