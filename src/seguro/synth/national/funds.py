"""Third-party funds at national scale: the year's severance (cesantía) and reserve-fund
withdrawals and unemployment insurance, calibrated to the national report 2023
(data/year_national_2023.yaml ``third_party_funds``), written set-based.

    from seguro.synth.national.funds import national_third_party_funds_generate
    national_third_party_funds_generate(year=2023, scale=1, seed=2023, progress=True)

Each claim is the rows the benefits services write for a claim filed, checked, computed by the
province's officer, approved by its approver and paid (``claim_file`` ... ``claim_pay``): the
claim with the rule's outputs and explanation, its checked documents, its instalments, the
withdrawal from the individual account, one ledger batch per instalment paid (key
``benefit-claim:<claim>:<n>``, chained like ``ledger_post``) and one audit event for the run
(as ``ontime.py`` replaces the per-payment events by the step's one).

Amounts come from the rules: a withdrawal pays the account's balance (``severance_withdrawal``;
the reserve-fund withdrawal as ``benefits.calculation`` computes it), unemployment pays the
``unemployment_benefit`` instalments due in the year. The national registry has no
contribution history, so the minimum inputs are generated here: each claimant's individual
account and its monthly credits (the contribution rule's severance share, or the reserve-fund
rule's 8.33 %) on the registry salary of the claimant's last affiliation times a factor solved
so the balances reach the published amounts (calibration in the inputs, never in the amounts).
The contributions the requirements count are the months of the registry's affiliations.
The registry has fewer eligible exits than the published severance and unemployment counts:
the missing claimants are reserve-fund withdrawals (the YAML's supuesto); the result names the
claims of each kind.

A run is recorded as a ``FundRun`` (job ``synth-third-party``, label the year): a second run
finds it and writes nothing. The same seed draws the same claimants and dates.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, transaction

from seguro.batch.engine import read_frame
from seguro.benefits.models import (
    ClaimKind,
    FundRun,
)
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import DEPENDENCY_REGIMES
from seguro.rules.columns import contribution_frame
from seguro.rules.contributions import reserve_fund_columns
from seguro.synth.calibration import round_half_up
from seguro.synth.national.funds_write import claims_computed, claims_write
from seguro.synth.national.network import national_year_data

RUN_JOB = "synth-third-party"
ACTION = "synth.national.third_party_funds"
DEPENDENCY = [r.value for r in DEPENDENCY_REGIMES]
LAST_CENTS_ATTEMPTS = 200  # the last-cents loop moves a few months each time
KINDS = (ClaimKind.UNEMPLOYMENT, ClaimKind.SEVERANCE, ClaimKind.RESERVE_FUND)


def funds_config() -> dict[str, Any]:
    """The ``third_party_funds:`` section of data/year_national_2023.yaml."""
    return dict(national_year_data()["third_party_funds"])


def _cents(usd: str, scale: float) -> int:
    return round_half_up(int(Decimal(str(usd)) * 100), scale)


def _month_index(column: str) -> pl.Expr:
    return pl.col(column).dt.year().cast(pl.Int64) * 12 + pl.col(column).dt.month() - 1


def _index_date(index: pl.Expr) -> pl.Expr:
    return pl.date(index // 12, index % 12 + 1, 1)


def _dates(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """SQLite returns dates as text."""
    casts = [pl.col(c).str.to_date() for c in columns if frame[c].dtype == pl.Utf8]
    return frame.with_columns(casts) if casts else frame


# --- who may claim ------------------------------------------------------------------------------


def people_frame(year: int) -> pl.DataFrame:
    """One row per living person of the registry with an affiliation: the last affiliation
    (the one the services read), whether any is in force, the months of all of them (the
    contributions; dependency months apart) and whether the person is a pensioner."""
    affiliations = read_frame(
        connection,
        "SELECT a.id, a.person_id, p.canton_id, a.regime, a.valid_from, a.valid_to, "
        "a.reserve_fund_mode, (SELECT CAST(ROUND(s.salary * 100) AS BIGINT) "
        "FROM registry_salaryrecord s WHERE s.affiliation_id = a.id "
        "ORDER BY s.valid_from DESC LIMIT 1) AS salary_cents "
        "FROM registry_affiliation a JOIN registry_person p ON p.id = a.person_id "
        "WHERE p.death_date IS NULL",
    )
    if affiliations.height == 0:
        raise DomainError("No hay afiliaciones en el registro: cargue el registro nacional.")
    affiliations = _dates(affiliations, ["valid_from", "valid_to"]).with_columns(
        pl.col("id", "person_id").cast(pl.Int64),
        pl.col("canton_id").cast(pl.Utf8).str.zfill(4),
        pl.col("salary_cents").cast(pl.Int64),
    )
    end = date(year, 12, 31)
    months = (
        _month_index("valid_to").fill_null(end.year * 12 + end.month - 1)
        - _month_index("valid_from")
        + 1
    )
    people = (
        affiliations.with_columns(months.alias("months"))
        .sort(["person_id", "valid_from", "id"])
        .group_by("person_id", maintain_order=True)
        .agg(
            pl.col("months").sum().alias("contributions"),
            pl.col("months").filter(pl.col("regime").is_in(DEPENDENCY)).sum().alias("dependency"),
            pl.col("valid_to").is_null().any().alias("active"),
            pl.all().exclude("months").last(),
            pl.col("months").last().alias("last_months"),
        )
    )
    taken = read_frame(
        connection,
        "SELECT DISTINCT person_id FROM benefits_fundaccount UNION "
        "SELECT DISTINCT applicant_id FROM benefits_claim WHERE kind IN (%s, %s, %s)",
        [k.value for k in KINDS],
    )
    pensioners = read_frame(
        connection,
        "SELECT DISTINCT person_id FROM registry_pensioner WHERE valid_to IS NULL "
        "OR valid_to >= %s",
        [date(year - 1, 1, 1)],
    )
    excluded = [int(x) for x in taken.to_series().to_list()] if taken.height else []
    retired = [int(x) for x in pensioners.to_series().to_list()] if pensioners.height else []
    return people.filter(
        pl.col("regime").is_in(DEPENDENCY)
        & pl.col("salary_cents").is_not_null()
        & ~pl.col("person_id").is_in(excluded)
    ).with_columns(
        pl.col("person_id").is_in(retired).alias("retiree"),
        pl.col("canton_id").str.slice(0, 2).alias("province_code"),
    )


def _days(rng: np.random.Generator, year: int, size: int) -> np.ndarray:
    """Days in January-November (days 1-20 of the month), as datetime64[D]."""
    months = rng.integers(1, 12, size=size)
    days = rng.integers(1, 21, size=size)
    text = [f"{year}-{m:02d}-{d:02d}" for m, d in zip(months, days, strict=True)]
    return np.array(text, dtype="datetime64[D]")


def _take(pool: pl.DataFrame, count: int, rng: np.random.Generator) -> pl.DataFrame:
    """``count`` rows drawn from the pool (all of them when it is smaller)."""
    order = rng.permutation(pool.height)[:count]
    chosen: pl.DataFrame = pool[order.tolist()]
    return chosen.sort("person_id")


def claimants_draw(
    people: pl.DataFrame, year: int, targets: dict[str, int], seed: int
) -> pl.DataFrame:
    """The claimants of each kind with their filing, decision and first payment dates."""
    conf = funds_config()["assumptions"]
    rng = np.random.default_rng([seed, year, 61])
    people = people.sort("person_id")
    decide = timedelta(days=int(conf["decision_days"]))
    pay = timedelta(days=int(conf["payment_days"]))
    low, high = conf["unemployment_filed_days_after_exit"]
    months = int(conf["reserve_fund_credit_months"])
    # Unemployment: a recent involuntary exit, not a retiree, 24 dependency months, the last 6
    # consecutive (the last affiliation's months), filed within the rule's window.
    exited = people.filter(~pl.col("active") & pl.col("valid_to").is_not_null())
    waits = rng.integers(int(low), int(high) + 1, size=exited.height)
    first_day = date(year, 1, 2)
    last_filing = date.fromisoformat(f"{year}-{conf['unemployment_last_filing']}")
    unemployed = (
        exited.with_columns(
            (pl.col("valid_to") + pl.duration(days=pl.lit(pl.Series(waits)))).alias("filed_on")
        )
        .with_columns(pl.max_horizontal("filed_on", pl.lit(first_day)).alias("filed_on"))
        .filter(
            ~pl.col("retiree")
            & (pl.col("dependency") >= 24)
            & (pl.col("last_months") >= 6)
            & ((pl.col("filed_on") - pl.col("valid_to")).dt.total_days() <= 100)
            & (pl.col("filed_on") <= last_filing)
        )
    )
    chosen = [
        _take(unemployed, targets["unemployment"], rng).with_columns(
            pl.lit(ClaimKind.UNEMPLOYMENT.value).alias("kind"),
            pl.col("valid_to").alias("event_date"),
        )
    ]
    used = chosen[0]["person_id"]
    # Severance: out of work since at least the wait, 24 contributions, credits since 2013.
    wait = timedelta(days=int(conf["severance_claim_days_after_exit"]))
    last_severance = date.fromisoformat(f"{year}-{conf['severance_last_filing']}")
    credits_from = date.fromisoformat(f"{conf['credits_from']}-01")
    candidates = exited.filter(
        ~pl.col("person_id").is_in(used.implode())
        & (pl.col("contributions") >= 24)
        & (pl.col("valid_to") >= credits_from)
        & (pl.col("valid_to") + wait <= last_severance)
    )
    drawn = pl.Series("draw", _days(rng, year, candidates.height))
    severance = candidates.with_columns(
        pl.min_horizontal(
            pl.max_horizontal(pl.col("valid_to") + wait, drawn), pl.lit(last_severance)
        ).alias("filed_on")
    )
    chosen.append(
        _take(severance, targets["severance"], rng).with_columns(
            pl.lit(ClaimKind.SEVERANCE.value).alias("kind"), pl.col("filed_on").alias("event_date")
        )
    )
    used = pl.concat([c["person_id"] for c in chosen])
    # Reserve funds, the rest of the beneficiaries (and those the registry's exits could not
    # give): in force, employer since 4 years before the filing month (the reserve fund is owed
    # from month 13, then 36 credits); accumulating at the institute first, then (supuesto,
    # only when those run out) workers the registry shows taking it with the salary.
    wanted = targets["beneficiaries"] - sum(c.height for c in chosen)
    reserve = people.filter(
        pl.col("active") & pl.col("valid_to").is_null() & ~pl.col("person_id").is_in(used.implode())
    )
    reserve = reserve.with_columns(pl.Series("filed_on", _days(rng, year, reserve.height))).filter(
        _month_index("valid_from") < _month_index("filed_on") - 12 - months
    )
    accumulated = pl.col("reserve_fund_mode") == "accumulated"
    first = _take(reserve.filter(accumulated), wanted, rng)
    rest = _take(reserve.filter(~accumulated), wanted - first.height, rng)
    if first.height + rest.height < wanted:
        raise DomainError(
            f"El registro no tiene personas suficientes para {wanted} retiros de fondos de "
            f"reserva ({first.height + rest.height} cumplen los requisitos)."
        )
    chosen.append(
        pl.concat([first, rest]).with_columns(
            pl.lit(ClaimKind.RESERVE_FUND.value).alias("kind"),
            pl.col("filed_on").alias("event_date"),
        )
    )
    columns = "person_id province_code regime valid_from valid_to salary_cents contributions"
    columns += " dependency last_months kind filed_on event_date"
    claims = pl.concat([c.select(columns.split()) for c in chosen])
    return claims.with_columns(
        (pl.col("filed_on") + decide).alias("decided_on"),
        (pl.col("filed_on") + pay).alias("paid_on"),
    )


# --- the inputs: individual accounts credited on a solved salary level -------------------------


def _credit_rows(claims: pl.DataFrame, credits_from: date, months: int) -> pl.DataFrame:
    """One row per claimant and month credited: severance over the last affiliation's months
    since ``credits_from``; reserve funds over the ``months`` before the filing month."""
    start = credits_from.year * 12 + credits_from.month - 1
    first = (
        pl.when(pl.col("kind") == ClaimKind.SEVERANCE.value)
        .then(pl.max_horizontal(_month_index("valid_from"), pl.lit(start)))
        .otherwise(_month_index("filed_on") - months)
    )
    last = (
        pl.when(pl.col("kind") == ClaimKind.SEVERANCE.value)
        .then(_month_index("valid_to"))
        .otherwise(_month_index("filed_on") - 1)
    )
    return (
        claims.filter(pl.col("kind") != ClaimKind.UNEMPLOYMENT.value)
        .select(
            "person_id",
            "kind",
            "regime",
            "salary_cents",
            "valid_from",
            first.alias("a"),
            last.alias("b"),
        )
        .with_columns(pl.int_ranges("a", pl.col("b") + 1).alias("month"))
        .explode("month")
        .with_columns(
            _index_date(pl.col("month")).alias("period"),
            (pl.col("month") - _month_index("valid_from") + 1).alias("months_with_employer"),
        )
        .select("person_id", "kind", "regime", "salary_cents", "period", "months_with_employer")
    )


def _credits(rows: pl.DataFrame, salary: np.ndarray) -> np.ndarray:
    """Each month's credit for the salaries given (cents): the contribution rule's severance
    share, or the reserve-fund rule's amount."""
    out = np.zeros(rows.height, dtype=np.int64)
    severance = (rows["kind"] == ClaimKind.SEVERANCE.value).to_numpy()
    if severance.any():
        frame = (
            rows.filter(pl.Series(severance))
            .select("regime", "period")
            .with_columns(pl.Series("salary_cents", salary[severance], dtype=pl.Int64))
        )
        out[severance] = contribution_frame(frame)["by_fund_severance"].to_numpy()
    periods = rows["period"].to_numpy()
    months = rows["months_with_employer"].to_numpy()
    for period in np.unique(periods[~severance]):
        mask = ~severance & (periods == period)
        on = date.fromisoformat(str(period)[:10])
        out[mask] = reserve_fund_columns(on, salary[mask], months[mask])["amount_cents"]
    return out


def _solve(rows: pl.DataFrame, target: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Salaries (the registry's times one factor, then a few cents on some months) whose credits
    sum to ``target`` cents; returns (salaries, credits, factor)."""
    base = rows["salary_cents"].to_numpy().astype(np.float64)
    if rows.height == 0 or target <= 0:
        return base.astype(np.int64), np.zeros(rows.height, dtype=np.int64), 0.0

    def total(factor: float) -> tuple[int, np.ndarray, np.ndarray]:
        salary = np.maximum(np.rint(base * factor), 1).astype(np.int64)
        credits = _credits(rows, salary)
        return int(credits.sum()), salary, credits

    k0, (f0, salary, credits) = 1.0, total(1.0)
    k1 = target / max(f0, 1)
    for _ in range(8):
        f1, salary, credits = total(k1)
        if f1 in (target, f0):
            break
        k0, k1, f0 = k1, k1 + (target - f1) * (k1 - k0) / (f1 - f0), f1
    # The last cents: months' salaries moved until each moves its credit by one cent, a few
    # months at a time (only those recomputed), until the total is the target.
    step = max(1, -(-int(salary.sum()) // max(int(credits.sum()), 1)))
    for attempt in range(LAST_CENTS_ATTEMPTS):
        left = target - int(credits.sum())
        if left == 0:
            break
        start = (attempt * abs(left)) % len(salary)
        index = (start + np.arange(min(abs(left), len(salary)))) % len(salary)
        salary[index] = np.maximum(salary[index] + int(np.sign(left)) * step, 1)
        credits[index] = _credits(rows[index], salary[index])
    return salary, credits, k1


def targets_for(scale: float) -> dict[str, int]:
    figures = funds_config()["figures"]
    total = round_half_up(int(figures["beneficiaries"]), scale)
    severance = round_half_up(int(figures["severance"]["count"]), scale)
    unemployment = round_half_up(int(figures["unemployment"]["count"]), scale)
    return {
        "beneficiaries": total,
        "severance": severance,
        "unemployment": unemployment,
        "reserve_fund": total - severance - unemployment,
        "paid_cents": _cents(figures["paid_usd"], scale),
        "severance_cents": _cents(figures["severance"]["usd"], scale),
    }


def national_third_party_funds_generate(
    *, year: int, scale: float, seed: int, progress: bool = False
) -> dict[str, int]:
    """The year's severance, reserve-fund and unemployment claims paid, for
    ``round_half_up(published, scale)`` beneficiaries and the scaled published amount. Returns
    the rows written by table, the beneficiaries and cents paid in the year, and the targets;
    ``skipped`` is 1 when the year was already generated (nothing is written)."""
    if scale <= 0:
        raise DomainError("La escala debe ser mayor que cero.")
    targets = targets_for(scale)
    result = {f"target_{k}": v for k, v in targets.items()}
    with transaction.atomic():
        if FundRun.objects.filter(job=RUN_JOB, label=str(year)).exists():
            if progress:
                print(f"Fondos de terceros {year}: ya generados, se omiten", flush=True)
            return {**result, "skipped": 1}
        conf = funds_config()["assumptions"]
        claims = claimants_draw(people_frame(year), year, targets, seed)
        credits_from = date.fromisoformat(f"{conf['credits_from']}-01")
        rows = _credit_rows(claims, credits_from, int(conf["reserve_fund_credit_months"]))
        # Unemployment first: its amount is the rule's; the withdrawals reach the rest.
        unemployed = claims.filter(pl.col("kind") == ClaimKind.UNEMPLOYMENT.value)
        cause = str(conf["unemployment_cause"])
        paid_unemployment = sum(
            fund + account
            for *_, plan in claims_computed(
                unemployed.with_columns(pl.lit(0).alias("credited_months")), {}, year, cause
            )
            for due, fund, account in plan
            if due.year == year
        )
        # Severance keeps the published average per claimant when the registry's exits give
        # fewer claimants than published (the reserve funds take the rest).
        counts = {k.value: claims.filter(pl.col("kind") == k.value).height for k in KINDS}
        severance = counts[ClaimKind.SEVERANCE.value] * targets["severance_cents"]
        severance = round(severance / max(targets["severance"], 1))
        amounts = {
            ClaimKind.SEVERANCE.value: severance,
            ClaimKind.RESERVE_FUND.value: targets["paid_cents"] - severance - paid_unemployment,
        }
        parts, factors = [], {}
        for kind, target in amounts.items():
            part = rows.filter(pl.col("kind") == kind)
            _salary, credited, factors[kind] = _solve(part, target)
            parts.append(part.with_columns(pl.Series("amount_cents", credited, dtype=pl.Int64)))
        credits = pl.concat(parts)
        balances = dict(credits.group_by("person_id").agg(pl.col("amount_cents").sum()).iter_rows())
        months = credits.group_by("person_id").agg(pl.len().alias("credited_months"))
        claims = claims.join(months, on="person_id", how="left").with_columns(
            pl.col("credited_months").fill_null(0)
        )
        if progress:
            print(f"Fondos de terceros {year}: {claims.height} solicitudes", flush=True)
        computed = claims_computed(claims, balances, year, cause)
        written = claims_write(
            claims, computed, credits.select("person_id", "period", "amount_cents"), cause
        )
        run = FundRun.objects.create(job=RUN_JOB, label=str(year), counts=written)
        audit_event_record(
            actor=None,
            action=ACTION,
            target=run,
            summary=f"Fondos de terceros sintéticos {year}: {written['claims']} solicitudes",
            data={
                "year": year,
                "scale": scale,
                "seed": seed,
                **written,
                "salary_factors": {k: round(v, 6) for k, v in factors.items()},
            },
        )
    if progress:
        print(f"Fondos de terceros {year}: {written}", flush=True)
    return {**result, **written, **counts, "skipped": 0}
