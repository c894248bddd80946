"""The year's pension-system claims (funeral aid, montepío, invalidity retirement) and the
twelve pension payrolls that pay the pensions in payment.

- Pensions in payment: the synthetic registry's pensioners get their pensions with
  ``seguro.synth.pension_amounts.synthetic_pensions_load``; the claims approved in the year add
  theirs (``pension_grant`` through ``claim_approve``); ``payroll_run`` pays each month.
- Deaths: active affiliates with a work history die in the year (``person_record_death``);
  each death gives a funeral aid claim (the rule's maximum; the last one reimburses invoiced
  expenses for the remainder, below the maximum, as the rule allows) and the first ones also a
  montepío claimed by a surviving spouse.
- Retirement: invalidity pensions of active affiliates with a work history.

The report values a pension granted in the year at what the year's payrolls paid it, which
depends on the month it starts: each claim's start month is chosen, once the previous claims
are computed, so that the payrolls' total reaches the published figure (``paid_in_year``
projects a payroll year with the 13th and 14th pension rules, as the payroll computes them).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Sum

from seguro.benefits.models import Claim, ClaimKind, SurvivorRelationship
from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.pensions.payroll import payroll_run
from seguro.registry.models import Person, Province
from seguro.registry.services.people import person_record_death
from seguro.rules.api import compute
from seguro.rules.money import from_cents, to_cents
from seguro.synth.pension_amounts import synthetic_pensions_load
from seguro.synth.year.benefits import history_last_month, people_for, settings
from seguro.synth.year.claims import People, Staff, claim_walk, staff_get
from seguro.synth.year.histories import HistorySpec, Worker, histories_write, month_add
from seguro.synth.year.steps import Context


def paid_in_year(monthly_cents: int, start: date, region: str) -> int:
    """What the year's payrolls pay a pension of ``monthly_cents`` in force from ``start`` (a
    date in the year): the months from its start, the 13th in December on them and the 14th
    in the region's month for the months received in the 12 months up to it."""
    year = start.year
    months = 12 - start.month + 1
    paid = monthly_cents * months
    thirteenth, _ = compute(
        "thirteenth_pension", date(year, 12, 1), {"pensions_paid_in_year": from_cents(paid)}
    )
    total = paid + to_cents(thirteenth["amount"])
    probe, _ = compute("fourteenth_pension", date(year, 1, 1), {"region": region})
    month = int(probe["payment_month"])
    if start.month <= month:
        fourteenth, _ = compute(
            "fourteenth_pension",
            date(year, month, 1),
            {"region": region, "months_received": month - start.month + 1},
        )
        total += to_cents(fourteenth["amount"])
    return total


class StartPicker:
    """Chooses each pension's start month so the payrolls' total reaches the target."""

    def __init__(self, target_cents: int, count: int, year: int, region: str) -> None:
        self.remaining = target_cents
        self.left = count
        self.year = year
        self.region = region
        self.expected = 0  # monthly amount of the last pension computed (the next one's guess)

    def month(self, monthly: int) -> int:
        """The start month that brings the next pension of ``monthly`` cents closest to its
        share of what is left of the target."""
        share = self.remaining / max(1, self.left)
        options = [
            (abs(paid_in_year(monthly, date(self.year, m, 1), self.region) - share), m)
            for m in range(1, 13)
        ]
        return min(options)[1]

    def record(self, monthly_cents: int, start: date) -> None:
        self.expected = monthly_cents
        self.remaining -= paid_in_year(monthly_cents, start, self.region)
        self.left -= 1


def _pension_shares_cents(claim: Claim) -> int:
    total = PensionBeneficiary.objects.filter(pension_id=int(claim.pension_id or 0)).aggregate(
        c=Sum("share_cents")
    )["c"]
    return int(total or 0)


def _histories(context: Context, workers: list[Worker], salary_usd: str) -> int:
    months = settings(context)["assumptions"]["history_months"]["pension"]
    last = history_last_month(context)
    spec = HistorySpec(month_add(last, -(months - 1)), last, to_cents(Decimal(salary_usd)))
    return histories_write([(w, spec) for w in workers])


def pensions_in_payment(context: Context) -> dict[str, Any]:
    """Step: the registry's pensioners get their pensions in payment (synthetic amounts)."""
    return {"pensions_loaded": synthetic_pensions_load(actor=None, seed=context.plan.seed)}


def _deaths(context: Context, staff: Staff, people: People) -> dict[str, int]:
    plan, conf = context.plan, settings(context)
    figures, assumptions = conf["figures"], conf["assumptions"]
    year = plan.year
    rng = np.random.default_rng(plan.seed + 17)
    on = date(year, 1, 1)
    maximum_out, _ = compute(
        "funeral_grant", on, {"deceased_is_pensioner": True, "contributions_last_12_months": 0}
    )
    maximum = to_cents(maximum_out["maximum"])
    funeral_target = plan.cents(figures["funeral_paid_usd"])
    funerals = -(-funeral_target // maximum)  # the last one reimburses the remainder
    survivors = min(plan.count(assumptions["survivors_claims"]), funerals)
    # The deceased are old-age pensioners (most funerals and montepíos are theirs): affiliates
    # in force who died would leave the year-end count of affiliates short of its figure.
    deceased = people.pensioners(funerals, kinds=["old_age"], since_before=on)
    # Who claims: a surviving spouse (the first ones also claim the montepío) or a relative.
    relatives = people.adults(len(deceased), born_before=date(year - 20, 1, 1))
    region = region_of(plan.province_code)
    picker = StartPicker(plan.cents(figures["survivors_paid_usd"]), survivors, year, region)
    # A widow alone receives this part of the pension her spouse received (asked of the rule).
    widow_part, _ = compute(
        "survivors_pension",
        on,
        {"deceased_pension": "1000.00", "spouse": True, "children": 0, "parents": 0},
    )
    part = Decimal(widow_part["total"]) / Decimal("1000.00")
    bases = dict(
        Pension.objects.filter(holder__in=deceased, kind="old_age").values_list(
            "holder_id", "base_amount_cents"
        )
    )
    paid = counts = montepio = 0
    for index, person in enumerate(context.bar(deceased, "Fallecimientos")):
        guess = int(bases.get(person.pk, 0) * part)
        month = picker.month(guess) if index < survivors else int(rng.integers(1, 13))
        death = date(year, month, int(rng.integers(1, 6)))
        person_record_death(actor=staff.officer, person=person, death_date=death)
        applicant = relatives[index]
        expenses = None
        if index == funerals - 1 and funeral_target - paid < maximum:
            expenses = from_cents(funeral_target - paid)
        claim = claim_walk(
            staff,
            kind=ClaimKind.FUNERAL,
            applicant=applicant,
            deceased=person,
            filed_on=death + timedelta(days=5),
            decided_on=death + timedelta(days=12),
            paid_on=[death + timedelta(days=15)],
            expenses=expenses,
        )
        if claim is not None:
            counts += 1
            paid += int(claim.amount_cents or 0)
        if index < survivors:
            claim = claim_walk(
                staff,
                kind=ClaimKind.SURVIVORS,
                applicant=applicant,
                deceased=person,
                beneficiaries=[(applicant, SurvivorRelationship.SPOUSE)],
                filed_on=death + timedelta(days=6),
                decided_on=death + timedelta(days=20),
            )
            if claim is not None:
                montepio += 1
                picker.record(_pension_shares_cents(claim), death)
    return {"funeral": counts, "survivors": montepio}


def people_of(workers: list[Worker]) -> list[Person]:
    found = Person.objects.in_bulk([w.person_id for w in workers])
    return [found[w.person_id] for w in workers]


def region_of(province_code: str) -> str:
    """The region of the province's pensions (their 14th pension month)."""
    return str(Province.objects.get(code=province_code).region)


def _retirements(context: Context, staff: Staff, people: People, count: int) -> dict[str, int]:
    plan, conf = context.plan, settings(context)
    salary = conf["assumptions"]["pension_history_salary_usd"]["retirement"]
    year = plan.year
    workers = people.workers(count, active=True)
    records = _histories(context, workers, salary)
    region = region_of(plan.province_code)
    picker = StartPicker(
        plan.cents(conf["figures"]["retirement_paid_usd"]), len(workers), year, region
    )
    guess = to_cents(Decimal(salary)) // 2
    granted = 0
    for person in people_of(workers):
        start = date(year, picker.month(picker.expected or guess), 1)
        claim = claim_walk(
            staff,
            kind=ClaimKind.DISABILITY,
            applicant=person,
            event_date=start,
            filed_on=start + timedelta(days=5),
            decided_on=start + timedelta(days=20),
        )
        if claim is not None:
            granted += 1
            picker.record(_pension_shares_cents(claim), start)
    return {"retirement": granted, "history_records": records}


def pension_claims(context: Context) -> dict[str, Any]:
    """Step: deaths (funeral aid and montepío) and invalidity retirements of the year."""
    plan, conf = context.plan, settings(context)
    staff = staff_get(plan.province_code)
    people = people_for(context, plan.seed + 7)
    deaths = _deaths(context, staff, people)
    total = plan.count(conf["figures"]["pension_claims_count"])
    retirements = _retirements(
        context, staff, people, max(0, total - deaths["funeral"] - deaths["survivors"])
    )
    return {
        "funeral": deaths["funeral"],
        "survivors": deaths["survivors"],
        "retirement": retirements["retirement"],
        "history_records": retirements["history_records"],
    }


def pension_payrolls(context: Context) -> dict[str, Any]:
    """Step: the twelve monthly payrolls of the year (each resumable and paid once)."""
    year = context.plan.year
    paid = {}
    for month in context.bar(range(1, 13), "Nóminas"):
        result = payroll_run(actor=None, period=date(year, month, 1))
        paid[f"{year}-{month:02d}"] = int(result.counts.get("gross_cents", 0))
    return {"months": len(paid), "gross_cents": sum(paid.values())}
