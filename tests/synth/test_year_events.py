"""The year's work-risk events and provider invoices at a small scale: the report's work-risk
figures and the health invoices paid in the ledger equal counts taken independently from the
records; invoices are billed at the agreement's tariff and an over-tariff line is rejected."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from seguro.health.models import (
    AgreementService,
    InvoiceLine,
    InvoiceState,
    ProviderInvoice,
    Referral,
)
from seguro.health.services.billing import INVOICE_DOCUMENT, INVOICE_JOB
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.reports.build import report_build, scope_for
from seguro.synth.year.service import STEPS
from seguro.work_risks.models import (
    AccidentReport,
    DiseaseState,
    EmployerLiability,
    Investigation,
    LiabilityReason,
    OccupationalDiseaseCase,
)
from tests.synth.test_year import _generate

SCALE = 0.02
YEAR = 2022


@pytest.mark.django_db
def test_the_year_s_work_risk_events_and_provider_invoices() -> None:
    names = [s.name for s in STEPS]
    assert names.index("work_risk_events") == names.index("targets") + 1
    assert names.index("provider_invoices") == names.index("referrals") + 1
    result = _generate(scale=SCALE, benefits=False)
    steps = result["steps"]
    figures = report_build(scope_for(YEAR, "Loja")).as_json()["figures"]["work_risks"]
    _work_risks_equal_the_records(figures, steps["work_risk_events"])
    _invoices_paid_equal_the_ledger(steps["provider_invoices"])


def _work_risks_equal_the_records(figures: dict[str, Any], made: dict[str, Any]) -> None:
    # Counted in Python over every record (the province by the employer's canton).
    reports = [
        r
        for r in AccidentReport.objects.select_related("employer__canton")
        if r.employer.canton.province_id == "11" and r.reported_on.year == YEAR
    ]
    late = [r for r in reports if r.reported_on > r.due_date]
    qualified = [
        c
        for c in OccupationalDiseaseCase.objects.select_related("employer__canton")
        if c.employer.canton.province_id == "11"
        and c.state == DiseaseState.QUALIFIED
        and c.resolution_date is not None
        and c.resolution_date.year == YEAR
    ]
    investigations = [i for i in Investigation.objects.all() if i.started_on.year == YEAR]
    # A few of each at this scale (every kind at least one), and what the step says it made.
    assert len(reports) == made["accidents"] >= 3
    assert len(late) == made["accidents_late"] >= 1
    assert len(late) < len(reports)
    assert len(qualified) == made["diseases_qualified"] >= 1
    assert len(investigations) == made["investigations"] >= 1
    assert figures["accidents_reported"] == len(reports)
    assert figures["accidents_reported_late"] == len(late)
    assert figures["occupational_diseases_qualified"] == len(qualified)
    assert figures["investigations"] == len(investigations)
    # The late flag is the service's (after the term), and each late notice opened the
    # employer liability; notices were filed by the employer's own user.
    assert all(r.late == (r.reported_on > r.due_date) for r in reports)
    liable = set(
        EmployerLiability.objects.filter(reason=LiabilityReason.LATE_REPORT).values_list(
            "accident_report_id", flat=True
        )
    )
    assert {r.pk for r in late} <= liable
    assert all(
        r.reported_by is not None and r.reported_by.scope.employer_id == r.employer_id
        for r in reports
    )
    assert all(q.qualified_by is not None and q.incapacity_percent for q in qualified)


def _invoices_paid_equal_the_ledger(made: dict[str, Any]) -> None:
    invoices = list(ProviderInvoice.objects.all())
    paid = [i for i in invoices if i.state == InvoiceState.PAID]
    assert len(invoices) == made["invoices"] and len(paid) == made["paid"] >= 1
    # Every referral of the year billed once, one invoice per agreement and month.
    lines = list(InvoiceLine.objects.select_related("invoice"))
    referrals = Referral.objects.filter(referred_on__year=YEAR)
    assert len(lines) == referrals.count()
    assert Counter((line.invoice.agreement_id, line.service_date) for line in lines) == Counter(
        referrals.values_list("agreement_id", "referred_on")
    )
    months = Counter(
        (line.invoice_id, line.invoice.agreement_id, line.service_date.month) for line in lines
    )
    per_invoice = Counter(invoice_id for invoice_id, _, _ in months)
    assert set(per_invoice.values()) == {1}
    # Lines at the tariff are accepted; the over-tariff ones are rejected by the review.
    tariffs = dict(
        ((a, c), t)
        for a, c, t in AgreementService.objects.values_list("agreement_id", "code", "tariff_cents")
    )
    over = [
        line
        for line in lines
        if line.unit_price_cents > tariffs[(line.invoice.agreement_id, line.service_code)]
    ]
    assert len(over) == made["over_tariff_lines"] >= 1
    assert all(
        line.accepted is False and "supera la tarifa" in line.rejection_reason for line in over
    )
    at_tariff = [line for line in lines if line not in over]
    assert all(
        line.unit_price_cents == tariffs[(line.invoice.agreement_id, line.service_code)]
        for line in at_tariff
    )
    # Paid = the accepted lines, and the ledger holds exactly the paid invoices' amounts.
    accepted: Counter[int] = Counter()
    for line in lines:
        if line.accepted:
            accepted[line.invoice_id] += line.amount_cents
    assert {i.pk: i.accepted_cents for i in paid} == {
        k: v for k, v in accepted.items() if k in {i.pk for i in paid}
    }
    batches = LedgerBatch.objects.filter(job=INVOICE_JOB)
    entries = LedgerEntry.objects.filter(batch__in=batches, document_type=INVOICE_DOCUMENT)
    in_ledger: Counter[int] = Counter()
    for document_id, cents in entries.values_list("document_id", "amount_cents"):
        in_ledger[document_id] += cents
    assert dict(in_ledger) == {i.pk: i.accepted_cents for i in paid}
    assert sum(in_ledger.values()) == made["paid_cents"] > 0
    assert {b.key for b in batches} == {i.ledger_key for i in paid}
    # Maker-checker: the reviewer is never the approver.
    assert all(i.reviewed_by_id and i.approved_by_id != i.reviewed_by_id for i in paid)
    assert ledger_verify()[1] == []
