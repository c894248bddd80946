"""Bank files: every row checked, all or nothing, a reference never counted twice."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from seguro.collections.bankfile import BankFileError, bank_file_parse
from seguro.collections.models import BankImport, Payment, PaymentAllocation
from seguro.collections.payments import bank_file_import, payment_register
from seguro.contributions.models import Obligation
from seguro.core.errors import DomainError
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.registry import ids
from tests import factories
from tests.collections.factories import obligation

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "src/seguro/collections/data/pagos-banco-ejemplo.csv"
APRIL, MAY = date(2023, 4, 1), date(2023, 5, 1)


def _file(*rows: str) -> bytes:
    return ("fecha;referencia_banco;ruc_o_cedula;valor\n" + "\n".join(rows) + "\n").encode()


def _state() -> tuple[int, ...]:
    return (
        Payment.objects.count(),
        PaymentAllocation.objects.count(),
        LedgerBatch.objects.count(),
        LedgerEntry.objects.count(),
        BankImport.objects.count(),
        sum(Obligation.objects.values_list("paid_cents", flat=True)),
    )


@pytest.fixture
def debts(loja_employer, quito_employer):
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 30000})
    obligation(employer=loja_employer, period=MAY, funds={"ivm": 30000})
    obligation(employer=quito_employer, period=APRIL, funds={"ivm": 50000})
    return loja_employer, quito_employer


def test_the_documented_sample_file_is_well_formed() -> None:
    rows, errors = bank_file_parse(SAMPLE.read_bytes())
    assert errors == []
    assert [r.amount_cents for r in rows] == [104287, 25000, 4860]
    assert [r.is_tax_id for r in rows] == [True, True, False]


def test_a_valid_file_registers_every_payment(debts) -> None:
    loja, quito = debts
    content = _file(
        f"2023-05-15;BP-1;{loja.tax_id};300.00",
        f"2023-05-15;BP-2;{quito.tax_id};500,00",
        f"2023-06-15;BP-3;{loja.tax_id};100.00",
    )
    batch = bank_file_import(actor=None, file_name="banco.csv", content=content)
    assert (batch.row_count, batch.total_cents) == (3, 90000)
    assert list(
        batch.payments.order_by("receipt_number").values_list("bank_reference", flat=True)
    ) == [
        "BP-1",
        "BP-2",
        "BP-3",
    ]
    assert Obligation.objects.get(employer=loja, period=APRIL).paid_on == date(2023, 5, 15)


def test_a_file_posts_one_batch_per_month_of_payment(loja_employer, quito_employer) -> None:
    """A bank file is one posting per month of payment, not one per payment; two payments of
    one obligation in the same file split its funds as two window payments would."""
    split = obligation(employer=quito_employer, period=APRIL, funds={"ivm": 30000, "health": 10000})
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 30000})
    obligation(employer=loja_employer, period=MAY, funds={"ivm": 20000})
    content = _file(
        f"2023-05-10;BP-1;{quito_employer.tax_id};100.00",
        f"2023-05-12;BP-2;{quito_employer.tax_id};300.00",
        f"2023-05-14;BP-3;{loja_employer.tax_id};300.00",
        f"2023-06-10;BP-4;{loja_employer.tax_id};200.00",
    )
    imported = bank_file_import(actor=None, file_name="banco.csv", content=content)
    batches = LedgerBatch.objects.filter(key__startswith="bank-file:").order_by("key")
    assert [(b.key, b.period, b.entry_count, b.total_cents) for b in batches] == [
        (f"bank-file:{imported.sha256}:2023-05", MAY, 5, 70000),
        (f"bank-file:{imported.sha256}:2023-06", date(2023, 6, 1), 1, 20000),
    ]
    payments = imported.payments.order_by("bank_reference")
    assert [p.ledger_batch.key[-7:] for p in payments] == ["2023-05"] * 3 + ["2023-06"]
    # 100.00 of 400.00 split 3:1, then the 300.00 left: ivm 75 + 225, health 25 + 75.
    quito = LedgerEntry.objects.filter(kind="paid", employer_id=quito_employer.pk)
    assert sorted(quito.values_list("fund", "amount_cents")) == [
        ("health", 2500),
        ("health", 7500),
        ("ivm", 7500),
        ("ivm", 22500),
    ]
    assert Obligation.objects.get(pk=split.pk).paid_cents == 40000
    assert not LedgerBatch.objects.filter(key__startswith="payment:").exists()
    assert ledger_verify()[1] == []


def test_reimporting_the_same_file_changes_nothing(debts) -> None:
    loja, quito = debts
    content = _file(f"2023-05-15;BP-1;{loja.tax_id};300.00", f"2023-05-15;BP-2;{quito.tax_id};50")
    bank_file_import(actor=None, file_name="banco.csv", content=content)
    before = _state()
    with pytest.raises(BankFileError) as refused:
        bank_file_import(actor=None, file_name="banco.csv", content=content)
    assert _state() == before
    assert [(e.row, e.field) for e in refused.value.errors] == [
        (2, "referencia_banco"),
        (3, "referencia_banco"),
    ]
    assert "ya fue importada" in refused.value.errors[0].message


def test_the_database_keeps_a_reference_once_and_takes_many_without(debts) -> None:
    """The reference is unique by a partial constraint (rows without one are not indexed):
    the database itself refuses a repeated reference, and payments without one are many."""
    loja, quito = debts
    bank_file_import(
        actor=None, file_name="banco.csv", content=_file(f"2023-05-15;BP-1;{loja.tax_id};300.00")
    )
    for employer in (loja, quito):
        payment_register(actor=None, paid_on=date(2023, 6, 1), amount="10.00", employer=employer)
    assert Payment.objects.filter(bank_reference__isnull=True).count() == 2
    copy = Payment.objects.get(bank_reference="BP-1")
    copy.pk, copy.receipt_number, copy.ledger_batch = None, 999, None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert Payment.objects.filter(bank_reference="BP-1").count() == 1


def test_a_file_with_errors_stores_nothing_and_lists_every_row(debts) -> None:
    loja, quito = debts
    unknown = ids.tax_id_make(ids.TaxIdKind.PRIVATE_COMPANY, "11", 9999)
    content = _file(
        f"2023-05-15;BP-1;{loja.tax_id};300.00",  # row 2: fine
        f"15/05/2023;BP-2;{loja.tax_id};10.00",  # row 3: date format
        "2023-05-15;BP-3;1190000000000;10.00",  # row 4: RUC check digit
        f"2023-05-15;BP-1;{quito.tax_id};10.00",  # row 5: reference repeated (row 2)
        f"2023-05-15;BP-5;{quito.tax_id};12.345",  # row 6: three decimals
        f"2023-05-15;BP-6;{unknown};10.00",  # row 7: no such employer
        f"2023-05-15;BP-7;{quito.tax_id};9000.00",  # row 8: more than the debt
        "2023-05-15;BP-8",  # row 9: two columns
    )
    before = _state()
    with pytest.raises(BankFileError) as refused:
        bank_file_import(actor=None, file_name="banco.csv", content=content)
    assert _state() == before
    rows = [(e.row, e.field) for e in refused.value.errors]
    assert rows == [
        (3, "fecha"),
        (4, "ruc_o_cedula"),
        (5, "referencia_banco"),
        (6, "valor"),
        (7, "ruc_o_cedula"),
        (8, "valor"),
        (9, None),
    ]
    assert (
        "fila 8, campo «valor»: el valor 9000.00 excede la deuda"
        in refused.value.errors[5].as_text()
    )
    assert "7 error(es)" in refused.value.as_text()


def test_a_wrong_header_or_encoding_is_refused() -> None:
    with pytest.raises(BankFileError, match="1 error"):
        bank_file_import(actor=None, file_name="x.csv", content=b"fecha,ref,ruc,valor\n")
    with pytest.raises(BankFileError) as refused:
        bank_file_import(actor=None, file_name="x.csv", content="fecha;€".encode("cp1252"))
    assert "UTF-8" in refused.value.errors[0].message


def test_an_employer_user_cannot_import(loja_employer) -> None:
    user = factories.user("employer", employer=loja_employer)
    with pytest.raises(DomainError, match="personal del instituto"):
        bank_file_import(actor=user, file_name="x.csv", content=_file())


def test_the_command_simulates_unless_told_to_apply(debts, tmp_path: Path) -> None:
    loja, _ = debts
    path = tmp_path / "banco.csv"
    path.write_bytes(_file(f"2023-05-15;BP-9;{loja.tax_id};300.00"))
    out = StringIO()
    call_command("collections", "banco", str(path), stdout=out)
    assert "Simulación" in out.getvalue() and Payment.objects.count() == 0
    call_command("collections", "banco", str(path), "--aplicar", stdout=StringIO())
    assert Payment.objects.count() == 1
    err = StringIO()
    with pytest.raises(CommandError, match="no se registró ningún pago"):
        call_command("collections", "banco", str(path), "--aplicar", stderr=err)
    assert "fila 2" in err.getvalue()
