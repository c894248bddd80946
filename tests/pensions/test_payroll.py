"""The monthly payroll: pensions, 13th and 14th (lump or twelfths), deductions, the ledger,
reruns. Amounts worked by hand from the law (SBU 2019 394.00, 2024 460.00)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Sum

from seguro.core.models import JobRun
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.pensions.models import PensionDeduction, PensionPayment
from seguro.pensions.payroll import payroll_run
from seguro.pensions.services import pension_events_apply
from tests.pensions import helpers

pytestmark = pytest.mark.django_db


def pay(period: date) -> dict[int, PensionPayment]:
    payroll_run(actor=None, period=period)
    return {p.person_id: p for p in PensionPayment.objects.filter(period=period)}


def test_fourteenth_in_march_for_costa_not_sierra() -> None:
    costa = helpers.old_age(amount_cents=60_000, region="costa", start=date(2023, 1, 1))
    sierra = helpers.old_age(amount_cents=80_000, region="sierra", start=date(2023, 1, 1))
    late = helpers.old_age(amount_cents=60_000, region="costa", start=date(2023, 10, 1))
    march = pay(date(2024, 3, 1))
    # Costa, 12 months received (Apr 2023 - Mar 2024): 1 x SBU 460.00.
    assert march[costa.holder_id].fourteenth_cents == 46_000
    assert march[costa.holder_id].net_cents == 60_000 + 46_000
    # Sierra is paid in August: nothing extra in March.
    assert march[sierra.holder_id].fourteenth_cents == 0
    assert march[sierra.holder_id].net_cents == 80_000
    # From October 2023: Oct-Mar = 6 months -> 460.00 x 6 / 12 = 230.00.
    assert march[late.holder_id].fourteenth_cents == 23_000
    august = pay(date(2024, 8, 1))
    assert august[sierra.holder_id].fourteenth_cents == 46_000
    assert august[costa.holder_id].fourteenth_cents == 0


def test_thirteenth_in_december_is_a_twelfth_of_the_year() -> None:
    whole = helpers.old_age(amount_cents=80_000, start=date(2023, 1, 1))
    half = helpers.old_age(amount_cents=80_000, start=date(2024, 7, 1))
    november = pay(date(2024, 11, 1))
    assert november[whole.holder_id].thirteenth_cents == 0
    december = pay(date(2024, 12, 1))
    # 12 x 800.00 / 12 = 800.00; from July: 6 x 800.00 / 12 = 400.00.
    assert december[whole.holder_id].thirteenth_cents == 80_000
    assert december[half.holder_id].thirteenth_cents == 40_000
    assert december[whole.holder_id].net_cents == 160_000


def test_rural_pensions_are_twelve_payments_without_13th_or_14th() -> None:
    # SSC pensions are paid in twelve monthly payments (rural_insurance.extra_pensions false);
    # the IVM pension beside it, same region and amount, gets both.
    rural = helpers.old_age(kind="rural", amount_cents=11_917, start=date(2023, 1, 1))
    ivm = helpers.old_age(amount_cents=11_917, start=date(2023, 1, 1))
    august = pay(date(2024, 8, 1))
    assert august[ivm.holder_id].fourteenth_cents == 46_000  # Sierra, 12 months: 1 SBU 460.00
    assert august[rural.holder_id].fourteenth_cents == 0
    assert august[rural.holder_id].net_cents == 11_917
    december = pay(date(2024, 12, 1))
    assert december[ivm.holder_id].thirteenth_cents == 11_917  # 12 x 119.17 / 12
    assert december[rural.holder_id].thirteenth_cents == 0
    assert december[rural.holder_id].fund == "rural"
    assert december[rural.holder_id].net_cents == 11_917
    monthly = helpers.old_age(
        kind="rural", amount_cents=11_917, start=date(2023, 1, 1), monthly_bonuses=True
    )
    line = pay(date(2024, 11, 1))[monthly.holder_id]
    assert (line.thirteenth_cents, line.fourteenth_cents, line.net_cents) == (0, 0, 11_917)


def test_monthly_twelfths_instead_of_lump_sums() -> None:
    monthly = helpers.old_age(
        amount_cents=60_000, region="costa", start=date(2023, 1, 1), monthly_bonuses=True
    )
    for period in (date(2024, 2, 1), date(2024, 3, 1), date(2024, 12, 1)):
        line = pay(period)[monthly.holder_id]
        # 13th: 600.00 / 12 = 50.00; 14th: 460.00 x 1 / 12 = 38.333 -> 38.33; no lump sums.
        assert (line.thirteenth_cents, line.fourteenth_cents) == (5_000, 3_833)
        assert line.net_cents == 60_000 + 5_000 + 3_833


def test_pensioner_contribution_before_and_after_2020() -> None:
    pension = helpers.old_age(amount_cents=50_000, start=date(2019, 1, 1))
    december = pay(date(2019, 12, 1))[pension.holder_id]
    # 2.76 % of the pension 500.00 = 13.80; the 13th (12 x 500 / 12 = 500.00) is not charged.
    assert december.legal_deduction_cents == 1_380
    assert december.net_cents == 50_000 + 50_000 - 1_380
    january = pay(date(2020, 1, 1))[pension.holder_id]
    # From January 2020 the contribution is zero (Constitutional Court 23-18-IN/19).
    assert january.legal_deduction_cents == 0
    assert january.net_cents == 50_000


def test_deductions_in_force_are_withheld() -> None:
    pension = helpers.old_age(amount_cents=80_000, start=date(2023, 1, 1))
    PensionDeduction.objects.create(
        pension=pension,
        person=pension.holder,
        kind="judicial_alimony",
        monthly_amount_cents=10_000,
        valid_from=date(2024, 2, 1),
    )
    assert pay(date(2024, 1, 1))[pension.holder_id].net_cents == 80_000
    line = pay(date(2024, 2, 1))[pension.holder_id]
    assert (line.other_deductions_cents, line.net_cents) == (10_000, 70_000)


def test_survivors_payroll_around_the_18th_birthday_and_group_fourteenth() -> None:
    family = helpers.widow_and_two_children()
    widow, elder, younger = family["widow"], family["elder"], family["younger"]
    june = pay(date(2024, 6, 1))
    assert {k: v.pension_cents for k, v in june.items()} == {
        widow.pk: 60_000,
        elder.pk: 20_000,
        younger.pk: 20_000,
    }
    # The elder turns 18 on 2024-07-10: the share ends 2024-07-09 and the others are recomputed.
    pension_events_apply(actor=None, on=date(2024, 7, 31))
    july = pay(date(2024, 7, 1))
    assert {k: v.pension_cents for k, v in july.items()} == {widow.pk: 60_000, younger.pk: 40_000}
    august = pay(date(2024, 8, 1))
    # Sierra, August: the group's 14th for Jan-Aug 2024 (8 months) = 460.00 x 8 / 12 = 306.67,
    # split by shares: widow 306.67 x 600 / 1000 = 184.00 (184.002);
    # child 306.67 x 400 / 1000 = 122.67 (122.668).
    assert august[widow.pk].fourteenth_cents == 18_400
    assert august[younger.pk].fourteenth_cents == 12_267


def test_rerun_changes_nothing_and_the_ledger_equals_the_payments() -> None:
    helpers.old_age(amount_cents=80_000, region="sierra")
    helpers.old_age(amount_cents=60_000, region="costa", canton="1701")
    helpers.widow_and_two_children()
    first = payroll_run(actor=None, period=date(2024, 3, 1), chunk_rows=2)
    assert first.counts["payments"] == 5 and not first.already_paid
    again = payroll_run(actor=None, period=date(2024, 3, 1), chunk_rows=2)
    assert again.already_paid and again.chunks_done_now == 0
    assert PensionPayment.objects.count() == 5
    assert LedgerBatch.objects.filter(job="payroll").count() == 3  # [2] [2] [1]
    gross = PensionPayment.objects.aggregate(
        s=Sum("pension_cents") + Sum("thirteenth_cents") + Sum("fourteenth_cents")
    )["s"]
    # 800 + 600 + 460 (costa 14th) + 600 + 200 + 200 = 2860.00
    assert gross == 286_000
    ledger = LedgerEntry.objects.filter(kind="benefit_paid").aggregate(s=Sum("amount_cents"))
    assert ledger["s"] == gross
    by_province = dict(
        LedgerEntry.objects.values_list("province_code").annotate(s=Sum("amount_cents"))
    )
    assert by_province == {"11": 180_000, "17": 106_000}
    assert JobRun.objects.get(job="payroll").status == "done"
    assert ledger_verify()[1] == []
