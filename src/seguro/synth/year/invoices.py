"""Provider invoices: the external providers bill the year's referrals. Per agreement and month
with referrals, one invoice walked through the health billing services: registered (a line per
referral at the agreement's tariff), reviewed by one person, approved by another and paid
through the ledger. A share of the invoices (drawn with the seed, at least one) bills one line
over the tariff, which the review rejects."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from seguro.health.models import AgreementService, ProviderAgreement, Referral
from seguro.health.services._common import usd
from seguro.health.services.billing import (
    LineInput,
    invoice_approve,
    invoice_pay,
    invoice_register,
    invoice_review,
)
from seguro.registry.models import Person
from seguro.synth.year.claims import province_user
from seguro.synth.year.steps import Context

# The two people who work the invoices (maker-checker): username prefix and role.
REVIEWER = ("synth-salud-auditor", "health_staff")
APPROVER = ("synth-salud-aprobador", "finance")


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def provider_invoices(context: Context) -> dict[str, Any]:
    plan = context.plan
    settings = plan.data["provider_invoices"]
    rng = np.random.default_rng([plan.seed, 30])
    reviewer = province_user(*REVIEWER, plan.province_code)
    approver = province_user(*APPROVER, plan.province_code)
    tariffs = {
        (a, code): cents
        for a, code, cents in AgreementService.objects.values_list(
            "agreement_id", "code", "tariff_cents"
        )
    }
    # The year's referrals from the province's units, grouped by agreement and month.
    groups: dict[tuple[date, int], list[tuple[str, date, int]]] = defaultdict(list)
    rows = (
        Referral.objects.filter(
            referred_on__year=plan.year,
            attention__unit__canton__province_id=plan.province_code,
        )
        .order_by("referred_on", "id")
        .values_list("agreement_id", "service_code", "referred_on", "attention__person_id")
    )
    for agreement_id, code, on, person_id in rows:
        groups[(date(on.year, on.month, 1), agreement_id)].append((code, on, person_id))
    keys = sorted(groups)
    over_count = 0
    if keys:
        share = Decimal(settings["over_tariff_share"])
        wanted = int((share * len(keys)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        over_count = min(len(keys), max(1, wanted))
    over = set(rng.choice(len(keys), size=over_count, replace=False).tolist()) if keys else set()
    markup = Decimal(settings["over_tariff_markup"])
    agreements = ProviderAgreement.objects.in_bulk([a for _, a in keys])
    people = Person.objects.in_bulk({p for lines in groups.values() for _, _, p in lines})
    serial: dict[int, int] = defaultdict(int)
    made = {"invoices": 0, "lines": 0, "over_tariff_lines": 0, "paid": 0, "paid_cents": 0}
    for index, (month, agreement_id) in enumerate(
        context.bar(keys, "Facturas de prestadores externos")
    ):
        agreement = agreements[agreement_id]
        referred = groups[(month, agreement_id)]
        prices = [tariffs[(agreement_id, code)] for code, _, _ in referred]
        if index in over:
            line = int(rng.integers(0, len(prices)))
            exact = Decimal(prices[line]) * markup
            prices[line] = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
            made["over_tariff_lines"] += 1
        lines = [
            LineInput(
                service_code=code,
                service_date=on,
                quantity=1,
                unit_price=usd(price),
                patient=people[person_id],
            )
            for (code, on, person_id), price in zip(referred, prices, strict=True)
        ]
        serial[agreement_id] += 1
        issued_on = _next_month(month) + timedelta(
            days=int(settings["issued_days_after_month"]) - 1
        )
        reviewed_on = issued_on + timedelta(days=int(settings["review_days"]))
        paid_on = reviewed_on + timedelta(days=int(settings["payment_days"]))
        invoice = invoice_register(
            actor=None,
            agreement=agreement,
            number=f"001-001-{month:%Y%m}{serial[agreement_id]:05d}",
            issued_on=issued_on,
            lines=lines,
        )
        invoice = invoice_review(actor=reviewer, invoice=invoice, on=reviewed_on)
        made["invoices"] += 1
        made["lines"] += len(lines)
        if invoice.accepted_cents == 0:
            continue  # nothing to approve: every line was rejected (the ceiling is spent)
        invoice = invoice_approve(actor=approver, invoice=invoice)
        invoice = invoice_pay(actor=approver, invoice=invoice, paid_on=paid_on)
        made["paid"] += 1
        made["paid_cents"] += invoice.accepted_cents
    return made
