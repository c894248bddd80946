"""The rows of the national third-party-fund claims (seguro.synth.national.funds), written
set-based as the benefits services write them for a claim filed, checked, computed, approved
and paid: the claim with the rule's outputs and explanation, its checked documents, its
instalments, the withdrawal from the individual account and one chained ledger batch per
instalment paid."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from seguro.batch.engine import reserve_ids, write_frame
from seguro.batch.ledger_hash import ENTRY_FIELDS, chain_hash
from seguro.benefits.kinds import spec_of
from seguro.benefits.models import (
    Claim,
    ClaimDocument,
    ClaimInstalment,
    ClaimKind,
    ClaimState,
    FundAccount,
    FundMovement,
    MovementKind,
)
from seguro.benefits.services.payment import DOCUMENT, LEDGER_JOB
from seguro.core.errors import DomainError
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_head_lock
from seguro.rules.api import compute
from seguro.rules.explain import Explanation, show
from seguro.rules.money import from_cents
from seguro.rules.params import default_parameters
from seguro.synth.year.claims import staff_get
from seguro.synth.year.histories import month_add
from seguro.synth.year.ontime import stamp

# --- the claims as the services compute them ----------------------------------------------------


def claims_computed(
    claims: pl.DataFrame, balances: dict[int, int], year: int, cause: str
) -> list[Any]:
    """Per claim: (outputs, explanation, amount cents, instalments [(due, fund, account)])."""
    params = default_parameters()
    result = []
    for row in claims.iter_rows(named=True):
        kind, filed, balance = row["kind"], row["filed_on"], balances.get(row["person_id"], 0)
        if kind == ClaimKind.SEVERANCE.value:
            inputs = {
                "regime": row["regime"],
                "contributions": row["contributions"],
                "days_unemployed": (filed - row["valid_to"]).days,
                "balance": str(from_cents(balance)),
            }
            outputs, steps = compute("severance_withdrawal", row["event_date"], inputs)
            amount = int(balance)
            plan = [(row["decided_on"], 0, amount)]
        elif kind == ClaimKind.RESERVE_FUND.value:
            minimum = params.get(
                "third_party_funds.reserve_fund.withdrawal_minimum_contributions", filed
            )
            months = int(row["credited_months"])
            ex = Explanation()
            ex.param(f"Aportaciones de fondos de reserva acreditadas: {months}; mínimo", minimum)
            ex.calc(
                "Monto a retirar (saldo de la cuenta de fondos de reserva)", from_cents(balance)
            )
            outputs = {
                "eligible": months >= minimum.value,
                "reason": None,
                "amount": from_cents(balance),
                "credited_months": months,
            }
            steps, amount = ex.as_list(), int(balance)
            plan = [(row["decided_on"], 0, amount)]
        else:
            inputs = {
                "regime": row["regime"],
                "contributions": row["dependency"],
                "consecutive_before": row["last_months"],
                "days_unemployed": (filed - row["event_date"]).days,
                "cause": cause,
                "is_retiree": False,
                "average_salary": str(from_cents(row["salary_cents"])),
                "severance_balance": str(from_cents(0)),
            }
            outputs, steps = compute("unemployment_benefit", row["event_date"], inputs)
            total = sum(outputs["payments"], from_cents(0))
            steps.append({"step": "Total de los pagos mensuales", "value": str(total)})
            outputs["total"] = total
            amount = int(total * 100)
            fixed = int(outputs["fixed_part"] * 100)
            plan = []
            for i, payment in enumerate(outputs["payments"]):
                cents = int(payment * 100)
                plan.append(
                    (
                        month_add(row["decided_on"], 1 + i),
                        min(cents, fixed),
                        cents - min(cents, fixed),
                    )
                )
        if not outputs["eligible"] or amount <= 0:
            raise DomainError(f"La persona {row['person_id']} no cumple: {outputs.get('reason')}")
        result.append(({**show(outputs), "employer_liability": []}, steps, amount, plan))
    return result


# --- writing --------------------------------------------------------------------------------------

CLAIM = "id kind state applicant_id province_code filed_on event_date filed_by_id cause rule"
CLAIM += " amount_cents outputs explanation computed_by_id decided_by_id decided_on paid_on"
INSTALMENT = "id claim_id number due_on fund_cents account_cents paid_on ledger_key"
CLAIM_CONSTANTS = {"accident_reference": "", "eligible": True, "reason": "", "decision_reason": ""}
CLAIM_CONSTANTS["arrears_periods"] = "[]"
ENTRY = "batch_id fund kind amount_cents period province_code person_id document_id order"


def _dumps(value: Any) -> str:
    return json.dumps(value)  # as the JSON fields store it


def _insert(model: Any, rows: list[Any], columns: str, **constants: Any) -> int:
    """Append rows (tuples in ``columns`` order) and constant columns to the model's table."""
    frame = pl.DataFrame(rows, schema=columns.split(), orient="row", infer_schema_length=None)
    frame = frame.with_columns(
        **{k: v if isinstance(v, pl.Expr) else pl.lit(v) for k, v in constants.items()}
    )
    return write_frame(connection, model._meta.db_table, frame)


def _ledger(paid: list[tuple[Any, ...]]) -> tuple[int, int]:
    """One batch per paid instalment (claim, number, paid_on, id, fund part, account part,
    person, province, kind), entries and chain as ``claim_pay``/``ledger_post`` write them:
    the insurance fund's part first, then the individual account's."""
    paid = sorted(paid, key=lambda r: (r[2], r[0], r[1]))
    ids = reserve_ids(connection, LedgerBatch._meta.db_table, len(paid)).to_list()
    rows = []
    for batch_id, (_c, _n, on, instalment, fund, account, person, province, kind) in zip(
        ids, paid, strict=True
    ):
        spec, period = spec_of(kind), on.replace(day=1)
        if fund:
            rows.append(
                (
                    batch_id,
                    spec.fund,
                    spec.ledger_kind,
                    fund,
                    period,
                    province,
                    person,
                    instalment,
                    1,
                )
            )
        if account:
            fund_kind = "reserve_fund" if kind == ClaimKind.RESERVE_FUND.value else "severance"
            rows.append(
                (
                    batch_id,
                    fund_kind,
                    "withdrawal",
                    account,
                    period,
                    province,
                    person,
                    instalment,
                    2,
                )
            )
    entries = (
        pl.DataFrame(rows, schema=ENTRY.split(), orient="row", infer_schema_length=None)
        .sort(["batch_id", "order"])
        .with_columns(
            (pl.int_range(pl.len()).over("batch_id") + 1).cast(pl.Int64).alias("seq"),
            pl.lit(None, dtype=pl.Int64).alias("employer_id"),
            pl.lit(DOCUMENT).alias("document_type"),
        )
        .select(["batch_id", *ENTRY_FIELDS])
    )
    text = [pl.col(name).cast(pl.Utf8).fill_null("") for name in ENTRY_FIELDS]
    lines = (
        entries.select("batch_id", "amount_cents", pl.concat_str(text, separator="|").alias("l"))
        .group_by("batch_id", maintain_order=True)
        .agg(pl.col("l").str.join("\n"), pl.len().alias("n"), pl.col("amount_cents").sum())
    )
    head = ledger_head_lock()
    previous, batches = head.chain_hash, []
    for (claim, number, on, *_), line, count, total, batch_id in zip(
        paid, lines["l"], lines["n"], lines["amount_cents"], ids, strict=True
    ):
        key, root = f"benefit-claim:{claim}:{number}", hashlib.sha256(line.encode()).hexdigest()
        link = chain_hash(previous, key, root, int(count), int(total))
        batches.append(
            (batch_id, key, on.replace(day=1), int(count), int(total), root, previous, link)
        )
        previous = link
    columns = "id key period entry_count total_cents root_hash previous_hash chain_hash"
    _insert(LedgerBatch, batches, columns, job=LEDGER_JOB, posted_at=stamp(timezone.now()))
    write_frame(connection, LedgerEntry._meta.db_table, entries)
    head.chain_hash = previous
    head.save(update_fields=["chain_hash"])
    return len(batches), entries.height


def claims_write(
    claims: pl.DataFrame, computed: list[Any], credits: pl.DataFrame, cause: str
) -> dict[str, int]:
    """Write the claims (``claimants_draw``'s rows) with what ``claims_computed`` gave for
    each (unemployment filed for ``cause``), their
    documents, instalments, ledger batches and the claimants' accounts with their ``credits``
    (person_id, period, amount_cents) and withdrawals: what the benefits services write."""
    now, n = stamp(timezone.now()), claims.height
    year = max(claims["filed_on"].to_list()).year if n else 0
    staff = {c: staff_get(c) for c in sorted(set(claims["province_code"].to_list()))}
    claim_ids = reserve_ids(connection, Claim._meta.db_table, n).to_list()
    instalment_ids = iter(
        reserve_ids(
            connection, ClaimInstalment._meta.db_table, sum(len(c[3]) for c in computed)
        ).to_list()
    )
    owners = claims.filter(pl.col("kind") != ClaimKind.UNEMPLOYMENT.value)["person_id"].to_list()
    account_of = dict(
        zip(
            owners,
            reserve_ids(connection, FundAccount._meta.db_table, len(owners)).to_list(),
            strict=True,
        )
    )
    rows: dict[str, list[Any]] = {
        k: [] for k in ("claims", "documents", "instalments", "accounts", "withdrawals", "paid")
    }
    for claim_id, row, (outputs, steps, amount, plan) in zip(
        claim_ids, claims.iter_rows(named=True), computed, strict=True
    ):
        kind, person, province = row["kind"], row["person_id"], row["province_code"]
        spec, users, paid_on = spec_of(kind), staff[province], None
        for number, (due, fund, account) in enumerate(plan, start=1):
            instalment = next(instalment_ids)
            on = row["paid_on"] if len(plan) == 1 else due
            paid_on = on if on.year == year else None
            key = f"benefit-claim:{claim_id}:{number}" if paid_on else ""
            rows["instalments"].append(
                (instalment, claim_id, number, due, fund, account, paid_on, key)
            )
            if paid_on:
                rows["paid"].append(
                    (claim_id, number, paid_on, instalment, fund, account, person, province, kind)
                )
            if paid_on and account:
                step = {
                    "step": f"Retiro por la solicitud N.º {claim_id}, pago {number}",
                    "value": str(from_cents(-account)),
                }
                rows["withdrawals"].append(
                    (account_of[person], paid_on, -account, instalment, _dumps([step]))
                )
        state = ClaimState.PAID.value if paid_on else ClaimState.APPROVED.value
        officer, why = users.officer.pk, cause if kind == ClaimKind.UNEMPLOYMENT.value else ""
        head = (claim_id, kind, state, person, province, row["filed_on"], row["event_date"])
        tail = (spec.rule, amount, _dumps(outputs), _dumps(steps), officer, users.approver.pk)
        rows["claims"].append((*head, officer, why, *tail, row["decided_on"], paid_on))
        rows["documents"] += [
            (claim_id, code, label, users.officer.pk) for code, label in spec.documents
        ]
        if person in account_of:
            fund_kind = "reserve_fund" if kind == ClaimKind.RESERVE_FUND.value else "severance"
            rows["accounts"].append((account_of[person], person, fund_kind, province))
    _insert(Claim, rows["claims"], CLAIM, **CLAIM_CONSTANTS, computed_at=now, decided_at=now)
    _insert(ClaimDocument, rows["documents"], "claim_id code label checked_by_id", checked_at=now)
    _insert(FundAccount, rows["accounts"], "id person_id kind province_code")
    credit_rows = credits.select(
        pl.col("person_id").replace_strict(account_of, return_dtype=pl.Int64).alias("account_id"),
        pl.lit(MovementKind.CREDIT.value).alias("kind"),
        "period",
        "amount_cents",
        pl.lit("[]").alias("explanation"),
    )
    write_frame(connection, FundMovement._meta.db_table, credit_rows)
    _insert(ClaimInstalment, rows["instalments"], INSTALMENT)
    columns = "account_id period amount_cents instalment_id explanation"
    _insert(FundMovement, rows["withdrawals"], columns, kind=MovementKind.WITHDRAWAL.value)
    batches, entries = _ledger(rows["paid"])
    return {
        "claims": n,
        "instalments": len(rows["instalments"]),
        "instalments_paid": len(rows["paid"]),
        "fund_accounts": len(rows["accounts"]),
        "fund_credits": credit_rows.height,
        "withdrawals": len(rows["withdrawals"]),
        "ledger_batches": batches,
        "ledger_entries": entries,
        "paid_cents": sum(r[4] + r[5] for r in rows["paid"]),
        "beneficiaries": len({r[6] for r in rows["paid"]}),
    }
