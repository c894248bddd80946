"""Step 3: health. Professionals for the units (through the service), the year's attentions at
rural dispensaries (the published counts by kind) and at the own units, each with its coverage
check, written set-based; referrals to external providers with an agreement in force."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from django.db import connection
from django.utils import timezone

from seguro.batch.engine import reserve_ids, write_frame
from seguro.health import services as health
from seguro.health.models import (
    AgreementService,
    Attention,
    AttentionKind,
    CoverageCheck,
    HealthUnit,
    Professional,
    ProviderAgreement,
    Referral,
    UnitKind,
)
from seguro.health.services._common import icd10_names
from seguro.synth.year.config import YearPlan
from seguro.synth.year.ontime import stamp
from seguro.synth.year.patients import (
    AFFILIATE,
    RURAL,
    affiliate_candidates,
    contribution_months,
    explanation,
    identifiers,
    rural_candidates,
    visits_draw,
    year_days,
)
from seguro.synth.year.steps import Context

SPECIALTIES = {
    AttentionKind.MEDICAL.value: "Medicina general",
    AttentionKind.DENTAL.value: "Odontología",
    AttentionKind.NURSING.value: "Enfermería",
}
OWN_KINDS = [
    UnitKind.GENERAL_HOSPITAL,
    UnitKind.AMBULATORY_SURGERY,
    UnitKind.HEALTH_CENTRE_B,
    UnitKind.ANNEXED_DISPENSARY,
]


def _units(plan: YearPlan, kinds: list[str]) -> list[HealthUnit]:
    return list(
        HealthUnit.objects.filter(
            canton__province_id=plan.province_code, kind__in=kinds, active=True
        ).order_by("code")
    )


def professionals(context: Context) -> dict[str, Any]:
    plan = context.plan
    per_unit = plan.assumptions["professionals_per_unit"]
    made = 0
    units = _units(plan, [UnitKind.RURAL_DISPENSARY, *OWN_KINDS])
    for unit in context.bar(units, "Profesionales de las unidades"):
        for kind, count in per_unit.items():
            for n in range(1, int(count) + 1):
                health.professional_register(
                    actor=None,
                    license_number=f"SINT-{unit.code}-{kind[:3].upper()}-{n}",
                    full_name=f"{SPECIALTIES[kind]} {n} · {unit.name}",
                    specialty=SPECIALTIES[kind],
                    unit=unit,
                )
                made += 1
    return {"professionals": made}


def _staff(units: list[HealthUnit]) -> dict[tuple[int, str], list[int]]:
    by_specialty = {name: kind for kind, name in SPECIALTIES.items()}
    staff: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, unit_id, specialty in (
        Professional.objects.filter(unit__in=units, active=True)
        .order_by("id")
        .values_list("id", "unit_id", "specialty")
    ):
        if specialty in by_specialty:
            staff[(unit_id, by_specialty[specialty])].append(pk)
    return staff


def _place(
    visits: pl.DataFrame, kinds: list[str], units: list[HealthUnit], rng: np.random.Generator
) -> pl.DataFrame:
    """A unit for each visit (one of the patient's canton when there is one) and a
    professional of the visit's kind there."""
    by_canton: dict[str, list[HealthUnit]] = defaultdict(list)
    for unit in units:
        by_canton[unit.canton_id].append(unit)
    staff = _staff(units)
    draws = rng.random(size=(visits.height, 2))
    unit_ids, professional_ids = [], []
    for i, (canton, kind) in enumerate(zip(visits["canton_id"].to_list(), kinds, strict=True)):
        options = by_canton.get(canton) or units
        unit = options[int(draws[i, 0] * len(options))]
        people = staff[(unit.pk, kind)]
        unit_ids.append(unit.pk)
        professional_ids.append(people[int(draws[i, 1] * len(people))])
    return visits.with_columns(
        pl.Series("kind", kinds),
        pl.Series("unit_id", unit_ids, dtype=pl.Int64),
        pl.Series("professional_id", professional_ids, dtype=pl.Int64),
    )


def _write(plan: YearPlan, visits: pl.DataFrame, basis: tuple[str, str], rng: Any) -> int:
    """Coverage checks and attentions of ``visits``, as coverage_check and attention_record
    write them (actor None; no employer liability: the patients' payers owe nothing overdue)."""
    names = icd10_names()
    codes = sorted(names)
    costs = {k: _usd_cents(v) for k, v in plan.assumptions["attention_cost_usd"].items()}
    who = identifiers(sorted(set(visits["payer_id"].to_list())))
    explanations = [
        json.dumps(explanation(basis[1], who[payer], paid, on)[1])
        for payer, paid, on in visits.select("payer_id", "paid", "on").iter_rows()
    ]
    diagnoses = [codes[i] for i in rng.integers(0, len(codes), size=visits.height)]
    count = visits.height
    visits = visits.with_columns(
        reserve_ids(connection, CoverageCheck._meta.db_table, count).alias("check_id"),
        reserve_ids(connection, Attention._meta.db_table, count).alias("attention_id"),
        pl.Series("explanation", explanations),
        pl.Series("diagnosis_code", diagnoses),
        pl.lit(basis[0]).alias("basis"),
        pl.lit(basis[1]).alias("basis_label"),
    ).with_columns(
        pl.col("diagnosis_code").replace_strict(names, default="").alias("diagnosis_name"),
        pl.col("kind").replace_strict(costs, return_dtype=pl.Int64).alias("cost_cents"),
    )
    checks_and_attentions_write(visits)
    return count


def checks_and_attentions_write(visits: pl.DataFrame) -> None:
    """COPY the coverage checks (covered, attended, no emergency) and their attentions of
    ``visits``: one row each, with check_id, attention_id, person_id, on, unit_id, basis,
    basis_label, explanation, professional_id, kind, diagnosis_code, diagnosis_name and
    cost_cents (as coverage_check and attention_record would write them)."""
    now = timezone.now()
    write_frame(
        connection,
        CoverageCheck._meta.db_table,
        visits.select(
            pl.col("check_id").alias("id"),
            "person_id",
            pl.col("on").alias("checked_on"),
            stamp(now).alias("checked_at"),
            "unit_id",
            pl.lit(False).alias("emergency"),
            pl.lit(True).alias("covered"),
            pl.lit(True).alias("attend"),
            "basis",
            "basis_label",
            pl.lit("").alias("reason"),
            "explanation",
        ),
    )
    write_frame(
        connection,
        Attention._meta.db_table,
        visits.select(
            pl.col("attention_id").alias("id"),
            pl.col("check_id").alias("coverage_check_id"),
            "person_id",
            "unit_id",
            "professional_id",
            "kind",
            pl.col("on").alias("attended_on"),
            "diagnosis_code",
            "diagnosis_name",
            pl.lit(False).alias("emergency"),
            "cost_cents",
            pl.lit("").alias("notes"),
        ),
    )


def _usd_cents(text: str) -> int:
    return int(Decimal(text) * 100)


def _kinds(counts: dict[str, int], rng: np.random.Generator) -> list[str]:
    kinds = [k for k, n in counts.items() for _ in range(n)]
    return [kinds[i] for i in rng.permutation(len(kinds))]


def attentions(context: Context) -> dict[str, Any]:
    plan = context.plan
    records = contribution_months(plan)
    days = year_days(plan.year)
    written: dict[str, int] = {}
    groups = [
        (
            "rural",
            RURAL,
            rural_candidates(plan),
            plan.rural_attentions,
            [UnitKind.RURAL_DISPENSARY],
        ),
        ("own", AFFILIATE, affiliate_candidates(plan), _own_counts(plan), OWN_KINDS),
    ]
    for number, (name, basis, candidates, counts, unit_kinds) in enumerate(
        context.bar(groups, "Atenciones (dispensarios campesinos, unidades propias)")
    ):
        rng = np.random.default_rng([plan.seed, 10 + number])
        visits = visits_draw(candidates, records, sum(counts.values()), days, rng)
        visits = visits.sort(["on", "person_id"])
        placed = _place(visits, _kinds(counts, rng), _units(plan, list(unit_kinds)), rng)
        written[name] = _write(plan, placed, basis, rng)
    return {"attentions": written}


def _own_counts(plan: YearPlan) -> dict[str, int]:
    """The own units' attentions by kind: the scaled total split by the assumed shares (the
    largest share takes the rounding)."""
    total = plan.scaled_count("own_unit_attentions")
    shares = plan.assumptions["own_unit_kind_shares"]
    counts = {k: int(Decimal(str(v)) * total) for k, v in shares.items()}
    largest = max(shares, key=lambda k: shares[k])
    counts[largest] += total - sum(counts.values())
    return counts


def referrals(context: Context) -> dict[str, Any]:
    """Referrals from own-unit medical attentions to a provider agreement in force that day."""
    plan = context.plan
    wanted = plan.referrals
    rng = np.random.default_rng([plan.seed, 20])
    agreements = list(
        ProviderAgreement.objects.order_by("number").values_list("id", "valid_from", "valid_to")
    )
    services: dict[int, list[str]] = defaultdict(list)
    for agreement_id, code in AgreementService.objects.order_by("agreement_id", "code").values_list(
        "agreement_id", "code"
    ):
        services[agreement_id].append(code)
    rows = (
        Attention.objects.filter(
            unit__kind__in=OWN_KINDS,
            unit__canton__province_id=plan.province_code,
            kind=AttentionKind.MEDICAL,
            attended_on__year=plan.year,
        )
        .order_by("id")
        .values_list("id", "attended_on")
    )
    attentions = [(pk, on) for pk, on in rows if any(a <= on <= b for _, a, b in agreements)]
    if len(attentions) < wanted:
        raise ValueError(f"only {len(attentions)} attentions can be referred, {wanted} wanted")
    chosen = sorted(rng.choice(len(attentions), size=wanted, replace=False).tolist())
    made = []
    for index in chosen:
        attention_id, on = attentions[index]
        valid = [a for a, start, end in agreements if start <= on <= end]
        agreement_id = valid[int(rng.integers(0, len(valid)))]
        offered = services[agreement_id]
        made.append((attention_id, agreement_id, offered[int(rng.integers(0, len(offered)))], on))
    frame = pl.DataFrame(
        made,
        schema={
            "attention_id": pl.Int64,
            "agreement_id": pl.Int64,
            "service_code": pl.Utf8,
            "referred_on": pl.Date,
        },
        orient="row",
    ).with_columns(
        reserve_ids(connection, Referral._meta.db_table, len(made)).alias("id"),
        pl.lit(plan.assumptions["referral_reason"]).alias("reason"),
    )
    write_frame(connection, Referral._meta.db_table, frame)
    return {"referrals": frame.height}
