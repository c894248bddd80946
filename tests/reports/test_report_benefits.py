"""Benefit figures of the report against claims walked through the services by hand."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.benefits import services
from seguro.pensions.models import PensionPayment
from seguro.pensions.payroll import payroll_run
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


def test_pensions_paid_by_the_payroll_and_granted_in_the_year() -> None:
    officer = factories.user("benefits_officer", province="11")
    approver = factories.user("approver", province="11")
    # Born 1-jun-1957: 65 on 1-jun-2022, with 180 months 2007-01..2021-12 at 1 000.00
    # (§3.1: 65 years and 180 imposiciones).
    retiree = helpers.affiliate(
        birth_date=date(1957, 6, 1),
        start=date(2007, 1, 1),
        months=180,
        salary="1000.00",
        exit_on=date(2021, 12, 31),
    )
    claim = helpers.approved(
        officer,
        approver,
        date(2022, 6, 10),
        kind="old_age",
        applicant=retiree,
        filed_on=date(2022, 6, 3),
        event_date=date(2022, 6, 1),
    )
    monthly = claim.amount_cents
    # coef(15 years) = 0.5625 x base 1 000.00 = 562.50 a month.
    assert claim.eligible is True and monthly == 56250
    payroll_run(actor=None, period=date(2022, 12, 1))
    paid = PensionPayment.objects.filter(person=retiree, period=date(2022, 12, 1)).get()
    # December: the pension, and the 13th for the 7 months it accrued (June-December).
    assert paid.pension_cents == monthly
    assert paid.thirteenth_cents == 32813  # 562.50 x 7 / 12 = 328.125 -> 328.13 (half up)
    assert paid.fourteenth_cents == 0  # Loja is sierra: the 14th is paid in August
    gross = (paid.pension_cents + paid.thirteenth_cents) / 100
    loja = _figures(2022)
    assert loja["pensions"]["paid_usd"] == pytest.approx(gross)
    assert loja["pensions"]["pensioners_paid_on_time"] == 1
    granted = loja["pension_benefits_granted"]
    assert granted["count"] == 1
    assert granted["by_kind_usd"] == {
        "retirement": pytest.approx(gross),
        "survivors": 0,
        "funeral_aid": 0,
    }
    assert granted["total_usd"] == pytest.approx(gross)
    assert _figures(2022, "Pichincha")["pensions"]["paid_usd"] == 0
