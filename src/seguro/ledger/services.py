"""Posting to the ledger and verifying its chain.

`ledger_post` runs inside the caller's transaction (the monthly close, a payment, the payroll),
so the movement and the business records commit or vanish together. A key posts once: posting
it again returns the batch already there, which is what makes reruns harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db import connection, transaction

from seguro.batch.engine import read_frame, write_frame
from seguro.batch.ledger_hash import ENTRY_FIELDS, GENESIS, chain_hash, root_hash
from seguro.ledger.models import EntryKind, Fund, LedgerBatch, LedgerEntry, LedgerHead

FUNDS = frozenset(Fund.values)
KINDS = frozenset(EntryKind.values)
ENTRY_COLUMNS = [f for f in ENTRY_FIELDS if f != "seq"]


class LedgerError(Exception):
    """A posting that breaks the ledger's own rules (a programming error, not user input)."""


def ledger_head_lock() -> LedgerHead:
    """The chain head, locked for the transaction (created at the genesis hash if missing)."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LedgerHead.objects.get_or_create(pk=1, defaults={"chain_hash": GENESIS})
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


def ledger_post(*, key: str, job: str, period: date, entries: pl.DataFrame) -> LedgerBatch:
    """Append one batch of entries (columns: ENTRY_COLUMNS) unless `key` was posted already."""
    if not transaction.get_connection().in_atomic_block:
        raise LedgerError("ledger_post must run inside the caller's transaction")
    existing = LedgerBatch.objects.filter(key=key).first()
    if existing is not None:
        return existing
    missing = [c for c in ENTRY_COLUMNS if c not in entries.columns]
    if missing:
        raise LedgerError(f"entries lack columns {missing}")
    entries = entries.select(ENTRY_COLUMNS).filter(pl.col("amount_cents") != 0)
    bad_funds = set(entries["fund"].unique().to_list()) - FUNDS
    bad_kinds = set(entries["kind"].unique().to_list()) - KINDS
    if bad_funds or bad_kinds:
        raise LedgerError(f"unknown funds {bad_funds} or kinds {bad_kinds}")
    entries = entries.with_row_index("seq", offset=1).with_columns(pl.col("seq").cast(pl.Int64))
    head = ledger_head_lock()
    root = root_hash(entries)
    count = entries.height
    total = int(entries["amount_cents"].sum()) if count else 0
    batch = LedgerBatch.objects.create(
        key=key,
        job=job,
        period=period,
        entry_count=count,
        total_cents=total,
        root_hash=root,
        previous_hash=head.chain_hash,
        chain_hash=chain_hash(head.chain_hash, key, root, count, total),
    )
    write_frame(
        connection,
        LedgerEntry._meta.db_table,
        entries.with_columns(pl.lit(batch.pk).alias("batch_id")).select(
            ["batch_id", *ENTRY_FIELDS]
        ),
    )
    head.chain_hash = batch.chain_hash
    head.save(update_fields=["chain_hash"])
    return batch


@dataclass(frozen=True)
class LedgerProblem:
    batch_key: str
    message: str  # Spanish, for the auditor


ENTRY_SCHEMA = {
    "seq": pl.Int64,
    "fund": pl.Utf8,
    "kind": pl.Utf8,
    "amount_cents": pl.Int64,
    "period": pl.Date,
    "province_code": pl.Utf8,  # "01": a code, not a number
    "employer_id": pl.Int64,
    "person_id": pl.Int64,
    "document_type": pl.Utf8,
    "document_id": pl.Int64,
}
# The columns ledger_post takes (its callers build their entries with this schema).
POSTING_SCHEMA = {name: dtype for name, dtype in ENTRY_SCHEMA.items() if name != "seq"}


def _batch_entries(batch_id: int) -> pl.DataFrame:
    columns = ", ".join(ENTRY_FIELDS)
    table = LedgerEntry._meta.db_table
    frame = read_frame(
        connection,
        f"SELECT {columns} FROM {table} WHERE batch_id = %s ORDER BY seq",
        [batch_id],
        # SQLite returns text dates, which the hash reads as they are.
        ENTRY_SCHEMA if connection.vendor == "postgresql" else None,
    )
    if frame.height == 0:
        return pl.DataFrame(schema=dict.fromkeys(ENTRY_FIELDS, pl.Utf8))
    return frame


def ledger_verify(*, progress: bool = False) -> tuple[int, list[LedgerProblem]]:
    """Recompute every batch's root and the chain; return (batches checked, problems)."""
    problems: list[LedgerProblem] = []
    previous = GENESIS
    batches = list(LedgerBatch.objects.order_by("id"))
    iterator = batches
    if progress:
        from tqdm import tqdm

        iterator = tqdm(batches, desc="Verificando lotes", unit="lote")
    for batch in iterator:
        entries = _batch_entries(batch.pk)
        count = entries.height
        total = int(entries["amount_cents"].cast(pl.Int64).sum()) if count else 0
        if count != batch.entry_count:
            problems.append(
                LedgerProblem(
                    batch.key,
                    f"tiene {count} asientos y registró {batch.entry_count}: "
                    "se eliminaron o agregaron asientos.",
                )
            )
        root = root_hash(entries) if count else root_hash(entries.clear())
        if root != batch.root_hash or total != batch.total_cents:
            problems.append(
                LedgerProblem(
                    batch.key,
                    "el contenido de sus asientos no coincide con su huella SHA-256: "
                    "un asiento fue modificado.",
                )
            )
        if batch.previous_hash != previous:
            problems.append(
                LedgerProblem(
                    batch.key, "no enlaza con el lote anterior: se eliminó o alteró un lote."
                )
            )
        expected = chain_hash(
            batch.previous_hash, batch.key, batch.root_hash, batch.entry_count, batch.total_cents
        )
        if expected != batch.chain_hash:
            problems.append(LedgerProblem(batch.key, "la cadena del lote fue alterada."))
        previous = batch.chain_hash
    head = LedgerHead.objects.filter(pk=1).first()
    if head is not None and batches and head.chain_hash != previous:
        problems.append(
            LedgerProblem("(cabeza)", "la cabeza de la cadena no es el último lote: faltan lotes.")
        )
    return len(batches), problems
