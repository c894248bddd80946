"""Pension claims walked from filing to the pension payroll, on both sides of each threshold.
Amounts worked by hand from the law (law-ecuador.md sections cited per test)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Sum

from seguro.benefits import services
from seguro.benefits.models import ClaimState
from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.ledger.models import LedgerEntry
from seguro.pensions.models import Pension, PensionBeneficiary, PensionPayment
from seguro.pensions.payroll import payroll_run
from seguro.registry.models import Regime
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _payroll(period: date) -> tuple[dict[int, int], dict[str, int]]:
    """Run the month's pension payroll: net paid per person and the ledger's gross by fund."""
    payroll_run(actor=None, period=period)
    paid = dict(PensionPayment.objects.filter(period=period).values_list("person_id", "net_cents"))
    ledger = (
        LedgerEntry.objects.filter(batch__key__startswith=f"payroll:{period:%Y-%m}:")
        .values_list("fund")
        .annotate(cents=Sum("amount_cents"))
    )
    return paid, dict(ledger)


def _old_age(
    officer,
    *,
    skip: frozenset[date] = frozenset(),
    exit_on: date = date(2031, 12, 31),
    filed_on: date = date(2032, 2, 3),
):
    # Born 1-dec-1971: 60 years on 1-feb-2032. 360 months 2002-01..2031-12 at 1 000.00.
    person = helpers.affiliate(
        birth_date=date(1971, 12, 1),
        start=date(2002, 1, 1),
        months=360,
        salary="1000.00",
        exit_on=exit_on,
        skip=skip,
    )
    return person, helpers.computed(
        officer,
        kind="old_age",
        applicant=person,
        filed_on=filed_on,
        event_date=date(2032, 2, 1),
    )


def test_old_age_with_360_contributions_at_60_is_granted_as_a_pension(officer, approver) -> None:
    person, claim = _old_age(officer)
    # §3.1: 60 years and 360 imposiciones. §3.3: coef(30) = 0.4375 + 0.0125 x 25 = 0.7500.
    # Base = best 5 years = 1 000.00 -> 750.00; floor 70 % x 482 = 337.40; cap 450 % x 482 = 2 169.
    assert claim.state == ClaimState.COMPUTED and claim.eligible is True
    assert claim.amount_cents == 75000
    assert claim.outputs["coefficient"] == "0.7500" and claim.outputs["cap"] == "2169.00"
    assert any(s.get("parameter") == "pensions.old_age.coefficient" for s in claim.explanation)
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2032, 2, 10))
    assert claim.state == ClaimState.PAID and claim.decided_by == approver
    pension = Pension.objects.get(pk=claim.pension_id)
    assert pension.kind == "old_age" and pension.base_amount_cents == 75000
    assert pension.holder == person and pension.years_of_contributions == 30
    actions = list(
        AuditEvent.objects.filter(target_type="benefits.claim", target_id=str(claim.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "benefits.claim_file",
        "benefits.claim_documents_check",
        "benefits.claim_compute",
        "benefits.claim_approve",
    ]
    # Paid by the March 2032 payroll from IVM (Loja is sierra: no 13th or 14th in March; the
    # pensioner's 2.76 % ended in 2020).
    assert _payroll(date(2032, 3, 1)) == ({person.pk: 75000}, {"ivm": 75000})


def test_old_age_pension_starts_the_month_after_the_cese_not_before_the_requirements(
    officer, approver
) -> None:
    # §3.1: "Pension starts the month after cese". Left on 31-dec-2031, requirements met on
    # 1-feb-2032: the later of the two, 1-feb-2032 (tested above: March is paid).
    _, claim = _old_age(officer)
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2032, 2, 10))
    assert Pension.objects.get(pk=claim.pension_id).start == date(2032, 2, 1)


def test_old_age_of_someone_who_kept_working_starts_after_the_last_day_of_work(
    officer, approver
) -> None:
    # Met the requirements on 1-feb-2032 but worked to 15-mar-2032 (the cese): starts 1-apr-2032,
    # so March is not paid and April is.
    person, claim = _old_age(officer, exit_on=date(2032, 3, 15), filed_on=date(2032, 3, 20))
    assert claim.eligible is True and claim.amount_cents == 75000
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2032, 3, 25))
    assert Pension.objects.get(pk=claim.pension_id).start == date(2032, 4, 1)
    assert _payroll(date(2032, 3, 1)) == ({}, {})
    assert _payroll(date(2032, 4, 1)) == ({person.pk: 75000}, {"ivm": 75000})


def test_old_age_with_359_contributions_at_60_is_not_eligible(officer, approver) -> None:
    _, claim = _old_age(officer, skip=frozenset({date(2002, 1, 1)}))
    # 359 < 360 at 60 (and 60 < 65): no row of §3.1 is met.
    assert claim.eligible is False and claim.amount_cents == 0
    assert "359 imposiciones" in claim.reason
    with pytest.raises(DomainError, match="solo puede negarse"):
        services.claim_approve(actor=approver, claim=claim, on=date(2032, 2, 10))
    claim = services.claim_deny(actor=approver, claim=claim, reason="No cumple 360 imposiciones.")
    assert claim.state == ClaimState.DENIED


def _disability(officer, skip: date):
    # 2018-01..2023-10 at 900.00 (70 months, one skipped), affiliation still open; the invalidity
    # is dictated on 5-dec-2023 (November is not due yet, so the run ends with October).
    person = helpers.affiliate(
        birth_date=date(1975, 5, 5),
        start=date(2018, 1, 1),
        months=70,
        salary="900.00",
        skip=frozenset({skip}),
    )
    return helpers.computed(
        officer,
        kind="disability",
        applicant=person,
        filed_on=date(2023, 12, 6),
        event_date=date(2023, 12, 5),
    )


def test_disability_with_6_consecutive_contributions_before(officer, approver) -> None:
    claim = _disability(officer, skip=date(2023, 4, 1))
    # §3.6: active, 69 >= 60 imposiciones and 6 consecutive (2023-05..2023-10).
    # 69 // 12 = 5 years: coef 0.4375 x 900.00 = 393.75; floor 50 % x 450 = 225; cap 2 025.
    assert claim.eligible is True and claim.amount_cents == 39375
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2023, 12, 20))
    assert Pension.objects.get(pk=claim.pension_id).kind == "disability"
    assert _payroll(date(2024, 1, 1)) == ({claim.applicant_id: 39375}, {"ivm": 39375})


def test_disability_with_5_consecutive_contributions_before_is_not_eligible(officer) -> None:
    claim = _disability(officer, skip=date(2023, 5, 1))
    # The run is 2023-06..2023-10: 5 < 6 consecutive.
    assert claim.eligible is False and "5 consecutivas" in claim.reason


def test_survivors_of_an_active_affiliate_share_the_pension_he_generated(officer, approver) -> None:
    deceased = helpers.affiliate(
        birth_date=date(1975, 5, 5), start=date(2018, 1, 1), months=70, salary="900.00", sex="M"
    )
    helpers.died(deceased, date(2023, 12, 5))
    widow = factories.person(birth_date=date(1978, 1, 1))
    son = factories.person(birth_date=date(2010, 3, 3))
    daughter = factories.person(birth_date=date(2012, 4, 4))
    claim = helpers.computed(
        officer,
        kind="survivors",
        applicant=widow,
        filed_on=date(2024, 1, 10),
        deceased=deceased,
        beneficiaries=[(widow, "spouse"), (son, "child"), (daughter, "child")],
    )
    # The deceased generated 393.75 (invalidity at the date of death, as above, 70 consecutive).
    # §4.1: widow 60 % = 236.25; children 40 % = 157.50, 78.75 each; group 393.75 between
    # 50 % x 450 = 225 and min(2 025, 100 % x 393.75).
    assert claim.event_date == date(2023, 12, 5)
    assert claim.outputs["deceased_pension"] == "393.75"
    assert claim.outputs["spouse_share"] == "236.25" and claim.outputs["child_share"] == "78.75"
    assert claim.amount_cents == 39375
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 1, 20))
    pension = Pension.objects.get(pk=claim.pension_id)
    assert pension.kind == "survivors" and pension.deceased == deceased
    shares = dict(
        PensionBeneficiary.objects.filter(pension=pension).values_list("person_id", "share_cents")
    )
    assert shares == {widow.pk: 23625, son.pk: 7875, daughter.pk: 7875}
    assert _payroll(date(2024, 2, 1)) == (shares, {"ivm": 39375})


@pytest.mark.parametrize(
    ("kind", "expected_cents", "rate"),
    [("work_risk_total", 88000, "0.80"), ("work_risk_absolute", 110000, "1.00")],
)
def test_work_risk_pension_on_the_higher_base(
    officer, approver, kind: str, expected_cents: int, rate: str
) -> None:
    person = helpers.affiliate(
        start=date(2018, 1, 1),
        months=72,
        salary={
            2018: "1100.00",
            2019: "1100.00",
            2020: "1100.00",
            2021: "1100.00",
            2022: "1100.00",
            2023: "1000.00",
        },
    )
    claim = helpers.computed(
        officer,
        kind=kind,
        applicant=person,
        filed_on=date(2024, 2, 5),
        event_date=date(2024, 2, 1),
        accident_reference="AT-2024-0031",
    )
    # §7 (C.D. 513 Arts. 34, 38): base = max(average of the last 12 months = 1 000.00,
    # best 5 years = 1 100.00) = 1 100.00; total 80 % = 880.00, absolute 100 % = 1 100.00;
    # floor (6 years) 50 % x 460 = 230, cap 450 % x 460 = 2 070.
    assert claim.eligible is True and claim.amount_cents == expected_cents
    assert claim.explanation[0]["value"] == "1100.00"
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 2, 20))
    assert Pension.objects.get(pk=claim.pension_id).kind == "work_risk"
    # Paid from the work-risk fund, not IVM.
    assert _payroll(date(2024, 3, 1)) == (
        {person.pk: expected_cents},
        {"work_risks": expected_cents},
    )


def _rural(officer, months: int):
    # Jefe de familia born 10-jan-1958: 66 years on 1-feb-2024.
    person = helpers.affiliate(
        birth_date=date(1958, 1, 10),
        start=date(2014, 1, 1),
        months=months,
        salary="103.50",  # base referencial 22.5 % x 460 (the SSC pension does not use it)
        regime=Regime.RURAL_HEAD_OF_FAMILY,
    )
    return helpers.computed(
        officer,
        kind="rural_pension",
        applicant=person,
        filed_on=date(2024, 2, 2),
        event_date=date(2024, 2, 1),
    )


def test_rural_pension_with_120_contributions_at_66(officer, approver) -> None:
    claim = _rural(officer, 120)
    # §9: 65-70 years need 120 imposiciones; §12.4: 2024 pension 119.17.
    assert claim.eligible is True and claim.amount_cents == 11917
    claim = services.claim_approve(actor=approver, claim=claim, on=date(2024, 2, 15))
    assert Pension.objects.get(pk=claim.pension_id).kind == "rural"
    # Paid from the rural fund (Seguro Social Campesino).
    assert _payroll(date(2024, 3, 1)) == ({claim.applicant_id: 11917}, {"rural": 11917})


def test_rural_pension_with_119_contributions_is_not_eligible(officer) -> None:
    claim = _rural(officer, 119)
    assert claim.eligible is False and "119 imposiciones" in claim.reason


def test_a_history_too_short_for_the_pension_base_gets_the_reason_not_an_error(officer) -> None:
    # 30 months: fewer than five complete years for the base, and 30 < 360 at 60 anyway.
    person = helpers.affiliate(
        birth_date=date(1963, 1, 1), start=date(2021, 7, 1), months=30, salary="600.00"
    )
    claim = helpers.computed(
        officer,
        kind="old_age",
        applicant=person,
        filed_on=date(2024, 2, 2),
        event_date=date(2024, 2, 1),
    )
    assert claim.eligible is False and "30 imposiciones" in claim.reason
