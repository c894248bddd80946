"""The ledger: idempotent posting, append-only rows, and a hash chain that catches tampering."""

from __future__ import annotations

from datetime import date
from io import StringIO

import polars as pl
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.selectors import ledger_totals
from seguro.ledger.services import ledger_post, ledger_verify

pytestmark = pytest.mark.django_db
APRIL = date(2023, 4, 1)


def _entries(amounts: dict[str, int], document_id: int = 1) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "fund": list(amounts),
            "kind": ["assessed"] * len(amounts),
            "amount_cents": list(amounts.values()),
            "period": [APRIL] * len(amounts),
            "province_code": ["01"] * len(amounts),  # a leading zero must survive
            "employer_id": [7] * len(amounts),
            "person_id": [None] * len(amounts),
            "document_type": ["obligation"] * len(amounts),
            "document_id": [document_id] * len(amounts),
        },
        schema_overrides={"person_id": pl.Int64},
    )


def _post(key: str, amounts: dict[str, int], document_id: int = 1) -> LedgerBatch:
    with transaction.atomic():
        return ledger_post(
            key=key, job="close-month", period=APRIL, entries=_entries(amounts, document_id)
        )


def test_posting_twice_with_the_same_key_posts_once() -> None:
    first = _post("close-month:2023-04:0", {"ivm": 10960, "health": 5160})
    again = _post("close-month:2023-04:0", {"ivm": 10960, "health": 5160})
    assert first.pk == again.pk
    assert LedgerEntry.objects.count() == 2
    assert (first.entry_count, first.total_cents) == (2, 16120)


def test_zero_amounts_are_not_posted_and_totals_come_from_entries() -> None:
    _post("a", {"ivm": 10960, "health": 5160, "severance": 0})
    _post("b", {"ivm": 1000}, document_id=2)
    totals = {row["fund"]: row["usd"] for row in ledger_totals(kind="assessed")}
    assert str(totals["ivm"]) == "119.60"  # 109.60 + 10.00
    assert str(totals["health"]) == "51.60"
    assert "severance" not in totals


def test_a_clean_ledger_verifies() -> None:
    _post("a", {"ivm": 10960, "health": 5160})
    _post("b", {"ivm": 1000}, document_id=2)
    checked, problems = ledger_verify()
    assert (checked, problems) == (2, [])
    out = StringIO()
    call_command("ledger", "verify", "--quiet", stdout=out)
    assert "2 lotes verificados, sin alteraciones" in out.getvalue()


def test_the_database_refuses_to_change_or_delete_an_entry() -> None:
    _post("a", {"ivm": 10960})
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.update(amount_cents=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get().amount_cents == 10960


def _tamper(sql: str) -> None:
    """What a database superuser could still do: lift the guard and change a row."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks first
            cursor.execute("ALTER TABLE ledger_ledgerentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER ledger_ledgerentry_no_update")
            cursor.execute("DROP TRIGGER ledger_ledgerentry_no_delete")
        cursor.execute(sql)


def test_verify_catches_an_entry_changed_directly_in_the_database() -> None:
    _post("a", {"ivm": 10960, "health": 5160})
    _post("b", {"ivm": 1000}, document_id=2)
    _tamper(
        "UPDATE ledger_ledgerentry SET amount_cents = 10000 WHERE fund = 'ivm' AND seq = 1 "
        "AND batch_id = (SELECT MIN(id) FROM ledger_ledgerbatch)"
    )
    checked, problems = ledger_verify()
    assert checked == 2
    assert [p.batch_key for p in problems] == ["a"]
    assert "modificado" in problems[0].message
    err = StringIO()
    with pytest.raises(CommandError, match="1 alteraciones en 2 lotes"):
        call_command("ledger", "verify", "--quiet", stderr=err)
    assert "Lote a:" in err.getvalue()


def test_verify_catches_a_removed_entry() -> None:
    _post("a", {"ivm": 10960, "health": 5160})
    _tamper("DELETE FROM ledger_ledgerentry WHERE fund = 'health'")
    _, problems = ledger_verify()
    assert any("eliminaron" in p.message for p in problems)


def test_verify_catches_a_removed_batch() -> None:
    _post("a", {"ivm": 10960})
    _post("b", {"ivm": 1000}, document_id=2)
    _post("c", {"ivm": 500}, document_id=3)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE ledger_ledgerbatch DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER ledger_ledgerbatch_no_delete")
    _tamper(
        "DELETE FROM ledger_ledgerentry WHERE batch_id = "
        "(SELECT id FROM ledger_ledgerbatch WHERE key = 'b')"
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerbatch WHERE key = 'b'")
    _, problems = ledger_verify()
    assert [p.batch_key for p in problems] == ["c"]
    assert "no enlaza" in problems[0].message
