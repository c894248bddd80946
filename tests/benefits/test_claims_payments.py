"""Non-pension claims walked from filing to payment: the ledger entry by fund, the account
withdrawals, both sides of each threshold. Amounts worked by hand (law-ecuador.md sections)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Sum

from seguro.benefits import services
from seguro.benefits.funds import fund_balance_cents
from seguro.benefits.models import ClaimState
from seguro.contributions.models import ContributionRecord
from seguro.core.errors import DomainError
from seguro.ledger.models import LedgerEntry
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _ledger(claim) -> dict[tuple[str, str], int]:
    rows = (
        LedgerEntry.objects.filter(batch__key__startswith=f"benefit-claim:{claim.pk}:")
        .values("fund", "kind")
        .annotate(cents=Sum("amount_cents"))
    )
    return {(r["fund"], r["kind"]): r["cents"] for r in rows}


def _pay_all(officer, claim, on: date):
    while claim.state != ClaimState.PAID:
        services.claim_pay(actor=officer, claim=claim, on=on)
        claim.refresh_from_db()
    return claim


# --------------------------------------------------------------------------- funeral grant
def _funeral(officer, months: int, expenses: str | None = None):
    # Died 20-mar-2024; the window is 2024-03 minus 12: 2023-03..2024-02 (February is due on
    # 15-mar-2024 and paid by then). The last ``months`` months up to 2024-02 are paid.
    start = date(2024, 2, 1)
    for _ in range(months - 1):
        start = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    deceased = helpers.affiliate(start=start, months=months, salary="700.00", sex="M")
    helpers.died(deceased, date(2024, 3, 20))
    widow = factories.person()
    return helpers.computed(
        officer,
        kind="funeral_grant",
        applicant=widow,
        filed_on=date(2024, 4, 2),
        deceased=deceased,
        expenses=expenses,
    )


def test_funeral_grant_with_6_contributions_in_12_months_is_paid_from_ivm(
    officer, approver
) -> None:
    claim = _funeral(officer, 6, expenses="1200.00")
    # §4.2: 6 contributions in the last 12 months; maximum 2024 = 1 437.90; invoices 1 200.00
    # are reimbursed in full (below the maximum).
    assert claim.eligible is True and claim.amount_cents == 120000
    assert claim.outputs["maximum"] == "1437.90"
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 4, 10))
    assert claim.state == ClaimState.APPROVED
    _pay_all(officer, claim, date(2024, 4, 12))
    assert _ledger(claim) == {("ivm", "benefit_paid"): 120000}


def test_funeral_grant_with_5_contributions_in_12_months_is_not_eligible(officer) -> None:
    claim = _funeral(officer, 5)
    assert claim.eligible is False and "5 aportaciones" in claim.reason


# --------------------------------------------------------------------------- severance
def _severance_affiliate():
    # 24 months 2022-01..2023-12 at 1 000.00, left on 31-dec-2023.
    person = helpers.affiliate(
        start=date(2022, 1, 1), months=24, salary="1000.00", exit_on=date(2023, 12, 31)
    )
    services.fund_credits_post(
        actor=None, period_from=date(2022, 1, 1), period_to=date(2023, 12, 1)
    )
    services.fund_interest_post(actor=None, year=2023)
    return person


def _severance_claim(officer, person, filed_on: date):
    return helpers.computed(
        officer,
        kind="severance_withdrawal",
        applicant=person,
        filed_on=filed_on,
        event_date=filed_on,
    )


def test_severance_withdrawal_after_61_days_pays_the_balance_once(officer, approver) -> None:
    person = _severance_affiliate()
    # §5.2 / §12.7: 2 % personal x 1 000.00 = 20.00 a month x 24 = 480.00; interest 2023 on the
    # balance at 1-jan-2023 (12 x 20.00 = 240.00) x 6.75 % = 16.20 -> balance 496.20.
    assert fund_balance_cents(person.pk, "severance") == 49620
    # 61 days from 31-dec-2023 to 1-mar-2024 >= 60; 24 >= 24 contributions.
    first = _severance_claim(officer, person, date(2024, 3, 1))
    second = _severance_claim(officer, person, date(2024, 3, 2))
    assert first.eligible is True and first.amount_cents == 49620
    first = services.claim_approve(actor=approver, claim=first, on=date(2024, 3, 5))
    second = services.claim_approve(actor=approver, claim=second, on=date(2024, 3, 5))
    _pay_all(officer, first, date(2024, 3, 6))
    assert _ledger(first) == {("severance", "withdrawal"): 49620}
    assert fund_balance_cents(person.pk, "severance") == 0
    # The second withdrawal cannot take what the first one took.
    with pytest.raises(DomainError, match="supera el saldo disponible"):
        services.claim_pay(actor=officer, claim=second, on=date(2024, 3, 7))
    third = _severance_claim(officer, person, date(2024, 3, 8))
    assert third.eligible is False and third.amount_cents == 0


def test_severance_withdrawal_after_59_days_is_not_eligible(officer) -> None:
    person = _severance_affiliate()
    claim = _severance_claim(officer, person, date(2024, 2, 28))  # 59 days after 31-dec-2023
    assert claim.eligible is False and "59 días" in claim.reason


# --------------------------------------------------------------------------- reserve fund
def _reserve_fund_claim(officer, months: int):
    person = helpers.affiliate(start=date(2021, 1, 1), months=months, salary="1000.00")
    # Accumulated reserve fund 8.33 % x 1 000.00 = 83.30 a month (§5.1), as the close records it.
    ContributionRecord.objects.filter(person=person).update(reserve_fund_cents=8330)
    services.fund_credits_post(
        actor=None, period_from=date(2021, 1, 1), period_to=date(2024, 12, 1)
    )
    return helpers.computed(
        officer,
        kind="reserve_fund_withdrawal",
        applicant=person,
        filed_on=date(2025, 2, 3),
        event_date=date(2025, 2, 3),
    )


def test_reserve_fund_withdrawal_with_36_monthly_credits(officer, approver) -> None:
    claim = _reserve_fund_claim(officer, 36)
    # §5.1: 36 monthly reserve-fund contributions; balance 36 x 83.30 = 2 998.80.
    assert claim.eligible is True and claim.amount_cents == 299880
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2025, 2, 5))
    _pay_all(officer, claim, date(2025, 2, 6))
    assert _ledger(claim) == {("reserve_fund", "withdrawal"): 299880}
    assert fund_balance_cents(claim.applicant_id, "reserve_fund") == 0


def test_reserve_fund_withdrawal_with_35_credits_is_not_eligible(officer) -> None:
    claim = _reserve_fund_claim(officer, 35)
    assert claim.eligible is False and "35 aportaciones" in claim.reason


# --------------------------------------------------------------------------- unemployment
def _unemployment(officer, filed_on: date):
    # 26 months 2023-01..2025-02 at 1 000.00; dismissed, last day 28-feb-2025; cessation
    # 1-mar-2025 (history: 2023-01..2025-01 = 25 paid by then, all consecutive).
    person = helpers.affiliate(
        start=date(2023, 1, 1), months=26, salary="1000.00", exit_on=date(2025, 2, 28)
    )
    services.fund_credits_post(actor=None, period_from=date(2023, 1, 1), period_to=date(2025, 2, 1))
    claim = helpers.computed(
        officer,
        kind="unemployment",
        applicant=person,
        filed_on=filed_on,
        event_date=date(2025, 3, 1),
        cause="dismissal",
    )
    return person, claim


def test_unemployment_pays_five_instalments_topped_up_from_severance(officer, approver) -> None:
    person, claim = _unemployment(officer, date(2025, 3, 15))
    # §12.2: PMG = 1 000.00 (2024-03..2025-01); fixed = 70 % x SBU 2025 470 = 329.00.
    # Severance balance 26 x 20.00 = 520.00. Targets 700, 650, 600, 550, 500:
    # 1st 329 + 371 = 700.00 (149 left); 2nd 329 + 149 = 478.00; 3rd-5th 329.00.
    # Total 700 + 478 + 3 x 329 = 2 165.00.
    assert claim.eligible is True
    assert claim.outputs["payments"] == ["700.00", "478.00", "329.00", "329.00", "329.00"]
    assert claim.amount_cents == 216500
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2025, 3, 20))
    services.claim_pay(actor=officer, claim=claim, on=date(2025, 4, 1))
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED  # four instalments still due
    _pay_all(officer, claim, date(2025, 8, 1))
    assert _ledger(claim) == {
        ("unemployment", "benefit_paid"): 5 * 32900,
        ("severance", "withdrawal"): 52000,
    }
    assert fund_balance_cents(person.pk, "severance") == 0


def test_unemployment_9_days_after_the_cessation_is_too_early(officer) -> None:
    _, claim = _unemployment(officer, date(2025, 3, 10))
    # §5.3: at least 10 days unemployed.
    assert claim.eligible is False and "9 días" in claim.reason


# --------------------------------------------------------------------------- work risks
def _work_risk_affiliate():
    return helpers.affiliate(start=date(2023, 1, 1), months=13, salary="1000.00")


def test_work_risk_temporary_subsidy_for_100_days(officer, approver) -> None:
    person = _work_risk_affiliate()
    claim = helpers.computed(
        officer,
        kind="work_risk_temporary",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=100,
        accident_reference="AT-77",
    )
    # §7: average of the 12 months before = 1 000.00 (2023-02..2024-01);
    # 1 000.00 / 30 x (0.75 x 70 + 0.66 x 30) = 1 000.00 / 30 x 72.3 = 2 410.00.
    assert claim.amount_cents == 241000
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 6, 1))
    _pay_all(officer, claim, date(2024, 6, 3))
    assert _ledger(claim) == {("work_risks", "benefit_paid"): 241000}


@pytest.mark.parametrize(
    ("percent", "expected_cents"),
    [("30", 1800000), ("80", 4600000)],  # 0.30 x 1 000 x 60 = 18 000; 48 000 capped at 100 x 460
)
def test_work_risk_partial_indemnity_below_and_above_the_cap(
    officer, approver, percent: str, expected_cents: int
) -> None:
    person = _work_risk_affiliate()
    claim = helpers.computed(
        officer,
        kind="work_risk_partial",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        incapacity_percent=percent,
    )
    assert claim.amount_cents == expected_cents
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 3, 1))
    _pay_all(officer, claim, date(2024, 3, 2))
    assert _ledger(claim) == {("work_risks", "benefit_paid"): expected_cents}


# --------------------------------------------------------------------------- health subsidies
def _health(officer, kind: str, months: int, salary: str, **extra):
    # Paid months end with 2024-01; the event on 16-feb-2024 (January due 15-feb, paid).
    start = date(2024, 1, 1)
    for _ in range(months - 1):
        start = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    person = helpers.affiliate(start=start, months=months, salary=salary)
    return helpers.computed(
        officer,
        kind=kind,
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        **extra,
    )


def test_sickness_subsidy_with_6_consecutive_contributions(officer, approver) -> None:
    claim = _health(officer, "sickness", 6, "900.00", days=70)
    # §8.1: last 3 months 2 700.00 -> 30.00 a day; days 4-70 = 67 days x 75 % = 1 507.50.
    assert claim.eligible is True and claim.amount_cents == 150750
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 5, 1))
    _pay_all(officer, claim, date(2024, 5, 2))
    assert _ledger(claim) == {("health", "benefit_paid"): 150750}


def test_sickness_subsidy_with_5_consecutive_contributions_is_not_eligible(officer) -> None:
    claim = _health(officer, "sickness", 5, "900.00", days=70)
    assert claim.eligible is False and "5 aportaciones consecutivas" in claim.reason


def test_maternity_subsidy_with_12_consecutive_contributions(officer, approver) -> None:
    claim = _health(officer, "maternity", 12, "800.00")
    # §8.2: 75 % x 800.00 = 600.00 a month; 84 days = 600.00 / 30 x 84 = 1 680.00.
    assert claim.eligible is True and claim.amount_cents == 168000
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 3, 1))
    _pay_all(officer, claim, date(2024, 3, 2))
    assert _ledger(claim) == {("health", "benefit_paid"): 168000}


def test_maternity_subsidy_with_11_consecutive_contributions_is_not_eligible(officer) -> None:
    claim = _health(officer, "maternity", 11, "800.00")
    assert claim.eligible is False and "11 aportaciones consecutivas" in claim.reason
