"""`seguro close-month YYYY-MM`: assess every declaration and personal obligation of a month.

The run freezes its work list (chunks of employers and of personal affiliates) when it starts.
Each chunk commits in one transaction with everything it produces: obligations, contribution
history, ledger entries and the chunk's done-mark. So closing a month twice changes nothing, and
a close killed midway resumes at the first chunk not done without posting anything twice.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from seguro.batch.close_month import (
    LINE_SCHEMA,
    assess_lines,
    ledger_entries_from,
    months_with_employer,
    obligations_from,
    with_fund_cents,
)
from seguro.batch.engine import read_frame, reserve_ids, write_frame
from seguro.contributions.models import ContributionRecord, Obligation
from seguro.contributions.selectors import CLOSE_JOB, due_date_of
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.core.models import JobChunk, JobRun
from seguro.ledger.services import ledger_post

CHUNK_LINES = 250_000  # large enough that each chunk's joins pay off; ~100 MB of frames
# Chunks closed at once on PostgreSQL, each on its own connection: while one writes, another
# reads and assesses the next. Side by side on this 2-core machine (national April 2023, 3.3 M
# lines) one worker took 55.5 s and two 40.3 s; SQLite has one writer, so it always closes one
# chunk at a time.
CLOSE_WORKERS = 2
KILL_AFTER_CHUNK_ENV = "SEGURO_FAULT_KILL_AFTER_CHUNK"  # fault injection for the resume test

KIND_BY_REGIME = {
    "private_employee": "payroll",
    "public_servant": "payroll",
    "bank_or_local_government": "payroll",
    "self_employed": "self_employed",
    "voluntary": "voluntary",
    "voluntary_abroad": "voluntary",
    "home_work": "home_work",
    "rural_head_of_family": "rural_head",
}
PERSONAL_REGIMES = [r for r, kind in KIND_BY_REGIME.items() if kind != "payroll"]

_SPOUSE = """EXISTS (SELECT 1 FROM registry_dependent dp WHERE dp.holder_id = {person}
    AND dp.kind = 'spouse' AND dp.valid_from <= %s
    AND (dp.valid_to IS NULL OR dp.valid_to >= %s))"""

PAYROLL_LINES_SQL = f"""
SELECT l.person_id, d.employer_id, l.affiliation_id, d.id AS declaration_id, a.regime,
       l.salary_cents, l.days_worked, a.valid_from AS affiliation_start,
       CASE WHEN a.reserve_fund_mode = 'accumulated' THEN 1 ELSE 0 END AS reserve_fund_accumulated,
       CASE WHEN {_SPOUSE.format(person="l.person_id")} THEN 1 ELSE 0 END AS spouse_extension,
       c.province_id AS province_code, e.canton_id AS canton_code
FROM contributions_declarationline l
JOIN contributions_payrolldeclaration d ON d.id = l.declaration_id
JOIN registry_affiliation a ON a.id = l.affiliation_id
JOIN registry_employer e ON e.id = d.employer_id
JOIN registry_canton c ON c.code = e.canton_id
WHERE d.period = %s AND d.status = 'active' AND d.employer_id BETWEEN %s AND %s
ORDER BY d.employer_id, l.row_number
"""

PERSONAL_LINES_SQL = f"""
SELECT a.person_id, NULL AS employer_id, a.id AS affiliation_id, NULL AS declaration_id,
       a.regime,
       CAST(ROUND(COALESCE((SELECT s.salary FROM registry_salaryrecord s
             WHERE s.affiliation_id = a.id AND s.valid_from <= %s
             ORDER BY s.valid_from DESC LIMIT 1), 0) * 100) AS BIGINT) AS salary_cents,
       30 AS days_worked, a.valid_from AS affiliation_start,
       0 AS reserve_fund_accumulated,
       CASE WHEN {_SPOUSE.format(person="a.person_id")} THEN 1 ELSE 0 END AS spouse_extension,
       c.province_id AS province_code, p.canton_id AS canton_code
FROM registry_affiliation a
JOIN registry_person p ON p.id = a.person_id
JOIN registry_canton c ON c.code = p.canton_id
WHERE a.employer_id IS NULL AND a.regime IN ({", ".join(["%s"] * len(PERSONAL_REGIMES))})
  AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to >= %s)
  AND (p.death_date IS NULL OR p.death_date >= %s)
  AND a.person_id BETWEEN %s AND %s
ORDER BY a.person_id, a.valid_from DESC
"""


@dataclass(frozen=True)
class Chunk:
    number: int
    kind: str  # "payroll" (employer id range) or "personal" (person id range)
    low: int
    high: int


def month_end(period: date) -> date:
    following = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _cut(ids_and_weights: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    weight = 0
    last = 0
    for key, w in ids_and_weights:
        if start is None:
            start = key
        if weight and weight + w > limit:
            ranges.append((start, last))
            start, weight = key, 0
        weight += w
        last = key
    if start is not None:
        ranges.append((start, last))
    return ranges


def plan_chunks(period: date, chunk_lines: int) -> list[Chunk]:
    """Freeze the month's work list: employers by declared lines, affiliates by count."""
    end = month_end(period)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT employer_id, line_count FROM contributions_payrolldeclaration "
            "WHERE period = %s AND status = 'active' ORDER BY employer_id",
            [period],
        )
        employers = [(int(e), int(n)) for e, n in cursor.fetchall()]
        marks = ", ".join(["%s"] * len(PERSONAL_REGIMES))
        cursor.execute(
            "SELECT DISTINCT a.person_id FROM registry_affiliation a "
            f"WHERE a.employer_id IS NULL AND a.regime IN ({marks}) "
            "AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to >= %s) "
            "ORDER BY a.person_id",
            [*PERSONAL_REGIMES, end, period],
        )
        people = [(int(row[0]), 1) for row in cursor.fetchall()]
    chunks = [Chunk(0, "payroll", lo, hi) for lo, hi in _cut(employers, chunk_lines)]
    chunks += [Chunk(0, "personal", lo, hi) for lo, hi in _cut(people, chunk_lines)]
    return [Chunk(i, c.kind, c.low, c.high) for i, c in enumerate(chunks)]


def _normalise(frame: pl.DataFrame, period: date) -> pl.DataFrame:
    """Same types from both engines (SQLite returns dates as text and booleans as 0/1)."""
    start = pl.col("affiliation_start")
    if frame.schema.get("affiliation_start") == pl.Utf8:
        start = start.str.to_date()
    frame = frame.with_columns(
        months_with_employer(period, start.cast(pl.Date)).alias("months_with_employer"),
        pl.col("reserve_fund_accumulated").cast(pl.Boolean),
        pl.col("spouse_extension").cast(pl.Boolean),
    ).drop("affiliation_start")
    return frame.select([pl.col(c).cast(t) for c, t in LINE_SCHEMA.items()])


QUERY_SCHEMA = {
    "person_id": pl.Int64,
    "employer_id": pl.Int64,
    "affiliation_id": pl.Int64,
    "declaration_id": pl.Int64,
    "regime": pl.Utf8,
    "salary_cents": pl.Int64,
    "days_worked": pl.Int64,
    "affiliation_start": pl.Date,
    "reserve_fund_accumulated": pl.Int64,
    "spouse_extension": pl.Int64,
    "province_code": pl.Utf8,
    "canton_code": pl.Utf8,
}


def read_chunk_lines(chunk: Chunk, period: date) -> pl.DataFrame:
    end = month_end(period)
    # SQLite hands back text dates, so only PostgreSQL gets the typed schema up front.
    schema = QUERY_SCHEMA if connection.vendor == "postgresql" else None
    if chunk.kind == "payroll":
        frame = read_frame(
            connection, PAYROLL_LINES_SQL, [end, period, period, chunk.low, chunk.high], schema
        )
    else:
        params = [end, end, period, *PERSONAL_REGIMES, end, period, period, chunk.low, chunk.high]
        frame = read_frame(connection, PERSONAL_LINES_SQL, params, schema)
        # One personal obligation per person and kind: keep the latest affiliation of each.
        frame = frame.with_columns(
            pl.col("regime").replace_strict(KIND_BY_REGIME).alias("_kind")
        ).unique(subset=["person_id", "_kind"], keep="first", maintain_order=True)
        frame = frame.drop("_kind")
    if frame.height == 0:
        return pl.DataFrame(schema=LINE_SCHEMA)
    return _normalise(frame, period)


OBLIGATION_COLUMNS = [
    "id",
    "kind",
    "period",
    "employer_id",
    "person_id",
    "declaration_id",
    "province_code",
    "canton_code",
    "employee_cents",
    "employer_cents",
    "reserve_fund_cents",
    "spouse_extension_cents",
    "total_cents",
    "due_date",
    "paid_cents",
    "close_run_id",
    "fund_cents",
]
RECORD_COLUMNS = [
    "person_id",
    "employer_id",
    "affiliation_id",
    "obligation_id",
    "period",
    "regime",
    "salary_cents",
    "days_worked",
    "employee_cents",
    "employer_cents",
    "reserve_fund_cents",
]


def close_chunk(run: JobRun, chunk: Chunk, period: date) -> dict[str, int]:
    """Assess one chunk and write everything it produces (caller holds the transaction)."""
    if connection.vendor == "postgresql":
        # PostgreSQL's JIT compiles the chunk's two big queries anew each time: ~2.5 s a query
        # here, longer than running them; the plans are joins and sorts it cannot speed up.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    lines = read_chunk_lines(chunk, period)
    assessed = assess_lines(lines, period)
    debtor = "employer_id" if chunk.kind == "payroll" else "person_id"
    debts = with_fund_cents(
        obligations_from(
            assessed, debtor=debtor, kind_by_regime=KIND_BY_REGIME, due_date=due_date_of(period)
        )
    )
    ids = reserve_ids(connection, Obligation._meta.db_table, debts.height)
    other = "person_id" if debtor == "employer_id" else "employer_id"
    debts = debts.with_columns(
        ids.alias("obligation_id"),
        pl.lit(None, dtype=pl.Int64).alias(other),
        pl.lit(period).alias("period"),
        pl.lit(0, dtype=pl.Int64).alias("paid_cents"),
        pl.lit(run.pk, dtype=pl.Int64).alias("close_run_id"),
    )
    write_frame(
        connection,
        Obligation._meta.db_table,
        debts.rename({"obligation_id": "id"}).select(OBLIGATION_COLUMNS),
    )
    records = assessed.with_columns(
        pl.col("regime").replace_strict(KIND_BY_REGIME).alias("kind")
    ).join(debts.select([debtor, "kind", "obligation_id"]), on=[debtor, "kind"], how="left")
    records = records.with_columns(
        pl.lit(period).alias("period"),
        pl.col("employee").alias("employee_cents"),
        pl.col("employer").alias("employer_cents"),
        pl.col("reserve_fund").alias("reserve_fund_cents"),
    )
    # In the order of the history's (person, period, obligation) index, so each of its pages is
    # touched once per chunk instead of once per row.
    records = records.select(RECORD_COLUMNS).sort("person_id")
    write_frame(connection, ContributionRecord._meta.db_table, records)
    entries = ledger_entries_from(debts, period, document_id=run.pk)
    batch = ledger_post(
        key=f"{CLOSE_JOB}:{period:%Y-%m}:{chunk.number}",
        job=CLOSE_JOB,
        period=period,
        entries=entries,
    )
    return {
        "lines": lines.height,
        "obligations": debts.height,
        "entries": batch.entry_count,
        "assessed_cents": int(debts["total_cents"].sum() or 0),
    }


def _close_in_threads(
    close_one: Callable[[Chunk], None], pending: list[Chunk], workers: int
) -> None:
    """Each thread takes the next chunk and closes it on its own database connection."""

    def run_on_own_connection(chunk: Chunk) -> None:
        try:
            close_one(chunk)
        finally:
            connection.close()  # this thread's connection; the pool thread may take another

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(run_on_own_connection, chunk) for chunk in pending]:
            future.result()  # re-raises the first failure; committed chunks stay done


@dataclass(frozen=True)
class CloseResult:
    period: date
    already_closed: bool
    chunks_done_now: int
    counts: dict[str, int]


def month_close(
    *,
    actor: Any,
    period: date,
    chunk_lines: int = CHUNK_LINES,
    progress: Callable[[int, int], None] | None = None,
    workers: int = CLOSE_WORKERS,
) -> CloseResult:
    """Close (or resume closing) a month. Rerunning a closed month changes nothing."""
    period = period.replace(day=1)
    if period > timezone.localdate().replace(day=1):
        raise DomainError(
            f"el mes {period:%Y-%m} aún no empieza; no se puede cerrar.", field="período"
        )
    with transaction.atomic():
        run, created = JobRun.objects.select_for_update().get_or_create(
            job=CLOSE_JOB,
            period=period,
            defaults={"status": JobRun.Status.RUNNING},
        )
        if created:
            chunks = plan_chunks(period, chunk_lines)
            run.plan = {"chunks": [[c.kind, c.low, c.high] for c in chunks]}
            run.save(update_fields=["plan"])
            audit_event_record(
                actor=actor,
                action="close-month.start",
                target=run,
                summary=f"Inicio del cierre de {period:%Y-%m}: {len(chunks)} lotes",
                data={"chunks": len(chunks)},
            )
    if run.status == JobRun.Status.DONE:
        return CloseResult(period, True, 0, run.counts)
    chunks = [Chunk(i, k, lo, hi) for i, (k, lo, hi) in enumerate(run.plan["chunks"])]
    done = set(run.chunks.values_list("number", flat=True))
    pending = [chunk for chunk in chunks if chunk.number not in done]
    kill_after = os.environ.get(KILL_AFTER_CHUNK_ENV)
    finished = len(done)
    lock = threading.Lock()
    if progress:
        progress(finished, len(chunks))

    def close_one(chunk: Chunk) -> None:
        nonlocal finished
        with transaction.atomic():
            counts = close_chunk(run, chunk, period)
            JobChunk.objects.create(run=run, number=chunk.number, counts=counts)
        with lock:
            finished += 1
            if progress:
                progress(finished, len(chunks))
        if kill_after is not None and chunk.number == int(kill_after):
            os.kill(os.getpid(), signal.SIGKILL)  # a crash right after a committed chunk

    # Threads need their own connections, which cannot see an enclosing uncommitted transaction
    # (a test's, or a caller's): inside one, the chunks run one after another.
    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
    if not parallel or workers <= 1 or len(pending) <= 1:
        for chunk in pending:
            close_one(chunk)
    else:
        _close_in_threads(close_one, pending, workers)
    finished_now = len(pending)
    with transaction.atomic():
        run = JobRun.objects.select_for_update().get(pk=run.pk)
        totals: dict[str, int] = {}
        for chunk_counts in run.chunks.values_list("counts", flat=True):
            for key, value in chunk_counts.items():
                totals[key] = totals.get(key, 0) + int(value)
        run.counts = totals
        run.status = JobRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "status", "finished_at"])
        audit_event_record(
            actor=actor,
            action="close-month.done",
            target=run,
            summary=f"Cierre de {period:%Y-%m} terminado",
            data=totals,
        )
    return CloseResult(period, False, finished_now, totals)
