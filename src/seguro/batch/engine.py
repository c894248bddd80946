"""One interface to the two databases for batch jobs: read a query into a Polars frame, write a
frame into a table (COPY on PostgreSQL, executemany on SQLite).

`connection` is a DB-API style wrapper with `.vendor` and `.cursor()` (Django's connection
fits); this module imports no Django so the batch steps stay testable as plain functions.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Protocol

import polars as pl


class Connection(Protocol):
    vendor: str

    def cursor(self) -> Any: ...


def placeholder(connection: Connection) -> str:
    return "%s"  # Django's cursor wrapper takes %s on both engines


def read_frame(
    connection: Connection,
    sql: str,
    params: Sequence[Any] = (),
    schema: dict[str, Any] | None = None,
) -> pl.DataFrame:
    """Run a query and return its rows as a frame (column names from the cursor).

    On PostgreSQL the rows travel as CSV through COPY and are parsed by Polars, which is several
    times faster than building Python tuples; SQLite goes through the cursor.
    """
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        with connection.cursor() as cursor:
            copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)"
            with cursor.cursor.copy(copy_sql, list(params) or None) as copy:
                for data in copy:
                    buffer.write(data)
        buffer.seek(0)
        if buffer.getbuffer().nbytes == 0:
            return pl.DataFrame(schema=schema)
        if schema is not None:
            return pl.read_csv(buffer, schema=schema)
        return pl.read_csv(buffer, try_parse_dates=True, infer_schema_length=None)
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    if schema is not None:
        return pl.DataFrame(rows, schema=schema, orient="row")
    # Every row decides a column's type: a column null in its first rows (a ledger batch's
    # employer, when people's payments come first) is not taken for a null column.
    return pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)


def _python_rows(frame: pl.DataFrame) -> Iterator[tuple[Any, ...]]:
    return frame.iter_rows()


def write_frame(
    connection: Connection,
    table: str,
    frame: pl.DataFrame,
    *,
    chunk_rows: int = 200_000,
) -> int:
    """Append a frame's rows to a table whose columns are named like the frame's."""
    if frame.height == 0:
        return 0
    columns = frame.columns
    column_list = ", ".join(columns)
    if connection.vendor == "postgresql":
        # CSV written by Polars (unquoted empty = NULL) and sent in one COPY per chunk.
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
            for start in range(0, frame.height, chunk_rows):
                data = frame.slice(start, chunk_rows).write_csv(include_header=False)
                with raw.copy(f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv)") as copy:
                    copy.write(data)
        return frame.height
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, frame.height, chunk_rows):
            cursor.executemany(sql, list(_python_rows(frame.slice(start, chunk_rows))))
    return frame.height


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def reserve_ids(connection: Connection, table: str, count: int) -> pl.Series:
    """Primary keys for ``count`` rows written by COPY with explicit ids, so children can point
    at them without reading them back (column ``id``)."""
    if count == 0:
        return pl.Series("id", [], dtype=pl.Int64)
    if connection.vendor == "postgresql":
        # Drawn from the table's own sequence, so concurrent writers never collide. The
        # sequence is looked up once (as nextval's argument it would be looked up per row). One
        # statement draws the ids in a row unless another session calls nextval meanwhile;
        # only then do the values themselves travel back.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            draw = "SELECT nextval(%s::regclass) AS id FROM generate_series(1, %s)"
            cursor.execute(f"SELECT min(id), max(id) FROM ({draw}) AS drawn", [sequence, count])
            low, high = cursor.fetchone()
        if high - low + 1 == count:
            return pl.int_range(low, high + 1, dtype=pl.Int64, eager=True).alias("id")
        return read_frame(connection, draw, [sequence, count], {"id": pl.Int64})["id"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = int(cursor.fetchone()[0]) + 1
    return pl.Series("id", range(first, first + count), dtype=pl.Int64)
