"""The set-based on-time payments write what bank_file_import writes for the same payments,
one bank file a day."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from django.db import transaction

from seguro.batch.ledger_hash import root_hash
from seguro.collections.bankfile import bank_file_render
from seguro.collections.models import BankImport, Payment, PaymentAllocation
from seguro.collections.payments import bank_file_import
from seguro.contributions.close import month_close
from seguro.contributions.declarations import declarations_generate_bulk
from seguro.contributions.models import Obligation
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ENTRY_SCHEMA, ledger_verify
from seguro.synth.services import synth_registry
from seguro.synth.year.ontime import day_file_name, on_time_payments_write

PERIOD = date(2022, 1, 1)


def _rows() -> dict[str, Any]:
    """Everything a payment writes, with database ids replaced by business keys."""
    receipts = dict(Payment.objects.values_list("id", "receipt_number"))
    allocations = {a.pk: (receipts[a.payment_id], a.seq) for a in PaymentAllocation.objects.all()}
    return {
        "payments": sorted(
            Payment.objects.values_list(
                "receipt_number",
                "employer_id",
                "person_id",
                "province_code",
                "paid_on",
                "amount_cents",
                "source",
                "bank_reference",
                "bank_import__sha256",
                "registered_by",
                "ledger_batch__key",
            )
        ),
        "imports": sorted(
            BankImport.objects.values_list(
                "file_name", "sha256", "row_count", "total_cents", "imported_by"
            )
        ),
        "allocations": sorted(
            (
                receipts[a.payment_id],
                a.seq,
                a.component,
                a.obligation_id,
                a.fine_id,
                a.amount_cents,
                a.in_arrears,
                a.agreement_item_id,
                a.instalment_id,
            )
            for a in PaymentAllocation.objects.all()
        ),
        "batches": sorted(
            LedgerBatch.objects.filter(job="collections-payment").values_list(
                "key", "job", "period", "entry_count", "total_cents"
            )
        ),
        "entries": sorted(
            (
                e.batch.key,
                e.seq,
                e.fund,
                e.kind,
                e.amount_cents,
                e.period,
                e.province_code,
                e.employer_id,
                e.person_id,
                e.document_type,
                allocations[e.document_id],
            )
            for e in LedgerEntry.objects.filter(kind="paid").select_related("batch")
        ),
        "obligations": sorted(
            Obligation.objects.filter(paid_cents__gt=0).values_list("id", "paid_cents", "paid_on")
        ),
    }


@pytest.mark.django_db
def test_set_based_on_time_payments_equal_the_service() -> None:
    synth_registry(scope="loja-2022", scale=0.005, seed=7, progress=False)
    declarations_generate_bulk(period=PERIOD, progress=False)
    month_close(actor=None, period=PERIOD)
    # Employers and personal affiliates, paid on days up to the due date (15/02/2022).
    chosen = list(Obligation.objects.filter(employer__isnull=False).order_by("id")[:15]) + list(
        Obligation.objects.filter(person__isnull=False).order_by("id")[:15]
    )
    assert len(chosen) == 30 and all(o.due_date == date(2022, 2, 15) for o in chosen)
    days = {o.pk: date(2022, 2, 1 + i % 15) for i, o in enumerate(chosen)}
    order = sorted(chosen, key=lambda o: (days[o.pk], o.pk))

    with transaction.atomic():
        for day in sorted(set(days.values())):
            rows = [
                (
                    day,
                    f"REC-{day:%Y%m%d}-{o.pk}",
                    o.employer.tax_id if o.employer else o.person.national_id,
                    o.total_cents,
                )
                for o in order
                if days[o.pk] == day
            ]
            content = bank_file_render(
                pl.DataFrame(
                    rows,
                    schema=["paid_on", "reference", "debtor_id", "amount_cents"],
                    orient="row",
                )
            )
            bank_file_import(actor=None, file_name=day_file_name(day), content=content)
        by_service = _rows()
        transaction.set_rollback(True)

    frame = pl.DataFrame(
        [(o.pk, o.period, days[o.pk]) for o in chosen],
        schema={"obligation_id": pl.Int64, "period": pl.Date, "paid_on": pl.Date},
        orient="row",
    )
    with transaction.atomic():
        written = on_time_payments_write(frame)
    assert written["payments"] == 30
    written_rows = _rows()
    assert written_rows == by_service
    # 15 days, each one file and one batch; each batch's root is the hash of its stored
    # entries, and the chain verifies.
    assert len(written_rows["imports"]) == len(written_rows["batches"]) == 15
    for batch in LedgerBatch.objects.filter(key__startswith="bank-file:"):
        stored = pl.DataFrame(
            list(batch.entries.order_by("seq").values(*ENTRY_SCHEMA)), schema=ENTRY_SCHEMA
        )
        assert root_hash(stored) == batch.root_hash
    checked, problems = ledger_verify()
    assert checked > 15 and problems == []


@pytest.mark.django_db
def test_set_based_writer_refuses_a_late_payment() -> None:
    synth_registry(scope="loja-2022", scale=0.005, seed=7, progress=False)
    declarations_generate_bulk(period=PERIOD, progress=False)
    month_close(actor=None, period=PERIOD)
    obligation = Obligation.objects.order_by("id").first()
    assert obligation is not None
    # Due 15/02/2022: paid on the 16th it owes interest, which only the service allocates.
    frame = pl.DataFrame(
        [(obligation.pk, obligation.period, date(2022, 2, 16))],
        schema={"obligation_id": pl.Int64, "period": pl.Date, "paid_on": pl.Date},
        orient="row",
    )
    with pytest.raises(ValueError, match="not plain on-time"), transaction.atomic():
        on_time_payments_write(frame)
