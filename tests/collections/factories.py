"""Obligations made directly (rows + their assessed ledger entries), as the monthly close would
leave them, so collections can be tested while the close is written elsewhere."""

from __future__ import annotations

import itertools
from datetime import date

import polars as pl
from django.db import transaction

from seguro.contributions.models import Obligation, ObligationKind
from seguro.contributions.selectors import due_date_of
from seguro.ledger.services import ledger_post
from seguro.registry.models import Employer, Person

_serial = itertools.count(1)

# A private employee's contribution on 1 000.00 by fund (rule `contribution`, 2021+ rates).
FUNDS_ON_1000 = {
    "ivm": 10960,
    "disability": 100,
    "health": 5160,
    "work_risks": 380,
    "severance": 2000,
    "unemployment": 500,
    "rural": 700,
    "administration": 800,
}


def obligation(
    *,
    period: date,
    funds: dict[str, int],
    employer: Employer | None = None,
    person: Person | None = None,
    kind: str = ObligationKind.EMPLOYER_PAYROLL,
) -> Obligation:
    """An obligation for ``period`` whose total is the sum of ``funds`` (cents), posted."""
    holder = employer or person
    assert holder is not None
    total = sum(funds.values())
    with transaction.atomic():
        made = Obligation.objects.create(
            kind=kind,
            period=period,
            employer=employer,
            person=person,
            province_code=holder.canton.province_id,
            canton_code=holder.canton_id,
            employee_cents=total // 2,
            employer_cents=total - total // 2,
            reserve_fund_cents=0,
            spouse_extension_cents=0,
            total_cents=total,
            due_date=due_date_of(period),
            fund_cents=funds,
        )
        names = sorted(funds)
        frame = pl.DataFrame(
            {
                "fund": names,
                "kind": ["assessed"] * len(names),
                "amount_cents": [funds[n] for n in names],
                "period": [period] * len(names),
                "province_code": [made.province_code] * len(names),
                "employer_id": [made.employer_id] * len(names),
                "person_id": [made.person_id] * len(names),
                "document_type": ["obligation"] * len(names),
                "document_id": [made.pk] * len(names),
            },
            schema_overrides={"employer_id": pl.Int64, "person_id": pl.Int64},
        )
        ledger_post(
            key=f"test-close:{period:%Y-%m}:{made.pk}:{next(_serial)}",
            job="close-month",
            period=period,
            entries=frame,
        )
    return made
