"""The synthetic year of Loja 2022 at a small scale: the accountability report's figures equal
sums taken independently from the generated records, and those equal the published figures
scaled by hand; reruns do nothing twice; the same seed gives the same year."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q, Sum

from seguro.collections.models import (
    CollectionTarget,
    EnforcementCase,
    Payment,
    PaymentAgreement,
    PaymentAllocation,
)
from seguro.contributions.models import Obligation
from seguro.core.errors import DomainError
from seguro.health.demo_data import health_load_loja_2022
from seguro.health.models import (
    Attention,
    CoverageCheck,
    EmployerHealthLiability,
    Referral,
    UnitKind,
)
from seguro.ledger.services import ledger_verify
from seguro.registry.models import RuralMember
from seguro.reports.build import report_build, scope_for
from seguro.reports.sections.collections import collected_by_month
from seguro.synth.services import synth_registry
from seguro.synth.year import synth_year
from seguro.synth.year.service import BENEFIT_STEPS, STEPS

SCALE = 0.02
YEAR = date(2022, 1, 1), date(2022, 12, 31)


def _generate(seed: int = 2022, scale: float = SCALE, benefits: bool = True) -> dict[str, Any]:
    synth_registry(scope="loja-2022", scale=scale, seed=seed, progress=False)
    health_load_loja_2022()
    return synth_year(scope="loja-2022", seed=seed, scale=scale, progress=False, benefits=benefits)


@pytest.fixture
def year(db: Any) -> dict[str, Any]:
    return _generate()


def _figures() -> dict[str, Any]:
    return report_build(scope_for(2022, "Loja")).as_json()["figures"]


@pytest.mark.django_db
def test_report_figures_equal_the_records_and_the_published_figures(year: dict[str, Any]) -> None:
    figures = _figures()
    rural = Attention.objects.filter(attended_on__range=YEAR, unit__kind=UnitKind.RURAL_DISPENSARY)
    counted = dict(rural.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    # figures.yaml loja_2022.rural_insurance.attentions x 0.02, rounded half up:
    # 100 245 x 0.02 = 2 004.9 -> 2 005; 42 262 x 0.02 = 845.24 -> 845;
    # 105 394 x 0.02 = 2 107.88 -> 2 108.
    assert counted == {"medical": 2005, "dental": 845, "nursing": 2108}
    assert figures["rural_insurance"]["attentions"] == counted
    # Own units: 180 000 x 0.02 = 3 600 (assumption), so 2 005 + 845 + 2 108 + 3 600 = 8 558.
    total = Attention.objects.filter(attended_on__range=YEAR, unit__canton__province_id="11")
    assert total.count() == 8558 == figures["health"]["attentions"]
    # 21 791 x 0.02 = 435.82 -> 436 referrals.
    assert Referral.objects.filter(referred_on__range=YEAR).count() == 436
    assert figures["achievements"]["external_network_attentions"] == 436

    # Arrears recovered: principal paid in 2022 after the obligation's due date, from the
    # allocations (not the ledger the report reads): 12 991 512.37 x 0.02 = 259 830.2474
    # -> 259 830.25 USD.
    late_principal = PaymentAllocation.objects.filter(
        component="principal",
        payment__paid_on__range=YEAR,
        payment__paid_on__gt=F("obligation__due_date"),
    ).aggregate(c=Sum("amount_cents"))["c"]
    assert late_principal == 25_983_025
    assert Decimal(str(figures["achievements"]["arrears_recovered_usd"])) == Decimal("259830.25")
    # Target = 259 830.25 / 1.04 = 249 836.78 USD; 259 830.25 / 249 836.78 = 1.0400 -> 1.04.
    target = CollectionTarget.objects.get(year=2022, province_code="11", kind="arrears_recovery")
    assert target.target_cents == 24_983_678
    assert Decimal(str(figures["achievements"]["arrears_target_compliance"])) == Decimal("1.04")

    # Collections of the year: every payment received in 2022 (capital, interest, fines).
    paid = Payment.objects.filter(paid_on__range=YEAR).aggregate(c=Sum("amount_cents"))["c"]
    assert Decimal(str(figures["collections"]["year_total_usd"])) == Decimal(paid) / 100
    assert len(figures["collections"]["months"]) == 12
    # Month by month (the report's exact cents behind its rounded millions).
    months = {
        date(2022, m, 1): sum(
            Payment.objects.filter(paid_on__year=2022, paid_on__month=m).values_list(
                "amount_cents", flat=True
            )
        )
        for m in range(1, 13)
    }
    assert collected_by_month(scope_for(2022, "Loja"), 2022) == months
    assert all(cents > 0 for cents in months.values())

    # Only the drawn employers owe overdue months at the year's end; personal affiliates paid.
    overdue = Obligation.objects.filter(due_date__lte=YEAR[1]).exclude(paid_cents=F("total_cents"))
    assert not overdue.filter(person__isnull=False).exists()
    assert overdue.values("employer").distinct().count() >= 2  # enforcement + last late payer
    assert PaymentAgreement.objects.count() >= 1 and EnforcementCase.objects.count() >= 1
    assert ledger_verify()[1] == []


@pytest.mark.django_db
def test_rural_patients_are_rural_members_covered_without_liability(year: dict[str, Any]) -> None:
    checks = CoverageCheck.objects.filter(attention__isnull=False)
    assert not checks.filter(Q(covered=False) | Q(attend=False)).exists()
    assert not EmployerHealthLiability.objects.exists()
    rural = Attention.objects.filter(unit__kind=UnitKind.RURAL_DISPENSARY).select_related(
        "coverage_check"
    )
    assert {a.coverage_check.basis for a in rural} == {"rural"}
    for attention in rural[:200]:
        assert attention.coverage_check.checked_on == attention.attended_on
        assert RuralMember.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=attention.attended_on),
            person_id=attention.person_id,
            valid_from__lte=attention.attended_on,
        ).exists()


@pytest.mark.django_db
def test_a_rerun_does_nothing_twice_and_another_seed_is_refused(year: dict[str, Any]) -> None:
    counts = (Payment.objects.count(), Attention.objects.count(), Referral.objects.count())
    again = synth_year(scope="loja-2022", seed=2022, scale=SCALE, progress=False)
    assert all(step["skipped"] for step in again["steps"].values())
    assert (Payment.objects.count(), Attention.objects.count(), Referral.objects.count()) == counts
    with pytest.raises(DomainError, match="ya se generó con escala"):
        synth_year(scope="loja-2022", seed=1, scale=SCALE, progress=False)


def _totals() -> dict[str, Any]:
    return {
        "payments": list(
            Payment.objects.order_by("receipt_number").values_list(
                "employer_id", "person_id", "paid_on", "amount_cents"
            )
        ),
        "allocations": PaymentAllocation.objects.aggregate(n=Count("id"), c=Sum("amount_cents")),
        "attentions": sorted(
            Attention.objects.values_list(
                "person_id", "unit__code", "kind", "attended_on", "diagnosis_code"
            )
        ),
        "referrals": sorted(
            Referral.objects.values_list(
                "attention__person_id", "agreement__number", "service_code", "referred_on"
            )
        ),
    }


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_year_and_another_seed_another() -> None:
    runs = []
    for seed in (5, 5, 6):
        with transaction.atomic():
            _generate(seed=seed, scale=0.01)
            runs.append(_totals())
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert runs[0]["payments"] and runs[0]["attentions"]
    assert runs[0]["attentions"] != runs[2]["attentions"]
    assert runs[0]["payments"] != runs[2]["payments"]


@pytest.mark.django_db
def test_the_command_generates_the_year_and_a_second_run_skips_every_step() -> None:
    out = io.StringIO()
    options = ["--scope", "loja-2022", "--scale", "0.005", "--year-ops", "--no-progress"]
    call_command("synth", *options, stdout=out)
    text = out.getvalue()
    assert "Registro sintético cargado." in text and "Año sintético generado." in text
    payments = Payment.objects.count()
    assert payments > 0
    again = io.StringIO()
    call_command("synth", *options, stdout=again)  # the registry exists: reused, not refused
    skipped = again.getvalue().count("ya generado, se omite")
    assert skipped == len(STEPS) + len(BENEFIT_STEPS)  # every step, the benefit steps included
    assert Payment.objects.count() == payments
    # The national operations over Loja's registry (or at another scale) are refused.
    with pytest.raises(CommandError, match=r"es del ámbito loja-2022 a escala 0\.005"):
        call_command("synth", "--scope", "national-2023", "--year-ops", "--no-progress")
    with pytest.raises(CommandError, match=r"--scope loja-2022 --scale 0\.005"):
        call_command("synth", "--scope", "loja-2022", "--year-ops", "--no-progress")
