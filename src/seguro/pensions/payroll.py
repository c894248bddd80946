"""`seguro payroll YYYY-MM`: pay every pension share in force on the month's last day.

The run freezes its work list (the share rows in force, as id ranges in JobRun.plan) when it
starts. Each chunk commits in one transaction with its payment lines, its ledger batch (key
``payroll:YYYY-MM:chunk:N``) and its done-mark, so paying a month twice changes nothing and a
run killed midway resumes at the first chunk not done without paying anyone twice.

Amounts, column-wise with Polars and the rules' column functions:
- the monthly pension is the share row's amount;
- 13th pension (December): thirteenth_pension over the shares accrued in the calendar year;
- 14th pension (March for costa/insular, August for sierra/oriente: the rule's payment_month):
  fourteenth_pension for the months received in the 12 months up to the payment, for the
  family group, split in proportion to the shares (a montepío's 14th is the group's);
- those who chose monthly bonuses receive both as twelfths every month instead;
- the pensioner's contribution (pensions.payroll.pensioner_contribution_rate: 2.76 % until
  2019, zero from 2020) on the monthly pension, then the deductions in force (alimony, BIESS
  loans), never beyond what is left.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import connection, connections, transaction
from django.utils import timezone

from seguro.batch.engine import write_frame
from seguro.core.audit import audit_event_record
from seguro.core.models import JobChunk, JobRun
from seguro.ledger.services import ledger_post
from seguro.pensions.models import PayrollRun, Pension, PensionPayment
from seguro.pensions.payroll_lines import (
    MonthRules,
    chunk_lines,
    month_end,
    month_rules,
    plan_chunks,
    shares_in,
)

__all__ = ["PAYROLL_JOB", "month_end", "payroll_run"]

PAYROLL_JOB = "payroll"
CHUNK_ROWS = 200_000
KILL_AFTER_CHUNK_ENV = "SEGURO_FAULT_KILL_AFTER_CHUNK"  # fault injection for the resume test

PAYMENT_COLUMNS = [
    "period",
    "pension_id",
    "beneficiary_id",
    "person_id",
    "fund",
    "chunk",
    "pension_cents",
    "thirteenth_cents",
    "fourteenth_cents",
    "legal_deduction_cents",
    "other_deductions_cents",
    "net_cents",
]


def ledger_entries(lines: pl.DataFrame, period: date, run_id: int) -> pl.DataFrame:
    """One benefit_paid entry per fund and province: the gross paid (deductions are paid on to
    their creditors out of it)."""
    return (
        lines.group_by(["fund", "province_code"])
        .agg(pl.col("gross_cents").sum().cast(pl.Int64).alias("amount_cents"))
        .sort(["fund", "province_code"])
        .select(
            pl.col("fund"),
            pl.lit("benefit_paid").alias("kind"),
            pl.col("amount_cents"),
            pl.lit(period).alias("period"),
            pl.col("province_code"),
            pl.lit(None, dtype=pl.Int64).alias("employer_id"),
            pl.lit(None, dtype=pl.Int64).alias("person_id"),
            pl.lit("pension_payroll").alias("document_type"),
            pl.lit(run_id, dtype=pl.Int64).alias("document_id"),
        )
    )


def pay_chunk(run: JobRun, number: int, lines: pl.DataFrame, rules: MonthRules) -> dict[str, int]:
    """Write one chunk's payments and its ledger batch (the caller holds the transaction)."""
    if lines.height == 0:
        return {"payments": 0, "gross_cents": 0, "net_cents": 0, "entries": 0}
    lines = lines.with_columns(pl.lit(number, dtype=pl.Int64).alias("chunk"))
    write_frame(connection, PensionPayment._meta.db_table, lines.select(PAYMENT_COLUMNS))
    batch = ledger_post(
        key=f"{PAYROLL_JOB}:{rules.period:%Y-%m}:chunk:{number}",
        job=PAYROLL_JOB,
        period=rules.period,
        entries=ledger_entries(lines, rules.period, run.pk),
    )
    return {
        "payments": lines.height,
        "gross_cents": int(lines["gross_cents"].sum()),
        "net_cents": int(lines["net_cents"].sum()),
        "thirteenth_cents": int(lines["thirteenth_cents"].sum()),
        "fourteenth_cents": int(lines["fourteenth_cents"].sum()),
        "legal_deduction_cents": int(lines["legal_deduction_cents"].sum()),
        "other_deductions_cents": int(lines["other_deductions_cents"].sum()),
        "entries": batch.entry_count,
    }


# --------------------------------------------------------------------------- the run
class _Reader:
    """Reads the next chunk's lines while the current one is written: on PostgreSQL, outside
    any transaction, in a thread with its own connection (the server runs the next query on
    the other core). Reading ahead is safe: a payroll changes none of what it reads. Elsewhere
    (SQLite, or inside a caller's transaction, as in tests) it reads when asked."""

    def __init__(self, rules: MonthRules) -> None:
        self.rules = rules
        self.ahead = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.pool = ThreadPoolExecutor(max_workers=1) if self.ahead else None
        self.pending: Future[pl.DataFrame] | None = None
        self.ranges: list[list[int]] | None = None

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.submit(connections.close_all).result()
            self.pool.shutdown()

    def _read(self, ranges: list[list[int]]) -> pl.DataFrame:
        return chunk_lines(ranges, self.rules) if ranges else pl.DataFrame()

    def ask(self, ranges: list[list[int]] | None) -> None:
        self.ranges = ranges
        if ranges is not None and self.pool is not None:
            self.pending = self.pool.submit(self._read, ranges)

    def take(self) -> pl.DataFrame:
        if self.pending is not None:
            lines = self.pending.result()
            self.pending = None
            return lines
        return self._read(self.ranges or [])


@dataclass(frozen=True)
class PayrollResult:
    period: date
    already_paid: bool
    chunks_done_now: int
    counts: dict[str, int]


def payroll_run(
    *,
    actor: Any,
    period: date,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> PayrollResult:
    """Pay (or resume paying) a month. Paying a month already paid changes nothing."""
    period = period.replace(day=1)
    rules = month_rules(
        period, monthly_bonuses=Pension.objects.filter(monthly_bonuses=True).exists()
    )
    with transaction.atomic():
        run, created = JobRun.objects.select_for_update().get_or_create(
            job=PAYROLL_JOB, period=period, defaults={"status": JobRun.Status.RUNNING}
        )
        if created:
            planned = plan_chunks(period, chunk_rows)
            run.plan = {"chunks": planned, "shares": shares_in(planned)}
            run.save(update_fields=["plan"])
            PayrollRun.objects.update_or_create(
                period=period, defaults={"explanation": rules.explanation}
            )
            audit_event_record(
                actor=actor,
                action="payroll.start",
                target=run,
                summary=f"Inicio de la nómina de pensionistas {period:%Y-%m}: "
                f"{run.plan['shares']} pagos en {len(planned)} lotes",
                data={"chunks": len(planned), "shares": run.plan["shares"]},
            )
    if run.status == JobRun.Status.DONE:
        return PayrollResult(period, True, 0, run.counts)
    chunks: list[list[list[int]]] = run.plan["chunks"]
    done = set(run.chunks.values_list("number", flat=True))
    kill_after = os.environ.get(KILL_AFTER_CHUNK_ENV)
    finished_now = 0
    todo = [(number, ranges) for number, ranges in enumerate(chunks) if number not in done]
    if progress and done:
        progress(len(done), len(chunks))
    with _Reader(rules) as reader:
        reader.ask(todo[0][1] if todo else None)
        for position, (number, _ranges) in enumerate(todo):
            lines = reader.take()
            reader.ask(todo[position + 1][1] if position + 1 < len(todo) else None)
            with transaction.atomic():
                counts = pay_chunk(run, number, lines, rules)
                JobChunk.objects.create(run=run, number=number, counts=counts)
            finished_now += 1
            if progress:
                progress(len(done) + finished_now, len(chunks))
            if kill_after is not None and number == int(kill_after):
                os.kill(os.getpid(), signal.SIGKILL)  # a crash right after a committed chunk
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
            action="payroll.done",
            target=run,
            summary=f"Nómina de pensionistas {period:%Y-%m} terminada",
            data=totals,
        )
    return PayrollResult(period, False, finished_now, totals)
