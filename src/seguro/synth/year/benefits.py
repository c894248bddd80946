"""The year's benefit claims paid from the individual accounts and the insurance funds:
severance and reserve-fund withdrawals, unemployment insurance and work-risk subsidies, each a
real claim walked through the benefits services (filed, checked, computed by an officer,
approved by another person, paid), so every amount comes from the rules with its explanation.

Calibration is in the inputs, never in the amounts: the withdrawals pay the account balance,
so the salary of the synthetic history before the closed months is solved for the balances to
reach the published total; unemployment pays a fixed monthly part, so the published amount
fixes how many claims get a second payment within the year.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from seguro.benefits.models import Claim, ClaimKind, UnemploymentCause
from seguro.benefits.services import fund_credits_post
from seguro.registry.models import Person
from seguro.rules.api import compute
from seguro.rules.columns import contribution_frame
from seguro.rules.money import to_cents
from seguro.rules.params import default_parameters
from seguro.synth.year.claims import People, Staff, claim_walk, staff_get
from seguro.synth.year.config import month_of, months_between
from seguro.synth.year.histories import HistorySpec, Worker, histories_write, month_add
from seguro.synth.year.steps import Context


def settings(context: Context) -> dict[str, Any]:
    return dict(context.plan.data["benefits"])


def people_for(context: Context, seed: int) -> People:
    first = month_of(context.plan.assumptions["first_month"])
    return People(context.plan.province_code, seed, first, len(context.plan.months))


def history_last_month(context: Context) -> date:
    return month_add(month_of(context.plan.assumptions["first_month"]), -1)


def _day_in_year(rng: Any, year: int, first_month: int = 1, last_month: int = 11) -> date:
    month = int(rng.integers(first_month, last_month + 1))
    return date(year, month, int(rng.integers(1, 21)))


def _severance_salary_cents(
    target_cents: int, rows: list[tuple[Worker, HistorySpec]], credits_from: date
) -> int:
    """The monthly salary whose severance credits (the contribution rule's severance share, by
    period and regime) over the histories sum to the target: credits are proportional to it."""
    months = [
        (w.regime, p)
        for w, spec in rows
        for p in months_between(max(spec.first, credits_from), spec.last)
    ]
    if not months:
        return 0
    probe = 100_000_00  # one hundred thousand dollars: rounding is negligible in the ratio
    frame = pl.DataFrame(
        {
            "regime": [r for r, _ in months],
            "salary_cents": [probe] * len(months),
            "period": [p for _, p in months],
        },
        schema={"regime": pl.Utf8, "salary_cents": pl.Int64, "period": pl.Date},
    )
    credited = int(contribution_frame(frame)["by_fund_severance"].sum())
    return round(target_cents * probe / credited)


def third_party_histories(context: Context, people: People) -> dict[str, Any]:
    """Draw the severance, reserve-fund and unemployment claimants, write their histories and
    credit their individual accounts (benefits service ``fund_credits_post``)."""
    plan, conf = context.plan, settings(context)
    figures, assumptions = conf["figures"], conf["assumptions"]
    months = assumptions["history_months"]
    last = history_last_month(context)
    params = default_parameters()
    severance_regimes = params.get("third_party_funds.severance.regimes", last).value
    unemployment_regimes = params.get("unemployment.regimes", last).value

    # Unemployment first: it needs the recent exits, severance takes any since.
    unemployment_exits = tuple(date.fromisoformat(d) for d in assumptions["unemployment_exits"])
    unemployed = people.workers(
        plan.count(figures["unemployment"]["count"]),
        active=False,
        regimes=unemployment_regimes,
        exits=unemployment_exits,  # type: ignore[arg-type]
    )
    severance_exits = tuple(date.fromisoformat(d) for d in assumptions["severance_exits"])
    severance = people.workers(
        plan.count(figures["severance"]["count"]),
        active=False,
        regimes=severance_regimes,
        exits=severance_exits,  # type: ignore[arg-type]
    )
    reserve = people.workers(
        plan.count(figures["reserve_fund"]["count"]), active=True, reserve_fund_mode="accumulated"
    )
    # Reserve fund: the rule's monthly amount on a probe salary gives the rate, then the salary
    # whose 36 (or more) monthly amounts reach the published total.
    probe, _ = compute("reserve_fund", last, {"salary": "1000.00", "months_with_employer": 24})
    per_claim = Decimal(plan.cents(figures["reserve_fund"]["usd"])) / max(1, len(reserve))
    reserve_salary = to_cents(
        per_claim / months["reserve_fund"] / (probe["amount"] / Decimal("1000.00")) / 100
    )
    monthly, _ = compute(
        "reserve_fund",
        last,
        {"salary": str(Decimal(reserve_salary) / 100), "months_with_employer": 24},
    )
    exits = people.exit_dates(severance)
    spans = []
    for worker in severance:
        end = min(last, exits[worker.person_id].replace(day=1))
        spans.append((worker, HistorySpec(month_add(end, -(months["severance"] - 1)), end, 0)))
    credits_from = month_of(assumptions["credits_from"])
    salary = _severance_salary_cents(plan.cents(figures["severance"]["usd"]), spans, credits_from)
    rows = [(w, dataclasses.replace(spec, salary_cents=salary)) for w, spec in spans]
    for worker in reserve:
        first = month_add(last, -(months["reserve_fund"] - 1))
        spec = HistorySpec(first, last, reserve_salary, to_cents(monthly["amount"]))
        rows.append((worker, spec))
    written = histories_write(rows)
    fund_credits_post(actor=None, period_from=credits_from, period_to=last)

    # Unemployment claimants' histories are written after the credit run: their severance
    # accounts stay empty, so the insurance pays its fixed part alone (no account top-up).
    unemployment_salary = to_cents(Decimal(assumptions["unemployment_history_salary_usd"]))
    unemployment_exits_of = people.exit_dates(unemployed)
    spans = []
    for worker in unemployed:
        end = min(last, unemployment_exits_of[worker.person_id].replace(day=1))
        first = month_add(end, -(months["unemployment"] - 1))
        spans.append((worker, HistorySpec(first, end, unemployment_salary)))
    written += histories_write(spans)
    return {
        "severance": severance,
        "reserve": reserve,
        "unemployed": unemployed,
        "records": written,
    }


def _withdrawals(context: Context, staff: Staff, drawn: dict[str, Any]) -> dict[str, int]:
    plan, conf = context.plan, settings(context)
    rng = np.random.default_rng(plan.seed + 11)
    year = plan.year
    wait = timedelta(days=int(conf["assumptions"]["severance_claim_days_after_exit"]))
    exits = drawn["exits"]
    counts = {"severance": 0, "reserve_fund": 0}
    people = Person.objects.in_bulk([w.person_id for w in drawn["severance"]])
    for worker in context.bar(drawn["severance"], "Cesantía"):
        exit_day = exits[worker.person_id]
        filed = min(max(exit_day + wait, _day_in_year(rng, year)), date(year, 12, 10))
        claim = claim_walk(
            staff,
            kind=ClaimKind.SEVERANCE,
            applicant=people[worker.person_id],
            event_date=filed,  # the request: the withdrawal's rules in force that day
            filed_on=filed,
            decided_on=filed + timedelta(days=7),
            paid_on=[filed + timedelta(days=10)],
        )
        counts["severance"] += claim is not None
    people = Person.objects.in_bulk([w.person_id for w in drawn["reserve"]])
    for worker in context.bar(drawn["reserve"], "Fondos de reserva"):
        filed = _day_in_year(rng, year)
        claim = claim_walk(
            staff,
            kind=ClaimKind.RESERVE_FUND,
            applicant=people[worker.person_id],
            event_date=filed,
            filed_on=filed,
            decided_on=filed + timedelta(days=7),
            paid_on=[filed + timedelta(days=10)],
        )
        counts["reserve_fund"] += claim is not None
    return counts


def _unemployment(context: Context, staff: Staff, drawn: dict[str, Any]) -> dict[str, int]:
    """Approved in October (paid in November and December) or in November (paid in
    December): the published amount fixes how many get their second payment in the year."""
    plan, conf = context.plan, settings(context)
    year = plan.year
    target = plan.cents(conf["figures"]["unemployment"]["usd"])
    wait = timedelta(days=int(conf["assumptions"]["unemployment_claim_days_after_exit"]))
    exits = drawn["exits"]
    # Latest exits first: they cannot be decided in October; the earlier ones (a lower SBU, so
    # a lower fixed part) come last, when what is left to pay is known best.
    workers = sorted(
        drawn["unemployed"], key=lambda w: (exits[w.person_id], w.person_id), reverse=True
    )
    people = Person.objects.in_bulk([w.person_id for w in workers])
    october, november = date(year, 10, 20), date(year, 11, 20)
    state = {"paid": 0, "approved": 0}

    def decide(claim: Claim, left: int) -> date:
        monthly = to_cents(Decimal(claim.outputs["payments"][0]))
        remaining = target - state["paid"]
        two = claim.filed_on <= october and abs(remaining - 2 * monthly - left * monthly) < abs(
            remaining - monthly - left * monthly
        )
        state["paid"] += monthly * (2 if two else 1)
        return october if two else november

    def paid_on(claim: Claim) -> list[date]:
        return [i.due_on for i in claim.instalments.order_by("number") if i.due_on.year == year]

    for index, worker in enumerate(context.bar(workers, "Seguro de desempleo")):
        exit_day = exits[worker.person_id]
        left = len(workers) - index - 1
        claim = claim_walk(
            staff,
            kind=ClaimKind.UNEMPLOYMENT,
            applicant=people[worker.person_id],
            event_date=exit_day,
            filed_on=exit_day + wait,
            decided_on=lambda c, left=left: decide(c, left),  # type: ignore[misc]
            paid_on=paid_on,
            cause=UnemploymentCause.DISMISSAL,
        )
        state["approved"] += claim is not None
    return {"unemployment": state["approved"]}


def _work_risks(context: Context, staff: Staff, people: People) -> int:
    """Temporary-incapacity subsidies of active affiliates (accidents at work in the year)."""
    plan, conf = context.plan, settings(context)
    rng = np.random.default_rng(plan.seed + 13)
    low, high = conf["assumptions"]["work_risk_days"]
    wanted = plan.count(conf["figures"]["work_risk_claims"])
    approved = 0
    while approved < wanted:
        workers = people.workers(wanted - approved, active=True)
        if not workers:
            break
        persons = Person.objects.in_bulk([w.person_id for w in workers])
        for worker in context.bar(workers, "Riesgos del trabajo"):
            accident = _day_in_year(rng, plan.year, 2, 11)
            claim = claim_walk(
                staff,
                kind=ClaimKind.WORK_RISK_TEMPORARY,
                applicant=persons[worker.person_id],
                event_date=accident,
                filed_on=accident + timedelta(days=5),
                decided_on=accident + timedelta(days=15),
                paid_on=[accident + timedelta(days=20)],
                days=int(rng.integers(low, high + 1)),
                accident_reference=f"AT-{plan.year}-{worker.person_id}",
            )
            approved += claim is not None
    return approved


def third_party_and_work_risk_claims(context: Context) -> dict[str, Any]:
    """Step: severance, reserve-fund and unemployment claims, and work-risk subsidies."""
    plan = context.plan
    staff = staff_get(plan.province_code)
    people = people_for(context, plan.seed + 5)
    drawn = third_party_histories(context, people)
    drawn["exits"] = people.exit_dates(drawn["severance"] + drawn["unemployed"])
    counts = _withdrawals(context, staff, drawn)
    counts.update(_unemployment(context, staff, drawn))
    counts["work_risk_temporary"] = _work_risks(context, staff, people)
    counts["history_records"] = drawn["records"]
    return counts
