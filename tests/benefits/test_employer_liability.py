"""Employer liability (LSS Art. 94; C.D. 517): months an employer declared and did not pay count
for the affiliate, the benefit is granted, and the employer owes what it cost."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.benefits import services
from seguro.benefits.models import EmployerLiability
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _funeral_with_arrears(officer, employer):
    # Paid 2023-09..2023-12 (4 months); 2024-01 and 2024-02 declared by the employer and unpaid
    # (due 15-feb and 15-mar-2024, before the death on 20-mar-2024).
    deceased = helpers.affiliate(
        start=date(2023, 9, 1), months=4, salary="700.00", employer=employer, sex="M"
    )
    factories.contribution_months(
        deceased,
        start=date(2024, 1, 1),
        months=2,
        salary="700.00",
        employer=employer,
        paid_on=None,
    )
    helpers.died(deceased, date(2024, 3, 20))
    return helpers.computed(
        officer,
        kind="funeral_grant",
        applicant=factories.person(),
        filed_on=date(2024, 4, 2),
        deceased=deceased,
    )


def test_funeral_grant_is_paid_despite_arrears_and_the_employer_owes_half_an_sbu(
    officer, approver
) -> None:
    employer = factories.employer()
    claim = _funeral_with_arrears(officer, employer)
    # Paid months alone: 4 < 6 in 12 months; with the 2 unpaid months: 6 -> eligible (LSS Art. 96:
    # the funeral grant is paid despite the arrears). Maximum 2024: 1 437.90.
    assert claim.eligible is True and claim.amount_cents == 143790
    assert claim.arrears_periods == [["2024-01-01", employer.pk], ["2024-02-01", employer.pk]]
    plan = claim.outputs["employer_liability"]
    # C.D. 517 Art. 9: 50 % x SBU 2024 460 = 230.00.
    assert [(p["employer_id"], p["amount_cents"]) for p in plan] == [(employer.pk, 23000)]
    assert not EmployerLiability.objects.exists()  # created when the benefit is granted
    services.claim_approve(actor=approver, claim=claim, on=date(2024, 4, 10))
    liability = EmployerLiability.objects.get()
    assert liability.employer == employer and liability.amount_cents == 23000
    assert liability.unpaid_periods == ["2024-01", "2024-02"]
    assert any(
        s.get("parameter") == "employer_liability.funeral_grant" for s in liability.explanation
    )
    # A second death in the same employer's arrears: repeat offender, 100 % x 460 = 460.00.
    again = _funeral_with_arrears(officer, employer)
    assert again.outputs["employer_liability"][0]["amount_cents"] == 46000


def test_a_sickness_subsidy_that_needs_the_unpaid_month_is_owed_by_the_employer(
    officer, approver
) -> None:
    employer = factories.employer()
    person = helpers.affiliate(
        start=date(2023, 8, 1),
        months=6,
        salary="900.00",
        employer=employer,
        skip=frozenset({date(2023, 11, 1)}),
    )
    factories.contribution_months(
        person, start=date(2023, 11, 1), months=1, salary="900.00", employer=employer, paid_on=None
    )
    claim = helpers.computed(
        officer,
        kind="sickness",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=10,
    )
    # Paid alone: 2 consecutive (Dec, Jan) < 6 -> nothing. With November: 6 consecutive;
    # 2 700.00 / 90 = 30.00 x 75 % x 7 days = 157.50, all of it owed by the employer.
    assert claim.eligible is True and claim.amount_cents == 15750
    plan = claim.outputs["employer_liability"]
    assert [(p["employer_id"], p["amount_cents"], p["periodicity"]) for p in plan] == [
        (employer.pk, 15750, "once")
    ]
    services.claim_approve(actor=approver, claim=claim, on=date(2024, 3, 1))
    assert EmployerLiability.objects.get(claim=claim).amount_cents == 15750


def test_arrears_that_change_nothing_create_no_liability(officer) -> None:
    employer = factories.employer()
    claim_person = helpers.affiliate(
        start=date(2023, 2, 1), months=12, salary="800.00", employer=employer
    )
    factories.contribution_months(
        claim_person,
        start=date(2022, 6, 1),
        months=1,
        salary="800.00",
        employer=employer,
        paid_on=None,
    )
    claim = helpers.computed(
        officer,
        kind="maternity",
        applicant=claim_person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
    )
    # 12 consecutive paid months already qualify and the subsidy uses the last salary only.
    assert claim.eligible is True and claim.amount_cents == 168000
    assert claim.outputs["employer_liability"] == [] and claim.arrears_periods == []


def test_a_pension_granted_thanks_to_an_unpaid_month_is_owed_monthly(officer, approver) -> None:
    from seguro.pensions.models import Pension

    employer = factories.employer()
    # 360 months 2002-01..2031-12 declared; June 2031 unpaid by the employer (due 15-jul-2031).
    person = helpers.affiliate(
        birth_date=date(1971, 12, 1),
        start=date(2002, 1, 1),
        months=360,
        salary="1000.00",
        employer=employer,
        exit_on=date(2031, 12, 31),
        skip=frozenset({date(2031, 6, 1)}),
    )
    factories.contribution_months(
        person, start=date(2031, 6, 1), months=1, salary="1000.00", employer=employer, paid_on=None
    )
    claim = helpers.computed(
        officer,
        kind="old_age",
        applicant=person,
        filed_on=date(2032, 2, 3),
        event_date=date(2032, 2, 1),
    )
    # Paid alone: 359 < 360 at 60 -> nothing; with June: 360 -> 0.7500 x 1 000.00 = 750.00 a
    # month, all of it owed by the employer each month the pension is paid (LSS Art. 94).
    assert claim.eligible is True and claim.amount_cents == 75000
    assert claim.arrears_periods == [["2031-06-01", employer.pk]]
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2032, 2, 10))
    liability = EmployerLiability.objects.get(claim=claim)
    assert (liability.amount_cents, liability.periodicity) == (75000, "monthly")
    assert Pension.objects.get(pk=claim.pension_id).base_amount_cents == 75000
