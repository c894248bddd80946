"""The year's benefit claims and pension payrolls (seguro.synth.year.benefits, .pensions): real
claims walked through the benefits services reproduce the published Loja 2022 figures, scaled.

At scale 0.01 every count is round-half-up(published × 0.01); amounts are checked against the
scaled figure (a pension's payroll year moves in steps of about a month of pension, so at this
scale the pension totals are within a month of one pension; at scale 1 within 0.5 %)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F, Max, Sum

from seguro.benefits.models import Claim, ClaimInstalment, ClaimKind, ClaimState
from seguro.pensions.models import PensionBeneficiary, PensionPayment
from seguro.reports.build import report_build, scope_for
from seguro.synth.services import synth_registry
from seguro.synth.year import synth_year
from seguro.synth.year.pensions import paid_in_year

SCALE = 0.01
HALF_PERCENT = Decimal("0.005")


def test_paid_in_year_follows_the_payroll_rules_on_both_sides_of_the_fourteenth_month() -> None:
    # Sierra pays the 14th in August (SBU 2022 = 425.00; pensions.fourteenth.payment_month).
    # From March: 10 months x 400.00 = 4000.00; 13th = 4000.00 / 12 = 333.33;
    # 14th for the months received Mar..Aug = 6: 425.00 x 6 / 12 = 212.50 -> 4545.83.
    assert paid_in_year(400_00, date(2022, 3, 1), "sierra") == 4545_83
    # From August: 5 months = 2000.00; 13th = 166.67; 14th for 1 month: 425 / 12 = 35.42.
    assert paid_in_year(400_00, date(2022, 8, 1), "sierra") == 2000_00 + 166_67 + 35_42
    # From September: after the 14th's month: 4 x 400 = 1600.00 + 13th 133.33, no 14th.
    assert paid_in_year(400_00, date(2022, 9, 1), "sierra") == 1733_33


@pytest.fixture
def year(db: Any) -> dict[str, Any]:
    from seguro.health.demo_data import health_load_loja_2022

    synth_registry(scope="loja-2022", scale=SCALE, seed=2022, progress=False)
    health_load_loja_2022()
    return synth_year(scope="loja-2022", seed=2022, scale=SCALE, progress=False)


def _usd(value: Any) -> Decimal:
    return Decimal(str(value))


def test_the_year_s_claims_and_payrolls(year: dict[str, Any]) -> None:
    """One generation (about 20 s), three checks."""
    _claims_reproduce_the_scaled_published_figures()
    _every_pension_granted_is_paid_by_the_payrolls_as_projected()
    _claims_went_through_the_services_with_two_people_and_explanations(year)


def _claims_reproduce_the_scaled_published_figures() -> None:
    figures = report_build(scope_for(2022, "Loja")).as_json()["figures"]
    granted = figures["pension_benefits_granted"]
    # Counts: round-half-up(published x 0.01): 3042 -> 30, 2683 -> 27, 5573 -> 56,
    # 1125 -> 11, 424 -> 4.
    assert granted["count"] == 30
    funds = figures["third_party_funds_granted"]
    assert funds["severance_cesantia"]["count"] == 27
    assert funds["reserve_funds"]["count"] == 56
    assert funds["unemployment_insurance"]["count"] == 11
    assert figures["work_risks"]["benefits_granted"] == 4
    # Funeral aid: 1 011 008.64 x 0.01 = 10 110.09: ceil(10 110.09 / 1 357.73) = 8 claims, 7 at
    # the 2022 maximum (7 x 1 357.73 = 9 504.11) and one reimbursing 605.98 of invoices.
    assert _usd(granted["by_kind_usd"]["funeral_aid"]) == Decimal("10110.09")
    funerals = sorted(
        Claim.objects.filter(kind=ClaimKind.FUNERAL).values_list("amount_cents", flat=True)
    )
    assert funerals == [605_98] + [1357_73] * 7
    # Withdrawals pay the balances, whose history salary was solved for the total:
    # 8 281 639.12 x 0.01 = 82 816.39; 5 768 709.74 x 0.01 = 57 687.10 (within 0.5 %).
    assert _usd(funds["severance_cesantia"]["usd"]) == pytest.approx(
        Decimal("82816.39"), rel=Decimal("0.005")
    )
    assert _usd(funds["reserve_funds"]["usd"]) == pytest.approx(
        Decimal("57687.10"), rel=Decimal("0.005")
    )
    # Unemployment pays 70 % of the SBU a month (0.70 x 425.00 = 297.50 for a 2022 exit,
    # 0.70 x 400.00 = 280.00 for a 2021 one): 358 384.19 x 0.01 = 3 583.84 is 12 payments of
    # about 297.50, so 11 claims paid once or twice; within one payment of the figure.
    paid = ClaimInstalment.objects.filter(claim__kind=ClaimKind.UNEMPLOYMENT, paid_on__year=2022)
    assert set(paid.values_list("fund_cents", flat=True)) <= {297_50, 280_00}
    assert abs(_usd(funds["unemployment_insurance"]["usd"]) - Decimal("3583.84")) <= Decimal(
        "297.50"
    )
    # Pensions: 1 907 679.06 x 0.01 = 19 076.79 and 1 575 504.00 x 0.01 = 15 755.04, each within
    # a month of its largest pension (the start month is the only lever).
    for kind, target in (("retirement", "19076.79"), ("survivors", "15755.04")):
        claim_kind = ClaimKind.SURVIVORS if kind == "survivors" else ClaimKind.DISABILITY
        pensions = Claim.objects.filter(kind=claim_kind).values("pension_id")
        largest = PensionBeneficiary.objects.filter(pension_id__in=pensions).aggregate(
            m=Max("share_cents")
        )["m"]
        step = Decimal(largest) / 100 * Decimal("13") / 12 + Decimal("35.42")
        assert abs(_usd(granted["by_kind_usd"][kind]) - Decimal(target)) <= step


def _every_pension_granted_is_paid_by_the_payrolls_as_projected() -> None:
    claims = Claim.objects.filter(decided_on__year=2022).exclude(pension_id=None)
    assert claims.count() == 22  # 30 granted - 8 funerals
    for claim in claims:
        share = PensionBeneficiary.objects.get(pension_id=claim.pension_id)
        paid = PensionPayment.objects.filter(pension_id=claim.pension_id).aggregate(
            c=Sum(F("pension_cents") + F("thirteenth_cents") + F("fourteenth_cents"))
        )["c"]
        assert paid == paid_in_year(share.share_cents, share.valid_from, "sierra")


def _claims_went_through_the_services_with_two_people_and_explanations(
    year: dict[str, Any],
) -> None:
    claims = Claim.objects.filter(state__in=[ClaimState.APPROVED, ClaimState.PAID])
    assert claims.exists()
    assert not claims.filter(decided_by_id=F("computed_by_id")).exists()
    assert not claims.filter(computed_by=None).exists()
    for claim in claims:
        assert claim.explanation, claim.kind
    # The twelve payrolls ran, and a rerun of the year does nothing twice.
    assert year["steps"]["pension_payrolls"]["months"] == 12
    again = synth_year(scope="loja-2022", seed=2022, scale=SCALE, progress=False)
    assert again["steps"]["pension_claims"]["skipped"] is True
    assert Claim.objects.filter(state__in=[ClaimState.APPROVED, ClaimState.PAID]).count() == (
        claims.count()
    )
