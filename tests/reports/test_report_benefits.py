"""Benefit figures of the report against claims walked through the services by hand."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.benefits import services
from seguro.reports.build import report_build, scope_for
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _figures(year: int, province: str | None = "Loja") -> dict[str, object]:
    return report_build(scope_for(year, province)).as_json()["figures"]


def _pay_all(officer, claim, on: date):  # type: ignore[no-untyped-def]
    while claim.state != "paid":
        services.claim_pay(actor=officer, claim=claim, on=on)
        claim.refresh_from_db()
    return claim


def test_third_party_funds_and_work_risk_benefits_of_the_year() -> None:
    officer = factories.user("benefits_officer", province="11")
    approver = factories.user("approver", province="11")
    # Severance: 24 months at 1 000.00, 2 % = 20.00 a month = 480.00, plus 2023 interest on
    # 240.00 at 6.75 % = 16.20 -> 496.20 withdrawn on 6 March 2024 (tests/benefits).
    saver = helpers.affiliate(
        start=date(2022, 1, 1), months=24, salary="1000.00", exit_on=date(2023, 12, 31)
    )
    services.fund_credits_post(
        actor=None, period_from=date(2022, 1, 1), period_to=date(2023, 12, 1)
    )
    services.fund_interest_post(actor=None, year=2023)
    severance = helpers.approved(
        officer,
        approver,
        date(2024, 3, 5),
        kind="severance_withdrawal",
        applicant=saver,
        filed_on=date(2024, 3, 1),
        event_date=date(2024, 3, 1),
    )
    _pay_all(officer, severance, date(2024, 3, 6))
    # Work risk: temporary subsidy of 100 days on 1 000.00 = 2 410.00, approved 1 June 2024.
    injured = helpers.affiliate(start=date(2023, 1, 1), months=13, salary="1000.00")
    helpers.approved(
        officer,
        approver,
        date(2024, 6, 1),
        kind="work_risk_temporary",
        applicant=injured,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=100,
        accident_reference="AT-77",
    )
    loja = _figures(2024)
    granted = loja["third_party_funds_granted"]
    assert granted["severance_cesantia"] == {"count": 1, "usd": 496.2}
    assert granted["reserve_funds"] == {"count": 0, "usd": 0}
    assert loja["third_party_funds"] == {"beneficiaries": 1, "paid_usd": 496.2}
    assert loja["work_risks"]["benefits_granted"] == 1
    assert _figures(2023)["work_risks"]["benefits_granted"] == 0
    assert _figures(2024, "Pichincha")["third_party_funds"]["beneficiaries"] == 0
