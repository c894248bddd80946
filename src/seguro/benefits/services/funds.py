"""Feeding the individual accounts, set-based (one query and one frame per run, not per person).

- ``fund_credits_post``: for the months given, every paid contribution record credits
  * the severance account with the severance share of the ``contribution`` rule's ``by_fund``
    for that record's period, regime and salary (column function, one call for all rows);
  * the reserve-fund account with the record's accumulated reserve fund (``reserve_fund_cents``:
    only workers who chose to accumulate it have one).
  A month is credited once per account (unique constraint), so a rerun adds only the months paid
  since (arrears settled late), and changes nothing else.
- ``fund_interest_post``: the yearly return (parameters ``third_party_funds.<fund>.interest_rate``)
  on the balance at 1 January less the year's withdrawals, posted on 31 December; once per account
  and year. (How the BIESS accrues the return is not published: this base is our reading and the
  rate is marked unconfirmed where it is.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, transaction
from django.db.models import Case, Sum, When

from seguro.batch.engine import read_frame
from seguro.benefits.models import FundAccount, FundKind, FundMovement, FundRun, MovementKind
from seguro.contributions.models import ContributionRecord, Obligation
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.rules.columns import contribution_frame
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation
from seguro.rules.money import from_cents, mul_rate
from seguro.rules.params import default_parameters

BATCH = 5_000


def _paid_records(period_from: date, period_to: date) -> pl.DataFrame:
    records = ContributionRecord._meta.db_table
    obligations = Obligation._meta.db_table
    frame = read_frame(
        connection,
        f"SELECT r.person_id, r.period, r.regime, r.salary_cents, r.reserve_fund_cents, "
        f"o.province_code FROM {records} r JOIN {obligations} o ON o.id = r.obligation_id "
        f"WHERE r.period >= %s AND r.period <= %s AND o.paid_on IS NOT NULL",
        [period_from, period_to],
    )
    if frame.height == 0:
        return frame
    if frame["period"].dtype == pl.Utf8:  # SQLite returns dates as text
        frame = frame.with_columns(pl.col("period").str.to_date())
    return frame.with_columns(
        pl.col("salary_cents").cast(pl.Int64),
        pl.col("reserve_fund_cents").cast(pl.Int64),
        pl.col("person_id").cast(pl.Int64),
    )


def _accounts(frame: pl.DataFrame, kind: str) -> dict[int, int]:
    """Create the accounts the frame's people lack; return person id → account id."""
    people = frame.select("person_id", "province_code").unique("person_id")
    FundAccount.objects.bulk_create(
        [FundAccount(person_id=p, kind=kind, province_code=prov) for p, prov in people.iter_rows()],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    ids = people["person_id"].to_list()
    mapping: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        mapping.update(
            FundAccount.objects.filter(kind=kind, person_id__in=chunk).values_list(
                "person_id", "id"
            )
        )
    return mapping


def _insert_credits(frame: pl.DataFrame, kind: str, column: str) -> int:
    rows = frame.filter(pl.col(column) > 0)
    if rows.height == 0:
        return 0
    mapping = _accounts(rows, kind)
    rows = rows.with_columns(
        pl.col("person_id").replace_strict(mapping, return_dtype=pl.Int64).alias("account_id")
    )
    credits = FundMovement.objects.filter(
        kind=MovementKind.CREDIT,
        period__gte=rows["period"].min(),
        period__lte=rows["period"].max(),
        account__kind=kind,
    )
    before = credits.count()
    # A month already credited to an account is skipped by its unique constraint.
    FundMovement.objects.bulk_create(
        (
            FundMovement(account_id=a, kind=MovementKind.CREDIT, period=p, amount_cents=c)
            for a, p, c in rows.select("account_id", "period", column).iter_rows()
        ),
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    return credits.count() - before


def fund_credits_post(*, actor: Any, period_from: date, period_to: date) -> FundRun:
    """Credit the severance and reserve-fund accounts for the paid months in the range."""
    period_from, period_to = period_from.replace(day=1), period_to.replace(day=1)
    if period_to < period_from:
        raise DomainError("el período final es anterior al inicial.", field="período")
    with transaction.atomic():
        records = _paid_records(period_from, period_to)
        counts = {"records": records.height, "severance": 0, "reserve_fund": 0}
        if records.height:
            shares = contribution_frame(records.select("regime", "salary_cents", "period"))
            monthly = (
                records.with_columns(shares["by_fund_severance"].alias("severance_cents"))
                .group_by("person_id", "period")
                .agg(
                    pl.col("severance_cents").sum(),
                    pl.col("reserve_fund_cents").sum(),
                    pl.col("province_code").first(),
                )
            )
            counts["severance"] = _insert_credits(monthly, FundKind.SEVERANCE, "severance_cents")
            counts["reserve_fund"] = _insert_credits(
                monthly, FundKind.RESERVE_FUND, "reserve_fund_cents"
            )
        label = f"{period_from:%Y-%m}..{period_to:%Y-%m}"
        run = FundRun.objects.create(job="credits", label=label, counts=counts)
        audit_event_record(
            actor=actor,
            action="benefits.fund_credits_post",
            target=run,
            summary=f"Acreditación de cuentas individuales {label}: "
            f"{counts['severance']} de cesantía, {counts['reserve_fund']} de fondos de reserva",
            data=counts,
        )
    return run


def _interest_steps(pv: Any, base: int, interest: int) -> list[dict[str, Any]]:
    ex = Explanation()
    ex.param("Rendimiento anual de la cuenta individual", pv)
    ex.calc("Saldo al 1 de enero menos los retiros del año", from_cents(base))
    ex.calc(f"Interés = saldo x {pv.value}", from_cents(interest))
    return ex.as_list()


def fund_interest_post(*, actor: Any, year: int) -> FundRun:
    """Post the year's interest to every account that has none for that year yet."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for kind in FundKind.values:
            try:
                pv = default_parameters().get(f"third_party_funds.{kind}.interest_rate", end)
            except RuleError as exc:
                raise DomainError(str(exc), field="año") from exc
            done = FundMovement.objects.filter(
                kind=MovementKind.INTEREST, period=end, account__kind=kind
            ).values("account_id")
            rows = list(
                FundMovement.objects.filter(account__kind=kind, period__lte=end)
                .exclude(account_id__in=done)
                .values("account_id")
                .annotate(
                    opening=Sum(Case(When(period__lt=start, then="amount_cents"), default=0)),
                    withdrawn=Sum(
                        Case(
                            When(
                                kind=MovementKind.WITHDRAWAL, period__gte=start, then="amount_cents"
                            ),
                            default=0,
                        )
                    ),
                )
                .values_list("account_id", "opening", "withdrawn")
            )
            if not rows:
                counts[kind] = 0
                continue
            accounts = np.array([r[0] for r in rows], dtype=np.int64)
            base = np.maximum(
                np.array([int(r[1] or 0) + int(r[2] or 0) for r in rows], dtype=np.int64), 0
            )
            interest = mul_rate(base, pv.value)
            new = [
                FundMovement(
                    account_id=int(a),
                    kind=MovementKind.INTEREST,
                    period=end,
                    amount_cents=int(i),
                    explanation=_interest_steps(pv, int(b), int(i)),
                )
                for a, b, i in zip(accounts, base, interest, strict=True)
                if i > 0
            ]
            FundMovement.objects.bulk_create(new, ignore_conflicts=True, batch_size=BATCH)
            counts[kind] = len(new)
        run = FundRun.objects.create(job="interest", label=str(year), counts=counts)
        audit_event_record(
            actor=actor,
            action="benefits.fund_interest_post",
            target=run,
            summary=f"Intereses {year}: {counts.get('severance', 0)} cuentas de cesantía, "
            f"{counts.get('reserve_fund', 0)} de fondos de reserva",
            data=counts,
        )
    return run
