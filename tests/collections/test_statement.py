"""The statement of account: interest worked by hand from the law's arithmetic.

LSS Art. 89 and C.D. 517 Art. 15 c): interest = principal x months x (BCE maximum rate + 4
points) / 12, a fraction of a month counting as a month, rate in force on the payment date,
rounded half-up to the cent. The parameter files say (checked below, read as plain YAML):
arrears/central_bank_rate.yaml 0.0886 from 2023-07-01, arrears/additional_rate.yaml 0.04.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from seguro.collections.payments import payment_register
from seguro.collections.selectors import statement_of_account
from tests import factories
from tests.collections.factories import obligation

pytestmark = pytest.mark.django_db
PARAMETERS = Path(__file__).resolve().parents[2] / "src/seguro/rules/parameters"
APRIL_2023 = date(2023, 4, 1)  # due 2023-05-15 (LSS Art. 73: the 15th of the next month)


def _rate_file(name: str, key: str) -> Decimal:
    raw = yaml.safe_load((PARAMETERS / "arrears" / name).read_text(encoding="utf-8"))
    return Decimal(raw["values"][key]["value"])


def _half_up(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_parameter_files_hold_the_rates_the_hand_arithmetic_uses() -> None:
    assert _rate_file("central_bank_rate.yaml", "2023-07-01") == Decimal("0.0886")
    assert _rate_file("additional_rate.yaml", "2001-11-30") == Decimal("0.04")


def test_statement_with_interest_worked_by_hand(loja_employer) -> None:
    # April 2023: principal 1 000.00 due 2023-05-15, statement on 2023-08-20.
    # Months: 15-may -> 15-jun (1) -> 15-jul (2) -> 15-aug (3), plus 5 days of a fourth
    # month, which counts as a whole month: 4.
    # Rate on 2023-08-20: 0.0886 + 0.04 = 0.1286 a year.
    # Interest = 1 000.00 x 0.1286 x 4 / 12 = 42.8666... -> 42.87 (half-up).
    obligation(employer=loja_employer, period=APRIL_2023, funds={"ivm": 60000, "health": 40000})
    rate = Decimal("0.0886") + Decimal("0.04")
    expected_interest = _half_up(Decimal("1000.00") * rate * 4 / 12)
    assert expected_interest == Decimal("42.87")
    statement = statement_of_account(user=None, employer=loja_employer, on=date(2023, 8, 20))
    assert statement is not None
    [row] = statement.rows
    assert (row.period, row.due_date) == (APRIL_2023, date(2023, 5, 15))
    assert (row.months, row.annual_rate) == (4, Decimal("0.1286"))
    assert row.principal_usd == Decimal("1000.00")
    assert row.interest_usd == expected_interest
    assert row.fines_usd == Decimal("0.00")
    assert statement.total_usd == Decimal("1000.00") + expected_interest
    assert any("Interés" in step["step"] for step in row.explanation)


def test_statement_totals_add_periods_and_only_overdue_ones_accrue(loja_employer) -> None:
    # March 2023 (due 2023-04-15) 200.00 and April 2023 (due 2023-05-15) 300.00, on 2023-05-15:
    # March: 15-apr -> 15-may exactly 1 month: 200.00 x 0.1286 x 1 / 12 = 2.1433 -> 2.14
    # April: paid-by date is today, no interest yet.
    obligation(employer=loja_employer, period=date(2023, 3, 1), funds={"ivm": 20000})
    obligation(employer=loja_employer, period=APRIL_2023, funds={"ivm": 30000})
    statement = statement_of_account(user=None, employer=loja_employer, on=date(2023, 5, 15))
    assert statement is not None
    assert [r.interest_usd for r in statement.rows] == [Decimal("2.14"), Decimal("0.00")]
    assert statement.principal_usd == Decimal("500.00")
    assert statement.total_usd == Decimal("502.14")


@pytest.mark.parametrize(
    ("paid_on", "interest"),
    [
        (date(2023, 5, 15), Decimal("0.00")),  # on the due date: no arrears
        # one day late: 1 month (a fraction is a month): 1 000.00 x 0.1286 x 1 / 12 = 10.7166
        (date(2023, 5, 16), Decimal("10.72")),
    ],
)
def test_paying_on_the_due_date_costs_no_interest_and_one_day_later_does(
    loja_employer, paid_on: date, interest: Decimal
) -> None:
    obligation(employer=loja_employer, period=APRIL_2023, funds={"ivm": 100000})
    statement = statement_of_account(user=None, employer=loja_employer, on=paid_on)
    assert statement is not None
    assert statement.rows[0].interest_usd == interest
    payment = payment_register(
        actor=None, paid_on=paid_on, amount=Decimal("1000.00") + interest, employer=loja_employer
    )
    components = {a.component: a.amount_cents for a in payment.allocations.all()}
    assert components == (
        {"principal": 100000, "interest": 1072} if interest else {"principal": 100000}
    )
    after = statement_of_account(user=None, employer=loja_employer, on=paid_on)
    assert after is not None and after.rows == [] and after.total_usd == Decimal("0.00")


def test_a_partial_payment_settles_the_interest_of_what_it_pays(loja_employer) -> None:
    # 1 000.00 due 2023-05-15. On 2023-08-20 (4 months) the employer pays 500.00:
    #   interest first: 42.87 (above), then principal 457.13; 542.87 remains.
    # On 2023-09-20 (5 months) the interest owed is what accrued on the 542.87 left:
    #   liability = 457.13 x 0.1286 x 4 / 12 (= 19.5957 -> 19.60, settled on 2023-08-20)
    #             + 542.87 x 0.1286 x 5 / 12 (= 29.0888 -> 29.09)
    #   owed = 19.60 + 29.09 - 42.87 paid = 5.82
    obligation(employer=loja_employer, period=APRIL_2023, funds={"ivm": 100000})
    payment_register(actor=None, paid_on=date(2023, 8, 20), amount="500.00", employer=loja_employer)
    rate = Decimal("0.1286")
    settled = _half_up(Decimal("457.13") * rate * 4 / 12)
    accrued = _half_up(Decimal("542.87") * rate * 5 / 12)
    assert (settled, accrued) == (Decimal("19.60"), Decimal("29.09"))
    statement = statement_of_account(user=None, employer=loja_employer, on=date(2023, 9, 20))
    assert statement is not None
    [row] = statement.rows
    assert row.principal_usd == Decimal("542.87")
    assert row.paid_usd == Decimal("457.13")
    assert row.interest_usd == settled + accrued - Decimal("42.87") == Decimal("5.82")


def test_a_statement_as_of_an_earlier_date_ignores_later_payments(loja_employer) -> None:
    obligation(employer=loja_employer, period=APRIL_2023, funds={"ivm": 100000})
    payment_register(
        actor=None, paid_on=date(2023, 8, 20), amount="1042.87", employer=loja_employer
    )
    before = statement_of_account(user=None, employer=loja_employer, on=date(2023, 7, 1))
    assert before is not None
    # 15-may -> 15-jun (1), + 16 days (2): 1 000.00 x 0.1286 x 2 / 12 = 21.4333 -> 21.43
    assert [(r.principal_usd, r.interest_usd) for r in before.rows] == [
        (Decimal("1000.00"), Decimal("21.43"))
    ]
    assert before.payments == []


def test_a_statement_is_refused_outside_the_users_scope(loja_employer, quito_employer) -> None:
    obligation(employer=quito_employer, period=APRIL_2023, funds={"ivm": 10000})
    loja_officer = factories.user("collections_officer", province="11")
    employer_user = factories.user("employer", employer=loja_employer)
    for user in (loja_officer, employer_user):
        assert statement_of_account(user=user, employer=quito_employer, on=date(2023, 8, 1)) is None
    assert statement_of_account(user=employer_user, employer=loja_employer, on=date(2023, 8, 1))
