"""Declarations generated from the affiliations in force: one employer at a time (Python, for
the demo and tests) or every employer of a month at once (set-based SQL, for the synthetic data
and the national benchmark). Reached through ``declarations.declaration_generate_from_affiliations``
and ``declarations.declarations_generate_bulk``.

Both paths make the same lines (a test holds them to it): one per worker with an affiliation with
the employer in force in the month (the latest, when a person has two with one employer), with
the salary record in force at the end of the month, the days worked (30 for the whole month;
from its first to its last day on a 30-day month otherwise), the salary pro-rated by days and
raised to the pro-rated minimum wage (half-up to the cent), the novelty the dates show, and row
numbers in person order. For integer cents ``c``, ``c x days / 30`` rounded half-up is
``(2 c days + 30) div (2 x 30)``.

The set-based path is a chain of named SQL steps, the same on PostgreSQL and SQLite except for
one dialect function (the day of a date):

1. ``lines``: the lines above, into a temporary table, for employers with no declaration yet;
2. ``declarations``: one active version-1 declaration per employer, with its count and total;
3. ``declaration lines``: the lines, joined to their declaration.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from seguro.contributions.declarations import (
    CENT,
    LineInput,
    days_per_month,
    minimum_for_days,
    month_end,
)
from seguro.contributions.models import Novelty
from seguro.core.models import AuditEvent
from seguro.registry.models import Affiliation, Employer, SalaryRecord

LINES = "seguro_bulk_declaration_lines"
DECLARATIONS = "contributions_payrolldeclaration"
DECLARATION_LINES = "contributions_declarationline"
EMPLOYERS = "seguro_bulk_declaration_employers"


def line_days(valid_from: date, valid_to: date | None, period: date) -> int:
    """Days worked in the month by an affiliation: the whole commercial month (30) when it
    covers the month, else from its first to its last day in the month, counted on a 30-day
    month (a month's last day counts as day 30)."""
    full = days_per_month(period)
    last_of_month = month_end(period)
    first = valid_from.day if valid_from > period else 1
    ends_inside = valid_to is not None and valid_to < last_of_month
    last = min(valid_to.day, full) if ends_inside and valid_to is not None else full
    return max(1, last - first + 1)


def prorate(amount: Decimal, days: int, period: date) -> Decimal:
    full = days_per_month(period)
    if days >= full:
        return amount
    return (amount * days / full).quantize(CENT, rounding=ROUND_HALF_UP)


def lines_from_affiliations(employer: Employer, period: date) -> list[LineInput]:
    """One line per worker with an affiliation with the employer in force in the month: days from
    the affiliation's dates, the salary in force at the end of the month (pro-rated by days and
    never under the pro-rated minimum wage), the novelty the dates show."""
    end = month_end(period)
    affiliations = (
        Affiliation.objects.filter(employer=employer, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period))
        .select_related("person")
        .order_by("person_id", "valid_from")
    )
    latest: dict[int, Affiliation] = {a.person_id: a for a in affiliations}  # the last one wins
    salaries: dict[int, SalaryRecord] = {}
    records = (
        SalaryRecord.objects.filter(
            affiliation__employer=employer, affiliation__valid_from__lte=end, valid_from__lte=end
        )
        .filter(Q(affiliation__valid_to__isnull=True) | Q(affiliation__valid_to__gte=period))
        .order_by("affiliation_id", "valid_from")
    )
    for record in records:
        salaries[record.affiliation_id] = record
    declared = [
        latest[person_id]
        for person_id in sorted(latest)
        if latest[person_id].pk in salaries and latest[person_id].person.national_id
    ]
    lines = []
    for number, affiliation in enumerate(declared, start=1):
        record = salaries[affiliation.pk]
        days = line_days(affiliation.valid_from, affiliation.valid_to, period)
        salary = max(prorate(record.salary, days, period), minimum_for_days(period, days))
        lines.append(
            LineInput(
                row=number,
                cedula=str(affiliation.person.national_id or ""),
                salary=salary,
                days=days,
                novelty=_novelty(affiliation, record, period),
            )
        )
    return lines


def _novelty(affiliation: Affiliation, record: SalaryRecord, period: date) -> str:
    if affiliation.valid_to is not None and affiliation.valid_to <= month_end(period):
        return Novelty.EXIT
    if affiliation.valid_from >= period:
        return Novelty.ENTRY
    if record.valid_from >= period and record.valid_from > affiliation.valid_from:
        return Novelty.SALARY_CHANGE
    return Novelty.NONE


# --- set-based ----------------------------------------------------------------------------

_DAY_OF = {
    "postgresql": "CAST(EXTRACT(DAY FROM {}) AS INTEGER)",
    "sqlite": "CAST(strftime('%%d', {}) AS INTEGER)",
}

_LINES_SQL = """
CREATE TEMPORARY TABLE {lines} AS
WITH ranked AS (
    SELECT a.employer_id, a.person_id, a.id AS affiliation_id, a.valid_from, a.valid_to,
           s.valid_from AS salary_from, CAST(ROUND(s.salary * 100) AS BIGINT) AS cents,
           ROW_NUMBER() OVER (
               PARTITION BY a.employer_id, a.person_id
               ORDER BY a.valid_from DESC, s.valid_from DESC NULLS LAST
           ) AS nth
    FROM registry_affiliation a
    LEFT JOIN registry_salaryrecord s ON s.affiliation_id = a.id AND s.valid_from <= %(end)s
    WHERE a.employer_id IS NOT NULL
      AND a.valid_from <= %(end)s
      AND (a.valid_to IS NULL OR a.valid_to >= %(start)s)
      {employer_filter}
      AND NOT EXISTS (
          SELECT 1 FROM contributions_payrolldeclaration d
          WHERE d.employer_id = a.employer_id AND d.period = %(start)s
      )
      AND NOT EXISTS (
          SELECT 1 FROM registry_person p WHERE p.id = a.person_id AND p.national_id IS NULL
      )
),
spans AS (
    SELECT ranked.*,
           CASE WHEN valid_from > %(start)s THEN {day_from} ELSE 1 END AS first_day,
           CASE WHEN valid_to IS NOT NULL AND valid_to < %(end)s
                THEN {day_to} ELSE %(full)s END AS last_day
    FROM ranked
    WHERE nth = 1 AND cents IS NOT NULL
),
days AS (
    SELECT spans.*,
           CASE WHEN last_day - first_day + 1 < 1 THEN 1 ELSE last_day - first_day + 1 END
               AS days_worked
    FROM spans
),
amounts AS (
    SELECT days.*,
           CASE WHEN days_worked >= %(full)s THEN cents
                ELSE (2 * cents * days_worked + %(full)s) / (2 * %(full)s) END AS prorated,
           (2 * %(minimum)s * days_worked + %(full)s) / (2 * %(full)s) AS floor_cents
    FROM days
)
SELECT employer_id, person_id, affiliation_id, days_worked,
       CASE WHEN prorated < floor_cents THEN floor_cents ELSE prorated END AS salary_cents,
       CASE WHEN valid_to IS NOT NULL AND valid_to <= %(end)s THEN 'exit'
            WHEN valid_from >= %(start)s THEN 'entry'
            WHEN salary_from >= %(start)s AND salary_from > valid_from THEN 'salary_change'
            ELSE 'none' END AS novelty,
       ROW_NUMBER() OVER (PARTITION BY employer_id ORDER BY person_id) AS row_number
FROM amounts
"""

_DECLARATIONS_SQL = """
INSERT INTO contributions_payrolldeclaration
    (employer_id, period, version, replaces_id, status, source, submitted_at, submitted_by_id,
     line_count, total_salary_cents)
SELECT employer_id, %(start)s, 1, NULL, 'active', 'synth', %(now)s, NULL,
       COUNT(*), SUM(salary_cents)
FROM {lines}
GROUP BY employer_id
"""

_DECLARATION_LINES_SQL = """
INSERT INTO contributions_declarationline
    (declaration_id, row_number, person_id, affiliation_id, salary_cents, days_worked, novelty)
SELECT d.id, t.row_number, t.person_id, t.affiliation_id, t.salary_cents, t.days_worked,
       t.novelty
FROM {lines} t
JOIN contributions_payrolldeclaration d
  ON d.employer_id = t.employer_id AND d.period = %(start)s AND d.status = 'active'
"""


class _Steps:
    """Seconds per named step, printed when ``progress``."""

    def __init__(self, progress: bool) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[name] = round(time.perf_counter() - started, 2)
        if self.progress:
            sys.stdout.write(f"  {name}: {self.seconds[name]:.1f} s\n")
            sys.stdout.flush()


# PostgreSQL checks a foreign key row by row (three lookups per line, at commit) and grows five
# indexes row by row: about 60 microseconds a line, measured on the national synthetic month.
# Taking the table's foreign keys, unique constraints and secondary indexes off, inserting, and
# putting them back (an index rebuilt once is a sort; a re-added constraint checks every row
# with one join) costs about 8 microseconds per row of the whole table, so it pays while the
# table holds less than about seven times the batch: it is done for batches of at least
# REBUILD_MIN_ROWS when the table has at most REBUILD_FACTOR times their rows. The tables are
# locked meanwhile (the generator is a batch job, not the employers' intake).
REBUILD_MIN_ROWS = 50_000
REBUILD_FACTOR = 6

_OWN_CONSTRAINTS_SQL = """
SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint
WHERE conrelid = %s::regclass AND contype IN ('f', 'u')
"""
_OWN_INDEXES_SQL = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
  )
"""


def _worth_rebuilding(cursor: Any, table: str, new_rows: int) -> bool:
    if new_rows < REBUILD_MIN_ROWS:
        return False
    existing = _scalar(
        cursor, "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table]
    )
    if existing < 0:  # never analysed
        existing = _scalar(cursor, f"SELECT COUNT(*) FROM {table}")
    return new_rows * REBUILD_FACTOR >= existing


@contextmanager
def _pg_rebuilt(cursor: Any, tables: Sequence[str], steps: _Steps) -> Iterator[None]:
    """Take the tables' foreign keys, unique constraints and secondary indexes off for the
    block and put them back after it (checking every row)."""
    quote = connection.ops.quote_name
    # Altering a table with pending deferred checks (rows written earlier in this transaction,
    # say by the synthetic registry load) is refused: run those checks now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    saved = []
    for table in tables:
        cursor.execute(_OWN_CONSTRAINTS_SQL, [table])
        constraints = sorted(cursor.fetchall(), key=lambda row: "fu".index(row[2]))
        cursor.execute(_OWN_INDEXES_SQL, [table])
        indexes = cursor.fetchall()
        for name, _definition, _kind in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        saved.append((table, constraints, indexes))
    yield
    with steps.step("índices y restricciones"):
        for table, constraints, indexes in saved:
            for name, definition in indexes:
                with steps.step(f"· {name}"):
                    cursor.execute(definition)
            for name, definition, kind in constraints:
                if kind == "u":
                    with steps.step(f"· {name}"):
                        cursor.execute(
                            f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
                        )
        for table, constraints, _indexes in saved:
            for name, definition, kind in constraints:
                if kind == "f":
                    with steps.step(f"· {name}"):
                        cursor.execute(
                            f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
                        )
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys: deferred to commit


def lines_sql(vendor: str, *, filtered: bool) -> str:
    day_of = _DAY_OF[vendor]
    employer_filter = f"AND a.employer_id IN (SELECT id FROM {EMPLOYERS})" if filtered else ""
    return _LINES_SQL.format(
        lines=LINES,
        employer_filter=employer_filter,
        day_from=day_of.format("valid_from"),
        day_to=day_of.format("valid_to"),
    )


def _scalar(cursor: Any, sql: str, params: Any = None) -> int:
    cursor.execute(sql, params or [])
    row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


@transaction.atomic
def bulk_generate(
    *,
    period: date,
    end: date,
    full_month: int,
    minimum_cents: int,
    employer_ids: Sequence[int] | None,
    progress: bool,
) -> int:
    vendor = connection.vendor
    if vendor not in _DAY_OF:
        raise RuntimeError(f"unsupported database for bulk declarations: {vendor}")
    ops = connection.ops
    params = {
        "start": ops.adapt_datefield_value(period),
        "end": ops.adapt_datefield_value(end),
        "full": full_month,
        "minimum": minimum_cents,
        "now": ops.adapt_datetimefield_value(timezone.now()),
    }
    steps = _Steps(progress)
    if progress:
        sys.stdout.write(f"Planillas de {period:%Y-%m} desde las afiliaciones vigentes\n")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {LINES}")
        cursor.execute(f"DROP TABLE IF EXISTS {EMPLOYERS}")
        if employer_ids is not None:
            cursor.execute(f"CREATE TEMPORARY TABLE {EMPLOYERS} (id BIGINT PRIMARY KEY)")
            cursor.executemany(
                f"INSERT INTO {EMPLOYERS} (id) VALUES (%s)", [(int(i),) for i in set(employer_ids)]
            )
        if vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")  # compiling these plans costs more than it saves
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        with steps.step("líneas en vigor"):
            sql = lines_sql(vendor, filtered=employer_ids is not None)
            cursor.execute(sql, params)
            lines = _scalar(cursor, f"SELECT COUNT(*) FROM {LINES}")
            employers = _scalar(cursor, f"SELECT COUNT(DISTINCT employer_id) FROM {LINES}")
        rebuilt = [
            table
            for table, rows in ((DECLARATIONS, employers), (DECLARATION_LINES, lines))
            if vendor == "postgresql" and _worth_rebuilding(cursor, table, rows)
        ]
        with _pg_rebuilt(cursor, rebuilt, steps) if rebuilt else nullcontext():
            with steps.step("planillas"):
                cursor.execute(_DECLARATIONS_SQL.format(lines=LINES), params)
                declarations = cursor.rowcount
            with steps.step("líneas de planilla"):
                cursor.execute(_DECLARATION_LINES_SQL.format(lines=LINES), params)
        total = _scalar(cursor, f"SELECT SUM(salary_cents) FROM {LINES}")
        cursor.execute(f"DROP TABLE IF EXISTS {LINES}")
        cursor.execute(f"DROP TABLE IF EXISTS {EMPLOYERS}")
        if vendor == "postgresql":
            with steps.step("ANALYZE"):
                cursor.execute("ANALYZE contributions_payrolldeclaration")
                cursor.execute("ANALYZE contributions_declarationline")
    AuditEvent.objects.create(
        actor=None,
        action="declaration.generate_bulk",
        target_type="contributions.period",
        target_id=f"{period:%Y-%m}",
        summary=(
            f"Planillas sintéticas de {period:%Y-%m}: {declarations} planillas, {lines} líneas"
        ),
        data={
            "period": period.isoformat(),
            "declarations": declarations,
            "lines": lines,
            "total_salary_cents": total,
            "employer_ids": len(employer_ids) if employer_ids is not None else None,
            "rebuilt": rebuilt,
            "seconds": steps.seconds,
        },
    )
    return lines
