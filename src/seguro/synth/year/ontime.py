"""On-time payments written set-based, as the banks' daily files bring them: for each day, the
BankImport, Payment, PaymentAllocation, receipt numbers, obligation balances and the one ledger
batch that ``collections.payments.bank_file_import`` writes when it imports that day's file
(tests/synth/test_year_payments.py holds the two paths to the same rows), for the tens of
thousands (nationally, 1.5 million a month) of debtors who pay in full before the due date.

It only takes payments the service would allocate to one obligation with no interest: the
debtor owes nothing older (no earlier unpaid obligation, no fine, no agreement), the payment is
the obligation's total and falls on or before its due date, and the debtor has a RUC or a
cédula (a bank file names the debtor by one of them). The caller guarantees the first
condition (debtors are chosen so); the rest is checked here. The per-payment audit events of
the service are replaced by the step's one event (as the registry load does).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from seguro.batch.engine import read_frame, reserve_ids, write_frame
from seguro.batch.ledger_hash import ENTRY_FIELDS, chain_hash
from seguro.collections.bankfile import bank_file_render
from seguro.collections.models import (
    BankImport,
    Component,
    Payment,
    PaymentAllocation,
    PaymentSource,
    Sequence,
)
from seguro.collections.posting import ALLOCATION_DOCUMENT, PAYMENT_JOB, bank_file_batch_key
from seguro.contributions.models import Obligation
from seguro.ledger.models import EntryKind, LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_head_lock

# A frame of payments to write: one row per obligation paid in full on ``paid_on``.
PAYMENTS_SCHEMA = {"obligation_id": pl.Int64, "period": pl.Date, "paid_on": pl.Date}
RECEIPT_SERIES = "receipt"  # the series payment_register numbers receipts with
SQLITE_IDS = 900  # ids per UPDATE ... IN (...) on SQLite (its default limit is 999 variables)


def _obligations(periods: list[date]) -> pl.DataFrame:
    rows = Obligation.objects.filter(period__in=periods).values_list(
        "id",
        "employer_id",
        "person_id",
        "due_date",
        "province_code",
        "total_cents",
        "paid_cents",
        # payment_register files a payment under the debtor's province, not the obligation's
        "employer__canton__province_id",
        "person__canton__province_id",
        "employer__tax_id",  # how the bank file names the debtor
        "person__national_id",
    )
    schema = {
        "obligation_id": pl.Int64,
        "employer_id": pl.Int64,
        "person_id": pl.Int64,
        "due_date": pl.Date,
        "ob_province": pl.Utf8,
        "total_cents": pl.Int64,
        "paid_cents": pl.Int64,
        "employer_province": pl.Utf8,
        "person_province": pl.Utf8,
        "tax_id": pl.Utf8,
        "national_id": pl.Utf8,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row")


ASSESSED_SCHEMA = {"obligation_id": pl.Int64, "fund": pl.Utf8, "amount_cents": pl.Int64}


def _assessed(periods: list[date]) -> pl.DataFrame:
    """Assessed cents per obligation and fund (the obligations' split, `fund_cents`), unpacked
    from the JSON by the database."""
    table = Obligation._meta.db_table
    marks = ", ".join(["%s"] * len(periods))
    if connection.vendor == "postgresql":
        unpack = "jsonb_each_text(o.fund_cents) AS f(key, value)"
    else:
        unpack = "json_each(o.fund_cents) AS f"
    sql = (
        f"SELECT o.id AS obligation_id, f.key AS fund, CAST(f.value AS BIGINT) AS amount_cents "
        f"FROM {table} o, {unpack} WHERE o.period IN ({marks})"
    )
    frame = read_frame(connection, sql, periods, ASSESSED_SCHEMA)
    return frame.select([pl.col(c).cast(t) for c, t in ASSESSED_SCHEMA.items()])


def _periods(frame: pl.DataFrame) -> list[date]:
    return sorted(frame["period"].unique().to_list())


def writable(
    payments: pl.DataFrame, assessed: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(payments this writer takes, the rest for the service): full, unpaid, on time, and the
    ledger's assessed composition sums to the obligation's total with positive parts, and the
    debtor has a RUC or a cédula for the bank file."""
    periods = _periods(payments)
    obligations = _obligations(periods)
    assessed = _assessed(periods) if assessed is None else assessed
    composition = assessed.group_by("obligation_id").agg(
        pl.col("amount_cents").sum().alias("assessed_cents"),
        (pl.col("amount_cents") <= 0).any().alias("non_positive"),
    )
    payments = payments.select(list(PAYMENTS_SCHEMA)).cast(PAYMENTS_SCHEMA)  # type: ignore[arg-type]
    frame = payments.join(obligations, on="obligation_id", how="left").join(
        composition, on="obligation_id", how="left"
    )
    ok = (
        (pl.col("paid_cents") == 0)
        & (pl.col("paid_on") <= pl.col("due_date"))
        & (pl.col("assessed_cents") == pl.col("total_cents"))
        & ~pl.col("non_positive")
        & (pl.col("total_cents") > 0)
        & pl.coalesce("tax_id", "national_id").is_not_null()
    ).fill_null(False)
    return frame.filter(ok), payments.join(frame.filter(ok), on="obligation_id", how="anti")


def _roots(entries: pl.DataFrame) -> pl.DataFrame:
    """Each batch's SHA-256 root over its canonical lines (batch.ledger_hash.root_hash)."""
    parts = [pl.col(name).cast(pl.Utf8).fill_null("") for name in ENTRY_FIELDS]
    lines = (
        entries.sort(["batch_id", "seq"])
        .select("batch_id", pl.concat_str(parts, separator="|").alias("line"))
        .group_by("batch_id", maintain_order=True)
        .agg(pl.col("line").str.join("\n"), pl.len().alias("entry_count"))
    )
    roots = [hashlib.sha256(text.encode()).hexdigest() for text in lines["line"].to_list()]
    return lines.drop("line").with_columns(pl.Series("root_hash", roots))


def stamp(moment: Any) -> pl.Expr:
    """A timestamp column as Django stores one on this database (naive UTC text on SQLite)."""
    value = connection.ops.adapt_datetimefield_value(moment)
    if isinstance(value, str):
        return pl.lit(value, dtype=pl.Utf8)
    return pl.lit(value, dtype=pl.Datetime(time_zone="UTC"))


def _next_receipts(count: int) -> int:
    """Take ``count`` receipt numbers of the gap-free series; returns the first."""
    Sequence.objects.get_or_create(name=RECEIPT_SERIES)
    row = Sequence.objects.select_for_update().get(name=RECEIPT_SERIES)
    first = row.last_value + 1
    row.last_value += count
    row.save(update_fields=["last_value"])
    return int(first)


def _bank_reference() -> pl.Expr:
    """The bank's reference of each synthetic payment: its day and obligation (one each)."""
    return pl.concat_str(
        [
            pl.lit("REC-"),
            pl.col("paid_on").dt.strftime("%Y%m%d"),
            pl.lit("-"),
            pl.col("obligation_id"),
        ]
    )


def day_file_name(day: date) -> str:
    return f"recaudacion-{day:%Y-%m-%d}.csv"


def _day_files(frame: pl.DataFrame, now: Any) -> pl.DataFrame:
    """One BankImport per day: the file the banks sent, its rows in receipt order."""
    files = []
    for (paid_on,), day in frame.group_by("paid_on", maintain_order=True):
        content = bank_file_render(
            day.select(
                "paid_on",
                "reference",
                pl.coalesce("tax_id", "national_id").alias("debtor_id"),
                "total_cents",
            ).rename({"total_cents": "amount_cents"})
        )
        files.append(
            (
                int(day["bank_import_id"][0]),
                day_file_name(paid_on),
                hashlib.sha256(content).hexdigest(),
                day.height,
                int(day["total_cents"].sum()),
            )
        )
    schema = {
        "id": pl.Int64,
        "file_name": pl.Utf8,
        "sha256": pl.Utf8,
        "row_count": pl.Int64,
        "total_cents": pl.Int64,
    }
    return pl.DataFrame(files, schema=schema, orient="row").with_columns(
        stamp(now).alias("imported_at")
    )


def _entries(frame: pl.DataFrame, assessed: pl.DataFrame) -> pl.DataFrame:
    """Paid in full: each fund receives exactly what was assessed (split_pro_rata of the total
    over the assessed composition). A day's batch holds its payments in receipt order, each
    payment's entries in fund order, as BankFilePosting collects them."""
    return (
        frame.select(
            "obligation_id",
            "batch_id",
            "receipt_number",
            "allocation_id",
            "period",
            "ob_province",
            "employer_id",
            "person_id",
        )
        .join(assessed, on="obligation_id")
        .sort(["batch_id", "receipt_number", "fund"])
        .with_columns(
            (pl.int_range(pl.len()).over("batch_id") + 1).cast(pl.Int64).alias("seq"),
            pl.lit(EntryKind.PAID.value).alias("kind"),
            pl.lit(ALLOCATION_DOCUMENT).alias("document_type"),
        )
        .rename({"ob_province": "province_code", "allocation_id": "document_id"})
        .select(["batch_id", *ENTRY_FIELDS])
    )


def _batches(frame: pl.DataFrame, entries: pl.DataFrame, now: Any) -> pl.DataFrame:
    """The days' batches (named by their file's ``sha256``), chained after the ledger's head
    (locked and moved to the last)."""
    days = (
        frame.group_by("batch_id", maintain_order=True)
        .agg(pl.col("paid_on").first(), pl.col("sha256").first())
        .join(_roots(entries), on="batch_id")
        .join(
            entries.group_by("batch_id").agg(pl.col("amount_cents").sum().alias("total")),
            on="batch_id",
        )
    )
    head = ledger_head_lock()
    previous = head.chain_hash
    rows = []
    for batch_id, sha256, paid_on, entry_count, root, total in days.select(
        "batch_id", "sha256", "paid_on", "entry_count", "root_hash", "total"
    ).iter_rows():
        month = date(paid_on.year, paid_on.month, 1)
        key = bank_file_batch_key(sha256, month)
        link = chain_hash(previous, key, root, int(entry_count), int(total))
        rows.append(
            (batch_id, key, PAYMENT_JOB, month, int(entry_count), int(total), root, previous, link)
        )
        previous = link
    schema = {
        "id": pl.Int64,
        "key": pl.Utf8,
        "job": pl.Utf8,
        "period": pl.Date,
        "entry_count": pl.Int64,
        "total_cents": pl.Int64,
        "root_hash": pl.Utf8,
        "previous_hash": pl.Utf8,
        "chain_hash": pl.Utf8,
    }
    batches = pl.DataFrame(rows, schema=schema, orient="row").with_columns(
        stamp(now).alias("posted_at")
    )
    head.chain_hash = previous
    head.save(update_fields=["chain_hash"])
    return batches


def on_time_payments_write(payments: pl.DataFrame, *, leave_others: bool = False) -> dict[str, int]:
    """Write ``payments`` (PAYMENTS_SCHEMA rows the caller vouches for, see the module doc)
    inside the caller's transaction; returns the rows written. Refuses rows it cannot take,
    or with ``leave_others`` writes the others and counts the rest as ``left``."""
    if payments.height == 0:
        return {"payments": 0, "entries": 0, "left": 0}
    assessed = _assessed(_periods(payments))
    frame, rest = writable(payments, assessed)
    if rest.height and not leave_others:
        raise ValueError(f"{rest.height} payments are not plain on-time payments")
    if frame.height == 0:
        return {"payments": 0, "entries": 0, "left": rest.height}
    frame = frame.with_columns(
        pl.coalesce("employer_province", "person_province").alias("province_code")
    ).sort(["paid_on", "obligation_id"])
    count = frame.height
    first_receipt = _next_receipts(count)
    day_number = pl.col("paid_on").rank("dense").cast(pl.Int64) - 1
    day_count = frame["paid_on"].n_unique()
    import_ids = reserve_ids(connection, BankImport._meta.db_table, day_count)
    batch_ids = reserve_ids(connection, LedgerBatch._meta.db_table, day_count)
    frame = frame.with_columns(
        pl.Series("receipt_number", range(first_receipt, first_receipt + count), pl.Int64),
        reserve_ids(connection, Payment._meta.db_table, count).alias("payment_id"),
        reserve_ids(connection, PaymentAllocation._meta.db_table, count).alias("allocation_id"),
        import_ids.gather(frame.select(day_number).to_series()).alias("bank_import_id"),
        batch_ids.gather(frame.select(day_number).to_series()).alias("batch_id"),
    ).with_columns(_bank_reference().alias("reference"))
    now = timezone.now()
    entries = _entries(frame, assessed)
    files = _day_files(frame, now)
    fingerprints = files.select(pl.col("id").alias("bank_import_id"), "sha256")
    batches = _batches(frame.join(fingerprints, on="bank_import_id"), entries, now)
    write_frame(connection, BankImport._meta.db_table, files)
    write_frame(connection, LedgerBatch._meta.db_table, batches)
    write_frame(connection, LedgerEntry._meta.db_table, entries)
    write_frame(
        connection,
        Payment._meta.db_table,
        frame.select(
            pl.col("payment_id").alias("id"),
            "receipt_number",
            "employer_id",
            "person_id",
            "province_code",
            "paid_on",
            pl.col("total_cents").alias("amount_cents"),
            pl.lit(PaymentSource.BANK.value).alias("source"),
            pl.col("reference").alias("bank_reference"),
            "bank_import_id",
            pl.col("batch_id").alias("ledger_batch_id"),
            stamp(now).alias("registered_at"),
        ),
    )
    write_frame(
        connection,
        PaymentAllocation._meta.db_table,
        frame.select(
            pl.col("allocation_id").alias("id"),
            "payment_id",
            pl.lit(1, dtype=pl.Int64).alias("seq"),
            pl.lit(Component.PRINCIPAL.value).alias("component"),
            "obligation_id",
            pl.col("total_cents").alias("amount_cents"),
            pl.lit(False).alias("in_arrears"),
        ),
    )
    _obligations_settle(frame)
    return {"payments": count, "entries": entries.height, "left": rest.height}


def _obligations_settle(frame: pl.DataFrame) -> None:
    """Paid in full: one UPDATE per payment day (PostgreSQL: the ids as an array)."""
    table = Obligation._meta.db_table
    with connection.cursor() as cursor:
        for (paid_on,), day in frame.select("obligation_id", "paid_on").group_by("paid_on"):
            ids = day["obligation_id"].to_list()
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} SET paid_cents = total_cents, paid_on = %s WHERE id = ANY(%s)",
                    [paid_on, ids],
                )
                continue
            for start in range(0, len(ids), SQLITE_IDS):
                chunk = ids[start : start + SQLITE_IDS]
                cursor.execute(
                    f"UPDATE {table} SET paid_cents = total_cents, paid_on = %s "
                    f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                    [paid_on, *chunk],
                )
