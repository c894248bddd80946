"""Reading individual accounts (cesantía, fondos de reserva): balance and yearly statement.

The balance is the sum of the account's signed movements (credits and interest add,
withdrawals subtract); it is never stored, so it cannot drift from its movements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from seguro.benefits.models import FundAccount, FundMovement, MovementKind


@dataclass
class StatementYear:
    year: int
    credits_cents: int = 0
    interest_cents: int = 0
    withdrawals_cents: int = 0  # negative
    balance_cents: int = 0  # at the end of the year


@dataclass
class FundStatement:
    person_id: int
    kind: str
    as_of: date
    years: list[StatementYear] = field(default_factory=list)
    balance_cents: int = 0
    credit_months: int = 0


def fund_balance_cents(person_id: int, kind: str, as_of: date | None = None) -> int:
    rows = FundMovement.objects.filter(account__person_id=person_id, account__kind=kind)
    if as_of is not None:
        rows = rows.filter(period__lte=as_of)
    return int(rows.aggregate(total=Sum("amount_cents"))["total"] or 0)


def fund_statement(person_id: int, kind: str, as_of: date) -> FundStatement:
    """Credits, interest and withdrawals by year, the running balance and the months credited."""
    statement = FundStatement(person_id=person_id, kind=kind, as_of=as_of)
    account = FundAccount.objects.filter(person_id=person_id, kind=kind).first()
    if account is None:
        return statement
    rows = (
        FundMovement.objects.filter(account=account, period__lte=as_of)
        .annotate(year=ExtractYear("period"))
        .values("year", "kind")
        .annotate(cents=Sum("amount_cents"), n=Count("id"))
        .order_by("year")
    )
    by_year: dict[int, StatementYear] = {}
    for row in rows:
        entry = by_year.setdefault(row["year"], StatementYear(row["year"]))
        cents = int(row["cents"] or 0)
        if row["kind"] == MovementKind.CREDIT:
            entry.credits_cents += cents
            statement.credit_months += row["n"]
        elif row["kind"] == MovementKind.INTEREST:
            entry.interest_cents += cents
        else:
            entry.withdrawals_cents += cents
    running = 0
    for year in sorted(by_year):
        entry = by_year[year]
        running += entry.credits_cents + entry.interest_cents + entry.withdrawals_cents
        entry.balance_cents = running
        statement.years.append(entry)
    statement.balance_cents = running
    return statement


def credit_months(person_id: int, kind: str, as_of: date) -> int:
    return FundMovement.objects.filter(
        Q(account__person_id=person_id, account__kind=kind, kind=MovementKind.CREDIT),
        period__lte=as_of,
    ).count()
