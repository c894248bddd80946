"""Payment agreements: the law's limits, the schedule, the fall (LSS Art. 91), reactivation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from seguro.collections.agreements import (
    agreement_limits,
    agreement_reactivate,
    agreement_schedule,
    agreement_sign,
    agreements_review,
)
from seguro.collections.enforcement import enforcement_case_transition
from seguro.collections.models import AgreementStatus, CaseState, EnforcementCase
from seguro.collections.payments import payment_register
from seguro.collections.selectors import statement_of_account
from seguro.core.errors import DomainError
from tests.collections.factories import obligation

pytestmark = pytest.mark.django_db
APRIL_2024 = date(2024, 4, 1)  # due 2024-05-15
SIGNED = date(2024, 5, 16)  # one day late: one month of interest; C.D. 671 in force (23-apr-2024)


def test_the_limits_change_between_1000_00_and_1000_01_under_cd_671() -> None:
    # C.D. 671 (23-abr-2024): up to 1 000.00 -> 12 instalments; 1 000.01-2 800.00 -> 24.
    assert agreement_limits(100000, date(2024, 6, 1)) == (2, 12)
    assert agreement_limits(100001, date(2024, 6, 1)) == (2, 24)
    # Before C.D. 671, C.D. 625 allowed 36 for any amount.
    assert agreement_limits(100000, date(2024, 4, 22)) == (2, 36)


@pytest.mark.parametrize(
    ("principal", "debt", "allowed", "refused"),
    [
        # 989.40 one month late: 989.40 x 0.1286 / 12 = 10.6032 -> 10.60; debt 1 000.00
        (98940, Decimal("1000.00"), 12, 13),
        # 989.41: 989.41 x 0.1286 / 12 = 10.6033 -> 10.60; debt 1 000.01
        (98941, Decimal("1000.01"), 24, 25),
    ],
)
def test_signing_on_both_sides_of_the_bracket(
    loja_employer, officer, principal: int, debt: Decimal, allowed: int, refused: int
) -> None:
    obligation(employer=loja_employer, period=APRIL_2024, funds={"ivm": principal})
    with pytest.raises(DomainError, match=f"de 2 a {allowed} cuotas"):
        agreement_sign(actor=officer, employer=loja_employer, on=SIGNED, instalments=refused)
    agreement = agreement_sign(
        actor=officer, employer=loja_employer, on=SIGNED, instalments=allowed
    )
    assert Decimal(agreement.debt_cents) / 100 == debt
    assert agreement.max_instalments == allowed


def test_the_schedule_is_equal_instalments_and_the_last_absorbs_the_rounding() -> None:
    # 1 000.00 in 3: 333.33, 333.33, 333.34, monthly from the signing date.
    assert agreement_schedule(100000, 3, date(2024, 1, 31)) == [
        (1, date(2024, 2, 29), 33333),
        (2, date(2024, 3, 31), 33333),
        (3, date(2024, 4, 30), 33334),
    ]


def _signed(employer, officer, instalments: int = 6):
    obligation(employer=employer, period=APRIL_2024, funds={"ivm": 60000, "health": 40000})
    return agreement_sign(actor=officer, employer=employer, on=SIGNED, instalments=instalments)


def test_the_agreement_freezes_interest_and_instalments_pay_its_debt(
    loja_employer, officer
) -> None:
    # Debt at signing: 1 000.00 + 1 000.00 x 0.1286 / 12 (10.7166 -> 10.72) = 1 010.72;
    # six instalments of 168.45 and a last one of 168.47 (5 x 168.45 + 168.47 = 1 010.72).
    agreement = _signed(loja_employer, officer)
    amounts = list(agreement.instalments.values_list("amount_cents", flat=True))
    assert amounts == [16845] * 5 + [16847]
    # Months later the statement still shows only the frozen interest (10.72).
    later = statement_of_account(user=None, employer=loja_employer, on=date(2024, 9, 1))
    assert later is not None and later.interest_usd == Decimal("10.72")
    # The first instalment pays the frozen interest first, then principal.
    payment = payment_register(
        actor=officer, paid_on=date(2024, 6, 16), amount="168.45", employer=loja_employer
    )
    parts = list(payment.allocations.order_by("seq").values_list("component", "amount_cents"))
    assert parts == [("interest", 1072), ("principal", 15773)]
    first = agreement.instalments.get(number=1)
    assert (first.paid_cents, first.paid_on) == (16845, date(2024, 6, 16))


def test_the_agreement_falls_at_the_second_unpaid_instalment_not_the_first(
    loja_employer, officer
) -> None:
    agreement = _signed(loja_employer, officer)
    # Instalment 1 is due 2024-06-16, instalment 2 on 2024-07-16. Nothing is paid.
    assert agreements_review(actor=officer, on=date(2024, 6, 17)) == []  # 1 unpaid
    assert agreements_review(actor=officer, on=date(2024, 7, 16)) == []  # 2nd due today
    fallen = agreements_review(actor=officer, on=date(2024, 7, 17))  # 2 unpaid
    assert fallen == [agreement]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.fallen_on) == (AgreementStatus.FALLEN, date(2024, 7, 17))
    case = EnforcementCase.objects.get(employer=loja_employer)
    assert (case.state, case.title.reason) == (CaseState.ISSUED, "fallen_agreement")
    assert agreement.case == case
    # The debt reopens: interest accrues again from the due date (2024-05-15):
    # on 2024-07-17, 3 months (2 and 2 days): 1 000.00 x 0.1286 x 3 / 12 = 32.15.
    assert case.title.principal_cents == 100000
    assert case.title.interest_cents == 3215


def test_paying_the_first_instalment_keeps_the_agreement_alive(loja_employer, officer) -> None:
    _signed(loja_employer, officer)
    payment_register(
        actor=officer, paid_on=date(2024, 6, 10), amount="168.45", employer=loja_employer
    )
    # On 2024-08-17 instalments 2 (16-jul) and 3 (16-aug) are unpaid: it falls then, not before.
    assert agreements_review(actor=officer, on=date(2024, 7, 17)) == []
    assert len(agreements_review(actor=officer, on=date(2024, 8, 17))) == 1


@pytest.mark.parametrize(("days", "accepted"), [(180, True), (181, False)])
def test_reactivation_within_180_days_of_the_fall(loja_employer, officer, days, accepted) -> None:
    agreement = _signed(loja_employer, officer)
    agreements_review(actor=officer, on=date(2024, 7, 17))
    agreement.refresh_from_db()
    on = agreement.fallen_on + timedelta(days=days)  # day 180 = 2025-01-13
    if not accepted:
        with pytest.raises(DomainError, match="180 días y han pasado 181"):
            agreement_reactivate(actor=officer, agreement=agreement, on=on)
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.FALLEN
        return
    reactivated = agreement_reactivate(actor=officer, agreement=agreement, on=on)
    assert (reactivated.status, reactivated.version) == (AgreementStatus.ACTIVE, 2)
    # The remaining debt with interest recomputed to the reactivation date is frozen again:
    # 2024-05-15 -> 2024-12-15 is 7 months, + 29 days (a fraction): 8 months; rate 0.1286:
    # 1 000.00 x 0.1286 x 8 / 12 = 85.7333 -> 85.73; spread over the 6 unpaid instalments.
    items = dict(reactivated.items.filter(version=2).values_list("component", "amount_cents"))
    assert items == {"interest": 8573, "principal": 100000}
    schedule = list(
        reactivated.instalments.filter(version=2).values_list("amount_cents", flat=True)
    )
    assert schedule == [18095] * 5 + [18098]  # 1 085.73 / 6 = 180.955: 5 x 180.95 + 180.98
    case = EnforcementCase.objects.get(employer=loja_employer)
    assert case.state == CaseState.AGREEMENT


def test_no_agreement_without_overdue_debt_or_twice(loja_employer, officer) -> None:
    with pytest.raises(DomainError, match="no tiene obligaciones vencidas"):
        agreement_sign(actor=officer, employer=loja_employer, on=SIGNED, instalments=6)
    _signed(loja_employer, officer)
    with pytest.raises(DomainError, match="ya tiene un convenio vigente"):
        agreement_sign(actor=officer, employer=loja_employer, on=SIGNED, instalments=6)


def test_a_reactivated_agreement_paid_off_completes_and_its_case_can_close(
    loja_employer, officer
) -> None:
    agreement = _signed(loja_employer, officer)
    agreements_review(actor=officer, on=date(2024, 7, 17))
    agreement.refresh_from_db()
    on = agreement.fallen_on + timedelta(days=180)
    agreement_reactivate(actor=officer, agreement=agreement, on=on)
    # The whole frozen debt (1 085.73, above) paid on the reactivation day, ahead of schedule.
    payment = payment_register(actor=officer, paid_on=on, amount="1085.73", employer=loja_employer)
    parts = list(payment.allocations.order_by("seq").values_list("component", "amount_cents"))
    assert parts[0] == ("interest", 8573)
    assert sum(c for _, c in parts) == 108573
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.COMPLETED
    statement = statement_of_account(user=None, employer=loja_employer, on=on)
    assert statement is not None and statement.total_usd == Decimal("0.00")
    case = EnforcementCase.objects.get(employer=loja_employer)
    enforcement_case_transition(actor=officer, case=case, to_state=CaseState.PAID, on=on)
    case.refresh_from_db()
    assert case.state == CaseState.PAID


def test_an_instalment_that_paid_off_a_debt_stays_paid_for_the_next_one(
    loja_employer, officer
) -> None:
    # March 2024 (100.00, due 15-apr) and April 2024 (1 000.00, due 15-may), signed 16-may in 2:
    # March: 1 month and 1 day late = 2 months: 100.00 x 0.1286 x 2 / 12 = 2.1433 -> 2.14;
    # April: 1 month: 10.72. Debt 1 112.86 = 556.43 x 2.
    obligation(employer=loja_employer, period=date(2024, 3, 1), funds={"ivm": 10000})
    obligation(employer=loja_employer, period=APRIL_2024, funds={"ivm": 100000})
    agreement = agreement_sign(actor=officer, employer=loja_employer, on=SIGNED, instalments=2)
    assert list(agreement.instalments.values_list("amount_cents", flat=True)) == [55643, 55643]
    # The first instalment settles March entirely (2.14 + 100.00) and part of April.
    payment_register(
        actor=officer, paid_on=date(2024, 6, 16), amount="556.43", employer=loja_employer
    )
    # The second must go to instalment 2: instalment 1 is still paid although the March debt
    # it paid off no longer appears among the open debts.
    payment_register(
        actor=officer, paid_on=date(2024, 7, 16), amount="556.43", employer=loja_employer
    )
    paid = dict(agreement.instalments.values_list("number", "paid_cents"))
    assert paid == {1: 55643, 2: 55643}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.COMPLETED
