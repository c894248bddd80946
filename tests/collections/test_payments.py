"""Payments: oldest debt first, exact ledger split by fund, receipts, a clean ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from seguro.collections.models import Payment, PaymentAllocation
from seguro.collections.payments import payment_register
from seguro.collections.posting import split_pro_rata
from seguro.contributions.models import Obligation
from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.ledger.models import LedgerEntry
from tests import factories
from tests.collections.factories import FUNDS_ON_1000, obligation

pytestmark = pytest.mark.django_db
MARCH, APRIL = date(2023, 3, 1), date(2023, 4, 1)  # due 2023-04-15 and 2023-05-15


def _allocations(payment: Payment) -> list[tuple[date, str, int]]:
    return [
        (a.obligation.period, a.component, a.amount_cents)  # type: ignore[union-attr]
        for a in payment.allocations.select_related("obligation").order_by("seq")
    ]


def test_a_payment_goes_to_the_oldest_period_first(loja_employer, officer) -> None:
    # March 300.00 (due 15-apr) and April 200.00 (due 15-may); 400.00 paid on 2023-05-10:
    # March is 1 month late (15-apr -> 10-may, a fraction): 300.00 x 0.1286 / 12 = 3.215 -> 3.22
    # April is not yet due: no interest.
    # Allocation: March interest 3.22, March principal 300.00, April principal 96.78.
    march = obligation(employer=loja_employer, period=MARCH, funds={"ivm": 20000, "health": 10000})
    april = obligation(employer=loja_employer, period=APRIL, funds={"ivm": 20000})
    payment = payment_register(
        actor=officer, paid_on=date(2023, 5, 10), amount="400.00", employer=loja_employer
    )
    assert _allocations(payment) == [
        (MARCH, "interest", 322),
        (MARCH, "principal", 30000),
        (APRIL, "principal", 9678),
    ]
    march.refresh_from_db()
    april.refresh_from_db()
    assert (march.paid_cents, march.paid_on) == (30000, date(2023, 5, 10))
    assert (april.paid_cents, april.paid_on) == (9678, None)
    in_arrears = list(payment.allocations.order_by("seq").values_list("in_arrears", flat=True))
    assert in_arrears == [True, True, False]
    assert AuditEvent.objects.filter(action="payment.register", target_id=str(payment.pk)).exists()


def test_the_ledger_split_by_fund_sums_exactly_to_the_payment(loja_employer) -> None:
    # The contribution on a salary of 1 000.00 by fund (206.00); 68.67 paid on the due date.
    made = obligation(employer=loja_employer, period=APRIL, funds=FUNDS_ON_1000)
    first = payment_register(
        actor=None, paid_on=date(2023, 5, 15), amount="68.67", employer=loja_employer
    )
    entries = LedgerEntry.objects.filter(batch=first.ledger_batch)
    assert entries.aggregate(s=Sum("amount_cents"))["s"] == 6867
    by_fund = dict(entries.values_list("fund", "amount_cents"))
    # Pro rata: ivm 6 867 x 10 960 / 20 600 = 3 653.4...; each share within a cent of its quota.
    for fund, assessed in FUNDS_ON_1000.items():
        exact = Decimal(6867 * assessed) / 20600
        assert abs(by_fund.get(fund, 0) - exact) < 1
    # Two more partial payments pay it off: every fund then received exactly what was assessed.
    payment_register(actor=None, paid_on=date(2023, 5, 15), amount="68.67", employer=loja_employer)
    payment_register(actor=None, paid_on=date(2023, 5, 15), amount="68.66", employer=loja_employer)
    paid = dict(
        LedgerEntry.objects.filter(kind="paid", employer_id=loja_employer.pk)
        .values("fund")
        .annotate(s=Sum("amount_cents"))
        .values_list("fund", "s")
    )
    assert paid == FUNDS_ON_1000
    made.refresh_from_db()
    assert made.paid_on == date(2023, 5, 15)


def test_interest_is_posted_by_fund_as_interest_entries(loja_employer) -> None:
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 60000, "health": 40000})
    payment = payment_register(
        actor=None, paid_on=date(2023, 8, 20), amount="1042.87", employer=loja_employer
    )
    totals = dict(
        LedgerEntry.objects.filter(batch=payment.ledger_batch)
        .values("kind")
        .annotate(s=Sum("amount_cents"))
        .values_list("kind", "s")
    )
    assert totals == {"paid": 100000, "interest": 4287}
    interest = dict(
        LedgerEntry.objects.filter(batch=payment.ledger_batch, kind="interest").values_list(
            "fund", "amount_cents"
        )
    )
    assert interest == {"ivm": 2572, "health": 1715}  # 42.87 x 0.6 = 25.722; x 0.4 = 17.148


def test_split_pro_rata_is_exact_and_never_above_a_weight() -> None:
    weights = {"a": 1, "b": 1, "c": 1}
    assert split_pro_rata(2, weights) == {"a": 1, "b": 1, "c": 0}
    assert sum(split_pro_rata(100, {"x": 3, "y": 7}).values()) == 100
    for amount in range(0, 21):
        shares = split_pro_rata(amount, {"p": 7, "q": 13})
        assert sum(shares.values()) == amount
        assert shares["p"] <= 7 and shares["q"] <= 13


def test_receipts_are_numbered_without_gaps_and_refusals_use_no_number(loja_employer) -> None:
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 10000})
    first = payment_register(
        actor=None, paid_on=date(2023, 5, 1), amount="10.00", employer=loja_employer
    )
    with pytest.raises(DomainError, match="excede la deuda"):
        payment_register(
            actor=None, paid_on=date(2023, 5, 2), amount="500.00", employer=loja_employer
        )
    second = payment_register(
        actor=None, paid_on=date(2023, 5, 2), amount="10.00", employer=loja_employer
    )
    assert second.receipt_number == first.receipt_number + 1


def test_payments_are_registered_in_date_order(loja_employer) -> None:
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 10000})
    payment_register(actor=None, paid_on=date(2023, 6, 1), amount="10.00", employer=loja_employer)
    with pytest.raises(DomainError, match="en orden de fecha"):
        payment_register(
            actor=None, paid_on=date(2023, 5, 1), amount="10.00", employer=loja_employer
        )


def test_a_self_employed_affiliate_pays_by_cedula(db) -> None:
    person = factories.person()
    obligation(person=person, period=APRIL, funds={"ivm": 5000}, kind="self_employed")
    payment = payment_register(actor=None, paid_on=date(2023, 5, 15), amount="50.00", person=person)
    assert payment.person == person
    assert Obligation.objects.get(person=person).paid_on == date(2023, 5, 15)


def test_an_officer_cannot_register_a_payment_of_another_province(quito_employer, officer) -> None:
    obligation(employer=quito_employer, period=APRIL, funds={"ivm": 10000})
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        payment_register(
            actor=officer, paid_on=date(2023, 5, 1), amount="10.00", employer=quito_employer
        )
    assert not Payment.objects.exists()


def test_the_ledger_verifies_clean_after_payments(loja_employer, quito_employer) -> None:
    obligation(employer=loja_employer, period=MARCH, funds=FUNDS_ON_1000)
    obligation(employer=loja_employer, period=APRIL, funds=FUNDS_ON_1000)
    obligation(employer=quito_employer, period=APRIL, funds={"ivm": 12345, "health": 6789})
    payment_register(actor=None, paid_on=date(2023, 6, 3), amount="300.00", employer=loja_employer)
    payment_register(actor=None, paid_on=date(2023, 7, 3), amount="150.00", employer=quito_employer)
    assert PaymentAllocation.objects.count() == 6  # interest + principal of 3 obligations
    out = StringIO()
    call_command("ledger", "verify", "--quiet", stdout=out)
    assert "sin alteraciones" in out.getvalue()
