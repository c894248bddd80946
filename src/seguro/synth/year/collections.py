"""Step 2: payments. Agreements and credit titles for a handful of employers that stopped
paying; late payments through ``payment_register`` calibrated to the published arrears
recovery; everyone else on time, written set-based (ontime.py); the year's targets."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl

from seguro.collections import law
from seguro.collections._common import usd
from seguro.collections.agreements import agreement_limits, agreement_sign
from seguro.collections.control import collection_target_set
from seguro.collections.debts import Debtor, position, slots
from seguro.collections.enforcement import credit_title_issue
from seguro.collections.models import Payment, TargetKind
from seguro.collections.payments import payment_register
from seguro.registry.models import Employer
from seguro.synth.year.debtors import (
    arrears_recovered_cents,
    debtors_draw,
    obligations_frame,
    year_end,
)
from seguro.synth.year.ontime import on_time_payments_write
from seguro.synth.year.steps import Context


def _pay_due(employer: Employer, paid_on: date, cutoff: date) -> int:
    """Pay everything the employer owes that fell due by ``cutoff``; returns the cents."""
    pos = position(Debtor(employer=employer), paid_on)
    cents = sum(slot.owed_cents for slot in slots(pos) if slot.key[0] <= cutoff)
    if cents > 0:
        payment_register(actor=None, paid_on=paid_on, amount=usd(cents), employer=employer)
    return cents


def agreements_and_titles(context: Context) -> dict[str, Any]:
    plan = context.plan
    debtors = debtors_draw(plan, obligations_frame(plan))
    settings = plan.assumptions["agreements"]
    issued_on = date.fromisoformat(plan.assumptions["enforcement"]["issued_on"])
    for employer in context.bar(
        Employer.objects.filter(pk__in=debtors.enforcement).order_by("pk"), "Títulos de crédito"
    ):
        credit_title_issue(actor=None, employer=employer, on=issued_on)
    signed_on = date.fromisoformat(settings["signed_on"])
    paid = 0
    for employer in context.bar(
        Employer.objects.filter(pk__in=debtors.agreements).order_by("pk"), "Convenios de pago"
    ):
        pos = position(Debtor(employer=employer), signed_on)
        lines, fines = pos.overdue()
        debt = sum(x.outstanding_cents + x.interest_cents for x in lines) + sum(
            f.outstanding_cents for f in fines
        )
        if debt <= 0:
            continue
        low, high = agreement_limits(debt, signed_on)
        instalments = min(max(int(settings["instalments"]), low), high)
        agreement_sign(actor=None, employer=employer, on=signed_on, instalments=instalments)
        for month in range(signed_on.month + 1, 13):
            day = date(plan.year, month, int(settings["payment_day"]))
            paid += _pay_due(employer, day, day)
    return {
        "credit_titles": len(debtors.enforcement),
        "agreements": len(debtors.agreements),
        "agreement_paid_cents": paid,
    }


def _late_plan(
    obligations: pl.DataFrame, employer_id: int, delay: int, end: date
) -> list[tuple[int, date, date, int]]:
    """(obligation, due date, payment date, total) the employer pays ``delay`` months late."""
    own = obligations.filter(pl.col("employer_id") == employer_id).sort(
        ["due_date", "obligation_id"]
    )
    planned = []
    for obligation_id, due, total in own.select(
        "obligation_id", "due_date", "total_cents"
    ).iter_rows():
        paid_on = law.add_months(due, delay)
        if paid_on <= end:
            planned.append((int(obligation_id), due, paid_on, int(total)))
    return planned


def late_payments(context: Context) -> dict[str, Any]:
    """Late payers, drawn in order until their capital paid late in the year reaches the
    published recovery; the last one's crossing payment pays only the capital still needed
    (after its interest), so the year's recovery equals the figure to the cent."""
    plan = context.plan
    obligations = obligations_frame(plan)
    debtors = debtors_draw(plan, obligations)
    needed = plan.arrears_recovered_cents - arrears_recovered_cents(plan)
    end = year_end(plan)
    chosen: list[tuple[int, list[tuple[int, date, date, int]]]] = []
    reached = 0
    for employer_id, delay in debtors.late:
        if reached >= needed:
            break
        planned = _late_plan(obligations, employer_id, delay, end)
        in_year = sum(total for _, _, paid_on, total in planned if paid_on.year == plan.year)
        if in_year == 0:
            continue
        chosen.append((employer_id, planned))
        reached += in_year
    employers = Employer.objects.in_bulk([e for e, _ in chosen])
    planned_count = sum(len(p) for _, p in chosen)
    payments = 0
    counted = 0
    progress = iter(context.bar(range(planned_count), "Pagos atrasados", total=planned_count))
    for employer_id, planned in chosen:
        employer = employers[employer_id]
        for _, due, paid_on, owed in planned:
            next(progress, None)
            principal = owed
            if paid_on.year == plan.year:
                principal = min(owed, needed - counted)
                if principal <= 0:
                    break
                counted += principal
            # interest runs on the whole unpaid obligation and is settled first
            interest = law.interest(owed, due, paid_on)["cents"]
            payment_register(
                actor=None, paid_on=paid_on, amount=usd(principal + interest), employer=employer
            )
            payments += 1
    return {"late_payers": len(chosen), "payments": payments, "capital_cents": counted}


def on_time_payments(context: Context) -> dict[str, Any]:
    """Every other debtor pays each obligation in full between the 1st of the month after its
    period and its due date (within the year)."""
    plan = context.plan
    obligations = obligations_frame(plan)
    debtors = debtors_draw(plan, obligations)
    paying = set(
        Payment.objects.filter(employer__isnull=False).values_list("employer_id", flat=True)
    )
    excluded = set(debtors.enforcement) | set(debtors.agreements) | paying
    rng = np.random.default_rng([plan.seed, 3])
    draws = rng.random(size=obligations.height)
    pending = obligations.with_columns(pl.Series("draw", draws)).filter(
        (pl.col("paid_cents") == 0)
        & ~pl.col("employer_id").is_in(list(excluded)).fill_null(False)
        & (pl.col("due_date") <= year_end(plan))
    )
    pending = pending.with_columns(
        pl.date(
            pl.col("due_date").dt.year(),
            pl.col("due_date").dt.month(),
            (pl.col("draw") * pl.col("due_date").dt.day()).floor().cast(pl.Int32) + 1,
        ).alias("paid_on")
    )
    written = {"payments": 0, "entries": 0}
    for period in context.bar(sorted(pending["period"].unique().to_list()), "Pagos a tiempo"):
        month = pending.filter(pl.col("period") == period).select(
            "obligation_id", "period", "paid_on"
        )
        done = on_time_payments_write(month)
        for key in written:
            written[key] += done[key]
    return written


def targets(context: Context) -> dict[str, Any]:
    """The year's arrears-recovery target of the province (published recovery / compliance)."""
    plan = context.plan
    cents = plan.arrears_target_cents
    collection_target_set(
        actor=None,
        province_code=plan.province_code,
        year=plan.year,
        kind=TargetKind.ARREARS_RECOVERY,
        amount=usd(cents),
    )
    return {"arrears_target_cents": cents, "recovered_cents": arrears_recovered_cents(plan)}
