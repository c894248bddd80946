"""January revaluation (LSS Art. 234): every pension in payment on 1 January rises by the
previous year's average inflation, within the new year's minimum and maximum, with the
pension_revaluation rule applied column-wise. Survivors' shares are recomputed on the new base.

Set-based: one read of the pensions, the rule's column function, and bulk writes (the open
share rows close on 31 December and new rows start on 1 January). A pension revalued for the
year is skipped, so running it again changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, transaction

from seguro.batch.engine import read_frame, write_frame
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.pensions.models import Pension, PensionBeneficiary, PensionRevaluation
from seguro.pensions.services._common import rule, survivors_shares
from seguro.rules.errors import RuleError
from seguro.rules.money import from_cents
from seguro.rules.pensions import pension_revaluation_columns

PENSIONS_SQL = """
SELECT p.id AS pension_id, p.kind, p.base_amount_cents, p.years_of_contributions
FROM pensions_pension p
WHERE p.start < %s AND (p.end_date IS NULL OR p.end_date >= %s)
  AND (p.last_revaluation_year IS NULL OR p.last_revaluation_year < %s)
"""
SHARES_SQL = """
SELECT b.id, b.pension_id, b.person_id, b.relationship, b.share_cents, b.valid_from,
       b.valid_to,
       b.pensioner_id
FROM pensions_pensionbeneficiary b
JOIN pensions_pension p ON p.id = b.pension_id
WHERE p.start < %s AND (p.end_date IS NULL OR p.end_date >= %s)
  AND (p.last_revaluation_year IS NULL OR p.last_revaluation_year < %s)
  AND b.valid_from <= %s AND (b.valid_to IS NULL OR b.valid_to >= %s)
"""
NEW_SHARE_COLUMNS = [
    "pension_id",
    "person_id",
    "relationship",
    "share_cents",
    "valid_from",
    "valid_to",
    "end_reason",
    "explanation",
    "pensioner_id",
]


def _temp_ids(name: str, frame: pl.DataFrame) -> None:
    """A temporary table of (id, value) to update from, filled in bulk."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} (id BIGINT PRIMARY KEY, value BIGINT)")
    write_frame(connection, name, frame.select(["id", "value"]))


def _survivor_shares(on: date, shares: pl.DataFrame, bases: pl.DataFrame) -> pl.DataFrame:
    """New shares of survivors' groups: the rule once per distinct (base, group) shape."""
    survivors = shares.join(bases, on="pension_id").filter(pl.col("kind") == "survivors")
    if survivors.height == 0:
        return survivors.with_columns(pl.lit(0, dtype=pl.Int64).alias("new_share_cents"))
    shape = survivors.group_by("pension_id").agg(
        (pl.col("relationship") == "spouse").sum().alias("spouses"),
        (pl.col("relationship") == "child").sum().alias("children"),
        (pl.col("relationship") == "parent").sum().alias("parents"),
    )
    survivors = survivors.join(shape, on="pension_id")
    cache: dict[tuple[int, int, int, int], Any] = {}
    amounts = []
    for base, relationship, spouses, children, parents in survivors.select(
        "amount_cents", "relationship", "spouses", "children", "parents"
    ).iter_rows():
        key = (base, spouses, children, parents)
        if key not in cache:
            cache[key] = survivors_shares(
                base,
                on,
                ["spouse"] * spouses + ["child"] * children + ["parent"] * parents,
                field="revalorización",
            )
        amounts.append(cache[key].for_relationship(relationship))
    return survivors.with_columns(pl.Series("new_share_cents", amounts, dtype=pl.Int64))


@transaction.atomic
def pensions_revalue(*, actor: Any, year: int) -> PensionRevaluation:
    """Revalue every pension in payment on 1 January of ``year`` not yet revalued for it."""
    on = date(year, 1, 1)
    eve = date(year - 1, 12, 31)
    try:
        _, explanation = rule(
            "pension_revaluation",
            on,
            {"pension": "100.00", "years_of_contributions": 30},
            "año",
        )
        pensions = read_frame(connection, PENSIONS_SQL, [on, on, year])
        if pensions.height == 0:
            new = {"amount_cents": np.zeros(0, dtype=np.int64), "rate": None}
        else:
            new = pension_revaluation_columns(
                on,
                pensions["base_amount_cents"].to_numpy(),
                pensions["years_of_contributions"].to_numpy(),
            )
    except RuleError as exc:  # the rate is loaded year by year
        raise DomainError(str(exc), field="año") from None
    rate = next(
        s["value"] for s in explanation if s.get("parameter") == "pensions.revaluation_rate"
    )
    record, _ = PensionRevaluation.objects.get_or_create(
        year=year, defaults={"rate": rate, "explanation": explanation}
    )
    if pensions.height == 0:
        return record
    bases = pensions.select(
        pl.col("pension_id").cast(pl.Int64),
        pl.col("kind"),
        pl.Series("amount_cents", new["amount_cents"], dtype=pl.Int64),
    )
    shares = read_frame(connection, SHARES_SQL, [on, on, year, on, on])
    shares = shares.with_columns(pl.col("pension_id").cast(pl.Int64))
    own = shares.join(bases, on="pension_id").filter(pl.col("kind") != "survivors")
    own = own.with_columns(pl.col("amount_cents").alias("new_share_cents"))
    moved = pl.concat([own, _survivor_shares(on, shares, bases)], how="diagonal_relaxed").filter(
        pl.col("new_share_cents") != pl.col("share_cents")
    )
    step = [
        {
            "step": f"Revalorización de enero de {year} (tasa {rate}; ver la revalorización anual)",
            "parameter": "pensions.revaluation_rate",
            "revaluation_year": year,
        }
    ]
    # A share that started on 1 January (an ending recomputed that day) is corrected in place.
    moved = moved.with_columns(pl.col("valid_from").cast(pl.Utf8).str.to_date())
    in_place = moved.filter(pl.col("valid_from") == on)
    moved = moved.filter(pl.col("valid_from") != on)
    for share_id, cents in in_place.select("id", "new_share_cents").iter_rows():
        PensionBeneficiary.objects.filter(pk=share_id).update(share_cents=cents, explanation=step)
    if moved.height:
        _temp_ids("pensions_reval_close", moved.select(pl.col("id"), pl.lit(0).alias("value")))
        new_rows = moved.select(
            pl.col("pension_id"),
            pl.col("person_id"),
            pl.col("relationship"),
            pl.col("new_share_cents").alias("share_cents"),
            pl.lit(on).alias("valid_from"),
            pl.col("valid_to"),
            pl.lit("").alias("end_reason"),
            pl.lit(json.dumps(step)).alias("explanation"),
            pl.col("pensioner_id"),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {PensionBeneficiary._meta.db_table} SET valid_to = %s, end_reason = %s "
                "WHERE id IN (SELECT id FROM pensions_reval_close)",
                [eve, "other"],
            )
            cursor.execute("DROP TABLE pensions_reval_close")
        write_frame(
            connection, PensionBeneficiary._meta.db_table, new_rows.select(NEW_SHARE_COLUMNS)
        )
    _temp_ids(
        "pensions_reval_base",
        bases.select(pl.col("pension_id").alias("id"), pl.col("amount_cents").alias("value")),
    )
    table = Pension._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET base_amount_cents = (SELECT value FROM pensions_reval_base r "
            f"WHERE r.id = {table}.id), last_revaluation_year = %s "
            "WHERE id IN (SELECT id FROM pensions_reval_base)",
            [year],
        )
        cursor.execute("DROP TABLE pensions_reval_base")
    record.pensions += bases.height
    record.save(update_fields=["pensions"])
    before = int(pensions["base_amount_cents"].sum())
    after = int(bases["amount_cents"].sum())
    audit_event_record(
        actor=actor,
        action="pension.revalue",
        target=record,
        summary=f"Revalorización {year}: {bases.height} pensiones, tasa {rate}, "
        f"USD {from_cents(before)} -> {from_cents(after)} al mes",
        data={
            "year": year,
            "pensions": bases.height,
            "shares_changed": moved.height + in_place.height,
        },
    )
    return record
