"""Individual accounts: monthly credits from the contribution history, yearly interest,
withdrawals, the statement; the jobs are set-based and idempotent."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seguro.benefits import services
from seguro.benefits.funds import fund_balance_cents, fund_statement
from seguro.benefits.models import FundMovement
from seguro.registry.models import Regime
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _credit(first: date, last: date) -> dict[str, int]:
    return services.fund_credits_post(actor=None, period_from=first, period_to=last).counts


def test_severance_credits_are_the_severance_share_of_each_paid_month() -> None:
    # 2015-12: cesantía 3 % (2 personal + 1 patronal, to March 2016): 1 000.00 -> 30.00.
    # 2022: C.D. 515, 2 % personal -> 20.00 (§12.7). Voluntary affiliates have no account.
    worker = helpers.affiliate(start=date(2015, 12, 1), months=1, salary="1000.00")
    factories.contribution_months(
        worker,
        start=date(2022, 1, 1),
        months=2,
        salary="1000.00",
        employer=worker.affiliations.get().employer,
    )
    voluntary = helpers.affiliate(
        start=date(2022, 1, 1), months=2, salary="500.00", regime=Regime.VOLUNTARY
    )
    unpaid = helpers.affiliate(start=date(2022, 1, 1), months=0, salary="700.00")
    factories.contribution_months(
        unpaid,
        start=date(2022, 1, 1),
        months=1,
        salary="700.00",
        employer=unpaid.affiliations.get().employer,
        paid_on=None,
    )
    counts = _credit(date(2015, 1, 1), date(2022, 12, 1))
    assert counts["severance"] == 3 and counts["reserve_fund"] == 0
    amounts = list(
        FundMovement.objects.filter(account__person=worker)
        .order_by("period")
        .values_list("amount_cents", flat=True)
    )
    assert amounts == [3000, 2000, 2000]
    assert fund_balance_cents(voluntary.pk, "severance") == 0
    assert fund_balance_cents(unpaid.pk, "severance") == 0  # unpaid: nothing reached the fund
    # A rerun credits nothing twice.
    assert _credit(date(2015, 1, 1), date(2022, 12, 1))["severance"] == 0
    assert fund_balance_cents(worker.pk, "severance") == 7000


def test_interest_is_posted_once_a_year_on_the_opening_balance_less_withdrawals(
    officer, approver
) -> None:
    person = helpers.affiliate(
        start=date(2022, 1, 1), months=24, salary="1000.00", exit_on=date(2023, 12, 31)
    )
    _credit(date(2022, 1, 1), date(2023, 12, 1))
    out = StringIO()
    call_command("funds", "interest", "2023", stdout=out)
    assert "1 cuentas de cesantía" in out.getvalue()
    call_command("funds", "interest", "2023", stdout=out)  # idempotent
    # 2023: 12 x 20.00 = 240.00 at 1-jan x 6.75 % = 16.20.
    assert fund_balance_cents(person.pk, "severance") == 48000 + 1620
    claim = helpers.computed(
        officer,
        kind="severance_withdrawal",
        applicant=person,
        filed_on=date(2024, 3, 1),
        event_date=date(2024, 3, 1),
    )
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 3, 2))
    services.claim_pay(actor=officer, claim=claim, on=date(2024, 3, 4))
    call_command("funds", "interest", "2024", stdout=out)
    # 2024: opening 496.20 less the 496.20 withdrawn in the year = 0: no interest.
    assert fund_balance_cents(person.pk, "severance") == 0
    statement = fund_statement(person.pk, "severance", date(2024, 12, 31))
    assert [
        (y.year, y.credits_cents, y.interest_cents, y.withdrawals_cents, y.balance_cents)
        for y in statement.years
    ] == [
        (2022, 24000, 0, 0, 24000),
        (2023, 24000, 1620, 0, 49620),
        (2024, 0, 0, -49620, 0),
    ]
    assert statement.credit_months == 24


def test_interest_of_2024_uses_the_2024_rate() -> None:
    person = helpers.affiliate(start=date(2023, 1, 1), months=12, salary="1000.00")
    _credit(date(2023, 1, 1), date(2023, 12, 1))
    call_command("funds", "interest", "2024", stdout=StringIO())
    # 240.00 x 7.06 % = 16.944 -> 16.94.
    assert fund_balance_cents(person.pk, "severance") == 24000 + 1694


def test_the_command_refuses_a_year_without_a_rate_and_can_simulate() -> None:
    with pytest.raises(CommandError, match="No hay parámetros vigentes"):
        call_command("funds", "interest", "2017", stdout=StringIO())
    person = helpers.affiliate(start=date(2023, 1, 1), months=2, salary="1000.00")
    out = StringIO()
    call_command("funds", "credit", "2023-01", "2023-02", "--simular", stdout=out)
    assert "2 meses acreditados a cesantía" in out.getvalue() and "simulación" in out.getvalue()
    assert fund_balance_cents(person.pk, "severance") == 0
    call_command("funds", "credit", "2023-01", "2023-02", stdout=out)
    assert fund_balance_cents(person.pk, "severance") == 4000
