"""Coactive enforcement: credit title, allowed transitions only, audited dates, recoveries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seguro.collections.enforcement import credit_title_issue, enforcement_case_transition
from seguro.collections.models import CaseState
from seguro.collections.payments import payment_register
from seguro.collections.selectors import recovered_by_province_year
from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from tests.collections.factories import obligation

pytestmark = pytest.mark.django_db
APRIL = date(2023, 4, 1)  # due 2023-05-15


@pytest.fixture
def case(loja_employer, officer):
    # 1 000.00 due 2023-05-15, title issued 2023-08-20: 4 months -> interest 42.87.
    obligation(employer=loja_employer, period=APRIL, funds={"ivm": 100000})
    return credit_title_issue(actor=officer, employer=loja_employer, on=date(2023, 8, 20))


def test_the_title_liquidates_the_overdue_debt(case) -> None:
    title = case.title
    assert (title.principal_cents, title.interest_cents, title.fines_cents) == (100000, 4287, 0)
    assert title.total_cents == 104287
    assert (case.state, case.state_since) == (CaseState.ISSUED, date(2023, 8, 20))
    assert list(case.changes.values_list("to_state", flat=True)) == ["issued"]


def test_an_illegal_jump_is_refused(case, officer) -> None:
    for target in (CaseState.MEASURES, CaseState.PAID):
        with pytest.raises(DomainError, match="no pasa a"):
            enforcement_case_transition(
                actor=officer, case=case, to_state=target, on=date(2023, 9, 1)
            )
    case.refresh_from_db()
    assert case.state == CaseState.ISSUED


def test_allowed_steps_are_dated_and_audited(case, officer, loja_employer) -> None:
    enforcement_case_transition(
        actor=officer, case=case, to_state=CaseState.NOTIFIED, on=date(2023, 9, 1), note="Citación"
    )
    enforcement_case_transition(
        actor=officer, case=case, to_state=CaseState.MEASURES, on=date(2023, 9, 15)
    )
    # On 2023-09-16 (5 months: 1 000.00 x 0.1286 x 5 / 12 = 53.5833 -> 53.58) it is not paid.
    with pytest.raises(DomainError, match=r"aún se deben 1053\.58 USD"):
        enforcement_case_transition(
            actor=officer, case=case, to_state=CaseState.PAID, on=date(2023, 9, 16)
        )
    with pytest.raises(DomainError, match="anterior al estado actual"):
        enforcement_case_transition(
            actor=officer, case=case, to_state=CaseState.AGREEMENT, on=date(2023, 9, 1)
        )
    # Paid in full on 2023-09-20 (still 5 months: 53.58 of interest).
    payment_register(
        actor=officer, paid_on=date(2023, 9, 20), amount="1053.58", employer=loja_employer
    )
    enforcement_case_transition(
        actor=officer, case=case, to_state=CaseState.PAID, on=date(2023, 9, 20)
    )
    enforcement_case_transition(
        actor=officer, case=case, to_state=CaseState.ARCHIVED, on=date(2023, 10, 1)
    )
    with pytest.raises(DomainError, match="ninguno"):
        enforcement_case_transition(
            actor=officer, case=case, to_state=CaseState.NOTIFIED, on=date(2023, 10, 2)
        )
    changes = list(case.changes.values_list("from_state", "to_state", "on"))
    assert changes == [
        ("", "issued", date(2023, 8, 20)),
        ("issued", "notified", date(2023, 9, 1)),
        ("notified", "measures", date(2023, 9, 15)),
        ("measures", "paid", date(2023, 9, 20)),
        ("paid", "archived", date(2023, 10, 1)),
    ]
    events = AuditEvent.objects.filter(action="enforcement.state", target_id=str(case.pk))
    assert events.count() == 4
    assert {e.data["on"] for e in events} == {
        "2023-09-01",
        "2023-09-15",
        "2023-09-20",
        "2023-10-01",
    }


def test_a_second_title_while_a_case_is_open_is_refused(case, officer, loja_employer) -> None:
    with pytest.raises(DomainError, match="juicio coactivo abierto"):
        credit_title_issue(actor=officer, employer=loja_employer, on=date(2023, 9, 1))


def test_recovered_amounts_by_province_and_year(
    case, officer, loja_employer, quito_employer
) -> None:
    # Loja: 500.00 on 2023-12-01 and the rest in 2024, both after the title's issue.
    # 2023-12-01: 7 months: 1 000.00 x 0.1286 x 7 / 12 = 75.0166 -> 75.02 interest, 424.98 capital.
    payment_register(
        actor=officer, paid_on=date(2023, 12, 1), amount="500.00", employer=loja_employer
    )
    payment_register(
        actor=officer, paid_on=date(2024, 1, 10), amount="100.00", employer=loja_employer
    )
    # Pichincha: a debt with no title; its payment is not a coactive recovery.
    obligation(employer=quito_employer, period=APRIL, funds={"ivm": 10000})
    payment_register(actor=None, paid_on=date(2023, 12, 1), amount="50.00", employer=quito_employer)
    rows = recovered_by_province_year(user=None)
    assert [(r["province_code"], r["year"], r["recovered_usd"]) for r in rows] == [
        ("11", 2023, Decimal("500.00")),
        ("11", 2024, Decimal("100.00")),
    ]
    assert recovered_by_province_year(user=officer) == rows
