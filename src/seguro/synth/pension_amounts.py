"""Pensions in payment for the synthetic registry's pensioners (`seguro pensions load-synthetic`).

Every registry Pensioner without a pension gets one Pension and one PensionBeneficiary row, set
-based and loaded with COPY on PostgreSQL (``write_frame``), deterministic for a seed:

- old age, disability: lognormal around the published average IVM pension, work risk around
  the average RT pension (iess-figures.md §2.2, 2022), years of contributions drawn from the
  rules' brackets; the amount is then kept within the minimum and maximum pension the rules give
  for those years on the reference date (``pensions.minimum``, ``pensions.old_age.maximum``);
- rural (SSC): the flat pension the rules give on the reference date
  (``rural_insurance.pension_amount``);
- survivors: the deceased's pension is drawn like an old-age pension and the survivor's share
  comes from the survivors_pension rule (a minor is an orphan alone: 40 %; an adult a widow(er)
  alone: 60 %, within the group floor); the causante is unknown in the synthetic registry.

Each row's explanation names the rules and parameters used and says the amount is synthetic.
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
from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.rules import default_parameters
from seguro.rules.api import compute
from seguro.rules.common import floor_cap_cents, minimum_wage
from seguro.rules.money import from_cents, to_cents

# Published averages (iess-figures.md §2.2, 2022, USD a month): calibration, not law.
AVERAGE_IVM_PENSION_CENTS = 59_528
AVERAGE_RT_PENSION_CENTS = 27_373
SPREAD = 0.45  # lognormal sigma: a plausible spread, no published dispersion
YEARS_OF_CONTRIBUTIONS = (10, 45)  # drawn uniformly; the rules' brackets cover all of them

PENSIONERS_SQL = """
SELECT r.id AS pensioner_id, r.person_id, r.kind, r.valid_from, r.valid_to, pr.region
FROM registry_pensioner r
JOIN registry_person pe ON pe.id = r.person_id
JOIN registry_canton c ON c.code = pe.canton_id
JOIN registry_province pr ON pr.code = c.province_id
WHERE NOT EXISTS (SELECT 1 FROM pensions_pensionbeneficiary b WHERE b.pensioner_id = r.id)
ORDER BY r.id
"""
SCHEMA = {
    "pensioner_id": pl.Int64,
    "person_id": pl.Int64,
    "kind": pl.Utf8,
    "valid_from": pl.Date,
    "valid_to": pl.Date,
    "region": pl.Utf8,
}
PENSION_COLUMNS = [
    "id",
    "kind",
    "holder_id",
    "deceased_id",
    "start",
    "end_date",
    "end_reason",
    "base_amount_cents",
    "years_of_contributions",
    "region",
    "monthly_bonuses",
    "explanation",
    "source",
    "pensioner_id",
]
SHARE_COLUMNS = [
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


def _lognormal(rng: np.random.Generator, mean_cents: int, size: int) -> np.ndarray:
    mu = np.log(mean_cents) - SPREAD**2 / 2
    return np.round(rng.lognormal(mu, SPREAD, size)).astype(np.int64)


def _explanation(text: str, parameters: list[str]) -> str:
    steps = [{"step": text, "parameter": name} for name in parameters]
    steps.append({"step": "Monto sintético (datos de prueba, no de una persona real)"})
    return json.dumps(steps, ensure_ascii=False)


def _survivor_shares(on: date, bases: np.ndarray, child: np.ndarray) -> np.ndarray:
    """The survivors_pension rule once per distinct (base in dollars, orphan or widow)."""
    cache: dict[tuple[int, bool], int] = {}
    shares = np.zeros(len(bases), dtype=np.int64)
    for i, (base, is_child) in enumerate(zip(bases.tolist(), child.tolist(), strict=True)):
        key = (base, is_child)
        if key not in cache:
            outputs, _ = compute(
                "survivors_pension",
                on,
                {
                    "deceased_pension": from_cents(base),
                    "spouse": not is_child,
                    "children": 1 if is_child else 0,
                },
            )
            cache[key] = to_cents(outputs["child_share" if is_child else "spouse_share"])
        shares[i] = cache[key]
    return shares


def amounts_generate(frame: pl.DataFrame, on: date, seed: int) -> pl.DataFrame:
    """Amounts, years and relationships for the pensioners in ``frame`` (no database)."""
    params = default_parameters()
    rng = np.random.default_rng([seed, 7_201])
    n = frame.height
    kind = frame["kind"].to_numpy().astype(str)
    years = rng.integers(YEARS_OF_CONTRIBUTIONS[0], YEARS_OF_CONTRIBUTIONS[1] + 1, n)
    drawn = np.where(
        kind == "work_risk",
        _lognormal(rng, AVERAGE_RT_PENSION_CENTS, n),
        _lognormal(rng, AVERAGE_IVM_PENSION_CENTS, n),
    )
    sbu = minimum_wage(params, on).value
    floor = floor_cap_cents(params.value("pensions.minimum", on), sbu, years)
    cap = floor_cap_cents(params.value("pensions.old_age.maximum", on), sbu, years)
    base = np.clip(drawn, floor, cap)
    base = np.where(kind == "survivors", base // 100 * 100, base)  # whole dollars: fewer cases
    rural = to_cents(params.value("rural_insurance.pension_amount", on))
    base = np.where(kind == "rural", rural, base)
    years = np.where(kind == "rural", 0, years)
    child = (kind == "survivors") & frame["valid_to"].is_not_null().to_numpy()
    share = base.copy()
    survivors = kind == "survivors"
    if survivors.any():
        share[survivors] = _survivor_shares(on, base[survivors], child[survivors])
    relationship = np.where(survivors, np.where(child, "child", "spouse"), "holder")
    return frame.with_columns(
        pl.Series("base_amount_cents", base, dtype=pl.Int64),
        pl.Series("share_cents", share, dtype=pl.Int64),
        pl.Series("years_of_contributions", years, dtype=pl.Int64),
        pl.Series("relationship", relationship, dtype=pl.Utf8),
    )


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return int(cursor.fetchone()[0]) + 1


def _reset_sequence(table: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
                [table],
            )


@transaction.atomic
def synthetic_pensions_load(*, actor: Any, seed: int = 2022, on: date | None = None) -> int:
    """Give every registry pensioner without a pension one; return how many were created."""
    # The schema always: inferring it from the first rows fails when their end dates are all
    # empty (a date further down then does not fit).
    frame = read_frame(connection, PENSIONERS_SQL, [], SCHEMA)
    if frame.height == 0:
        return 0
    for name in ("valid_from", "valid_to"):
        if frame.schema[name] != pl.Date:
            frame = frame.with_columns(pl.col(name).cast(pl.Utf8).str.to_date())
    on = on or frame["valid_from"].max()  # type: ignore[assignment]
    if not isinstance(on, date):
        raise DomainError("no hay fecha de referencia para los montos.", field="fecha")
    frame = amounts_generate(frame, on, seed)
    first = _next_id(Pension._meta.db_table)
    frame = frame.with_columns(pl.Series("id", np.arange(first, first + frame.height)))
    own = _explanation(
        f"Pensión dentro de la mínima y la máxima por años de aportes al {on.isoformat()}",
        ["pensions.minimum", "pensions.old_age.maximum", "general.minimum_wage"],
    )
    rural = _explanation(
        f"Pensión del Seguro Social Campesino al {on.isoformat()}",
        ["rural_insurance.pension_amount"],
    )
    survivors = _explanation(
        "Parte de montepío según la regla survivors_pension", ["survivors.shares"]
    )
    explanation = (
        pl.when(pl.col("kind") == "survivors")
        .then(pl.lit(survivors))
        .when(pl.col("kind") == "rural")
        .then(pl.lit(rural))
        .otherwise(pl.lit(own))
    )
    ended = pl.col("valid_to").is_not_null()
    is_survivor = pl.col("kind") == "survivors"
    pensions = frame.select(
        pl.col("id"),
        pl.col("kind"),
        pl.when(is_survivor).then(None).otherwise(pl.col("person_id")).alias("holder_id"),
        pl.lit(None, dtype=pl.Int64).alias("deceased_id"),
        pl.col("valid_from").alias("start"),
        pl.col("valid_to").alias("end_date"),
        pl.when(ended).then(pl.lit("age_limit")).otherwise(pl.lit("")).alias("end_reason"),
        pl.col("base_amount_cents"),
        pl.col("years_of_contributions"),
        pl.col("region"),
        pl.lit(False).alias("monthly_bonuses"),
        explanation.alias("explanation"),
        pl.lit("registro sintético").alias("source"),
        pl.when(is_survivor).then(None).otherwise(pl.col("pensioner_id")).alias("pensioner_id"),
    )
    shares = frame.select(
        pl.col("id").alias("pension_id"),
        pl.col("person_id"),
        pl.col("relationship"),
        pl.col("share_cents"),
        pl.col("valid_from"),
        pl.col("valid_to"),
        pl.when(ended).then(pl.lit("age_limit")).otherwise(pl.lit("")).alias("end_reason"),
        # The holder's share is the pension itself (explained there); a survivor's is the rule's.
        pl.when(is_survivor).then(pl.lit(survivors)).otherwise(pl.lit("[]")).alias("explanation"),
        pl.col("pensioner_id"),
    )
    if connection.vendor == "sqlite":
        pensions = pensions.with_columns(pl.col("monthly_bonuses").cast(pl.Int64))
    write_frame(connection, Pension._meta.db_table, pensions.select(PENSION_COLUMNS))
    write_frame(connection, PensionBeneficiary._meta.db_table, shares.select(SHARE_COLUMNS))
    _reset_sequence(Pension._meta.db_table)
    summary_target = Pension.objects.get(pk=first)
    audit_event_record(
        actor=actor,
        action="pension.synthetic_load",
        target=summary_target,
        summary=f"Pensiones sintéticas: {frame.height} con montos al {on.isoformat()}",
        data={"pensions": frame.height, "seed": seed, "on": on},
    )
    return frame.height
