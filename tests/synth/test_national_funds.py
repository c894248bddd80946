"""National third-party funds (seguro.synth.national.funds): at a tiny scale the report's
figures are the scaled published ones and the sums of the written rows, amounts are the rules',
the set-based rows are what the benefits services write for the same claim, a rerun writes
nothing and the ledger chain verifies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Sum

from seguro.benefits.models import (
    Claim,
    ClaimInstalment,
    ClaimKind,
    FundAccount,
    FundMovement,
    MovementKind,
)
from seguro.contributions.models import Obligation
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.registry.models import Affiliation, Person
from seguro.reports.build import scope_for
from seguro.reports.sections.benefits import third_party_funds_section
from seguro.rules.api import compute
from seguro.rules.money import from_cents
from seguro.synth.calibration import round_half_up
from seguro.synth.national.funds import (
    claimants_draw,
    national_third_party_funds_generate,
    people_frame,
    targets_for,
)
from seguro.synth.year.claims import claim_walk, staff_get
from seguro.synth.year.histories import HistorySpec, Worker, histories_write, month_add

REGISTRY_SCALE = 0.001
SCALE = 0.0005
SEED = 2023
YEAR = 2023
KINDS = [ClaimKind.SEVERANCE, ClaimKind.RESERVE_FUND, ClaimKind.UNEMPLOYMENT]


@pytest.fixture
def registry(load_registry: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return load_registry("national-2023", REGISTRY_SCALE, seed=SEED, replace=True)


@pytest.fixture
def made(registry: dict[str, Any]) -> dict[str, int]:
    return national_third_party_funds_generate(year=YEAR, scale=SCALE, seed=SEED)


def _figures() -> dict[str, Any]:
    return {f.key: f.value for f in third_party_funds_section(scope_for(YEAR, None)).figures}


@pytest.mark.django_db
def test_report_figures_are_the_rows_sums_and_the_scaledtargets_for(made: dict[str, int]) -> None:
    paid = ClaimInstalment.objects.filter(claim__kind__in=KINDS, paid_on__year=YEAR)
    people = paid.values("claim__applicant_id").distinct().count()
    cents = LedgerEntry.objects.filter(
        document_type="benefit_claim", document_id__in=paid.values("pk")
    ).aggregate(c=Sum("amount_cents"))["c"]
    # The same money three ways: instalments, ledger entries, individual-account withdrawals.
    instalment_cents = paid.aggregate(f=Sum("fund_cents"), a=Sum("account_cents"))
    assert cents == instalment_cents["f"] + instalment_cents["a"]
    withdrawn = FundMovement.objects.filter(kind=MovementKind.WITHDRAWAL).aggregate(
        c=Sum("amount_cents")
    )["c"]
    assert -withdrawn == instalment_cents["a"]
    figures = _figures()
    assert figures["third_party_funds.beneficiaries"] == people == round_half_up(609_272, SCALE)
    assert figures["third_party_funds.paid_usd"] == from_cents(cents)
    target = round_half_up(71_722_615_000, SCALE)
    assert cents == target == made["paid_cents"]
    # The published severance figure of iess-figures.md, scaled; the three kinds all present.
    assert figures["third_party_funds_granted.severance_cesantia.count"] == round_half_up(
        212_484, SCALE
    )
    assert figures["third_party_funds_granted.severance_cesantia.usd"] == Decimal(
        round_half_up(43_300_000_000, SCALE)
    ) / Decimal(100)
    assert figures["third_party_funds_granted.unemployment_insurance.count"] == round_half_up(
        23_363, SCALE
    )
    assert figures["third_party_funds_granted.reserve_funds.count"] > 0


@pytest.mark.django_db
def test_amounts_are_the_rules(made: dict[str, int]) -> None:
    for claim in Claim.objects.filter(kind=ClaimKind.SEVERANCE).order_by("id")[:5]:
        exit_day = Affiliation.objects.filter(person=claim.applicant).latest("valid_from")
        assert exit_day.valid_to is not None
        balance = FundMovement.objects.filter(
            account__person=claim.applicant, kind=MovementKind.CREDIT
        ).aggregate(c=Sum("amount_cents"))["c"]
        inputs = {
            "regime": exit_day.regime,
            "contributions": int(claim.explanation[1]["step"].split(": ")[1].split(";")[0]),
            "days_unemployed": (claim.filed_on - exit_day.valid_to).days,
            "balance": str(from_cents(balance)),
        }
        outputs, explanation = compute("severance_withdrawal", claim.event_date, inputs)
        assert outputs["eligible"] and claim.explanation == explanation
        assert claim.amount_cents == balance == int(outputs["amount"] * 100)
        assert (claim.filed_on - exit_day.valid_to).days >= 60
        assert claim.explanation[1]["value"] == 24  # the minimum the count was compared with
    for claim in Claim.objects.filter(kind=ClaimKind.RESERVE_FUND).order_by("id")[:5]:
        credits = FundMovement.objects.filter(
            account__person=claim.applicant, kind=MovementKind.CREDIT
        )
        assert credits.count() == claim.outputs["credited_months"] == 36
        assert claim.amount_cents == credits.aggregate(c=Sum("amount_cents"))["c"]
        assert (
            not Affiliation.objects.filter(person=claim.applicant, valid_to__isnull=False)
            .filter(valid_to__gt=claim.filed_on)
            .exists()
        )
    for claim in Claim.objects.filter(kind=ClaimKind.UNEMPLOYMENT).order_by("id")[:5]:
        last = Affiliation.objects.filter(person=claim.applicant).latest("valid_from")
        salary = last.salary_records.latest("valid_from").salary
        assert claim.event_date == last.valid_to
        inputs = {
            "regime": last.regime,
            "contributions": 24,  # not in the explanation: any count that qualifies
            "consecutive_before": 6,
            "days_unemployed": (claim.filed_on - claim.event_date).days,
            "cause": claim.cause,
            "is_retiree": False,
            "average_salary": str(salary.quantize(Decimal("0.01"))),
            "severance_balance": "0.00",
        }
        outputs, explanation = compute("unemployment_benefit", claim.event_date, inputs)
        assert claim.explanation[:-1] == explanation
        assert claim.outputs["payments"] == [str(p) for p in outputs["payments"]]
        total = sum(outputs["payments"], Decimal("0.00"))
        assert claim.amount_cents == int(total * 100)
        fixed = int(outputs["fixed_part"] * 100)
        paid = claim.instalments.filter(paid_on__year=YEAR)
        assert all(i.fund_cents == fixed and i.account_cents == 0 for i in paid)
        assert claim.decided_on is not None
        due = [month_add(claim.decided_on, n) for n in range(1, 6)]
        assert paid.count() == len([d for d in due if d.year == YEAR]) >= 1


def _snapshot(claim: Claim) -> dict[str, Any]:
    """A claim's rows with its own ids replaced by markers (so two claims compare)."""
    ids = {str(claim.pk): "C"}
    instalments = list(claim.instalments.order_by("number"))
    ids.update({str(i.pk): f"I{i.number}" for i in instalments})

    def mark(text: str) -> str:
        return text.replace(f"N.º {claim.pk},", "N.º C,").replace(f":{claim.pk}:", ":C:")

    users = dict(get_user_model().objects.values_list("id", "username"))
    fields = [
        f.attname
        for f in Claim._meta.concrete_fields
        if f.attname not in ("id", "computed_at", "decided_at")
    ]
    keys = [mark(i.ledger_key) for i in instalments]
    batches = LedgerBatch.objects.filter(
        key__in=[i.ledger_key for i in instalments if i.ledger_key]
    )
    return {
        "claim": {
            f: users[getattr(claim, f)] if f.endswith("by_id") else getattr(claim, f)
            for f in fields
        },
        "documents": [
            (code, label, users[user])
            for code, label, user in claim.documents.order_by("id").values_list(
                "code", "label", "checked_by_id"
            )
        ],
        "instalments": [
            (i.number, i.due_on, i.fund_cents, i.account_cents, i.paid_on, k)
            for i, k in zip(instalments, keys, strict=True)
        ],
        "withdrawals": [
            (m.kind, m.period, m.amount_cents, ids[str(m.instalment_id)], mark(str(m.explanation)))
            for m in FundMovement.objects.filter(instalment__claim=claim).order_by("id")
        ],
        "accounts": sorted(
            FundAccount.objects.filter(person=claim.applicant).values_list("kind", "province_code")
        ),
        "batches": sorted(
            (mark(b.key), b.job, b.period, b.entry_count, b.total_cents) for b in batches
        ),
        "entries": sorted(
            (mark(e.batch.key), e.seq, e.fund, e.kind, e.amount_cents, e.period, e.province_code,
             e.employer_id, e.person_id, e.document_type, ids[str(e.document_id)])
            for e in LedgerEntry.objects.filter(batch__in=batches).select_related("batch")
        ),
    }  # fmt: skip


def _through_services(claim: dict[str, Any], person: Person, credits: list[Any]) -> Claim:
    """The same claim walked through the benefits services, on the same inputs: the account's
    credits copied, and a contribution history with the months the set-based writer counted."""
    last = Affiliation.objects.filter(person=person).order_by("-valid_from", "-id").first()
    assert last is not None and last.employer_id is not None
    if claim["kind"] != ClaimKind.RESERVE_FUND:
        assert last.valid_to is not None
        step = claim["explanation"][1]
        months = (
            int(step["step"].split(": ")[1].split(";")[0])
            if claim["kind"] == ClaimKind.SEVERANCE
            else 24
        )
        end = month_add(last.valid_to.replace(day=1), -1)
        worker = Worker(person.pk, person.canton_id, last.employer_id, last.pk, last.regime)
        salary = int(last.salary_records.latest("valid_from").salary * 100)
        histories_write([(worker, HistorySpec(month_add(end, -(months - 1)), end, salary))])
        # Paid in their own month: every month counts by the exit day (no arrears).
        Obligation.objects.filter(records__person=person).update(paid_on=F("period"))
    if credits:
        kind = "severance" if claim["kind"] == ClaimKind.SEVERANCE else "reserve_fund"
        account = FundAccount.objects.create(
            person=person, kind=kind, province_code=claim["province_code"]
        )
        FundMovement.objects.bulk_create(
            FundMovement(account=account, kind=MovementKind.CREDIT, period=p, amount_cents=c)
            for p, c in credits
        )
    paid = [d for d in claim["paid_days"] if d is not None]
    walked = claim_walk(
        staff_get(claim["province_code"]),
        kind=claim["kind"],
        applicant=person,
        event_date=claim["event_date"],
        filed_on=claim["filed_on"],
        decided_on=claim["decided_on"],
        paid_on=paid,
        **({"cause": claim["cause"]} if claim["kind"] == ClaimKind.UNEMPLOYMENT else {}),
    )
    if walked is None:
        denied = Claim.objects.order_by("-id").first()
        raise AssertionError(denied and (denied.kind, denied.reason))
    return Claim.objects.get(pk=walked.pk)


@pytest.mark.django_db(transaction=False)
def test_set_based_rows_equal_the_services(registry: dict[str, Any]) -> None:
    samples: dict[str, Any] = {}
    with transaction.atomic():
        national_third_party_funds_generate(year=YEAR, scale=SCALE, seed=SEED)
        for kind in KINDS:
            claim = Claim.objects.filter(kind=kind).order_by("id").first()
            assert claim is not None
            samples[kind] = {
                "snapshot": _snapshot(claim),
                "person": claim.applicant_id,
                "claim": {
                    "kind": kind,
                    "province_code": claim.province_code,
                    "event_date": claim.event_date,
                    "filed_on": claim.filed_on,
                    "decided_on": claim.decided_on,
                    "cause": claim.cause,
                    "explanation": claim.explanation,
                    "outputs": claim.outputs,
                    "paid_days": list(
                        claim.instalments.order_by("number").values_list("paid_on", flat=True)
                    ),
                },
                "credits": list(
                    FundMovement.objects.filter(
                        account__person_id=claim.applicant_id, kind=MovementKind.CREDIT
                    )
                    .order_by("period")
                    .values_list("period", "amount_cents")
                ),
            }
        transaction.set_rollback(True)
    assert not Claim.objects.exists()
    for sample in samples.values():
        person = Person.objects.get(pk=sample["person"])
        walked = _through_services(sample["claim"], person, sample["credits"])
        assert _snapshot(walked) == sample["snapshot"]
    assert ledger_verify()[1] == []


@pytest.mark.django_db
def test_rerun_writes_nothing_and_the_ledger_verifies(made: dict[str, int]) -> None:
    counts = [m.objects.count() for m in (Claim, ClaimInstalment, FundMovement, LedgerBatch)]
    again = national_third_party_funds_generate(year=YEAR, scale=SCALE, seed=SEED)
    assert again["skipped"] == 1 and made["skipped"] == 0
    assert [
        m.objects.count() for m in (Claim, ClaimInstalment, FundMovement, LedgerBatch)
    ] == counts
    checked, problems = ledger_verify()
    assert problems == [] and checked == made["ledger_batches"]


@pytest.mark.django_db
def test_the_draw_is_deterministic(registry: dict[str, Any]) -> None:
    targets = targets_for(SCALE)
    first = claimants_draw(people_frame(YEAR), YEAR, targets, SEED)
    assert first.equals(claimants_draw(people_frame(YEAR), YEAR, targets, SEED))
    assert not first.equals(claimants_draw(people_frame(YEAR), YEAR, targets, SEED + 1))
    assert first["person_id"].n_unique() == first.height == targets["beneficiaries"]
    assert first.filter(first["filed_on"] > date(YEAR, 12, 10)).height == 0
