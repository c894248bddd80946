"""Assessments (glosas): contributions the employer owed and did not declare, found by employer
control. One Obligation of kind ASSESSMENT per employer and period; a later finding for the
same period adds to it. Each addition posts its ``assessed`` entries by fund to the ledger in
the same transaction (document "obligation", like the monthly close).

The contributions are computed with rule ``contribution`` at the rates in force for the
assessed period (C.D. 501, 4th final disposition: late declarations use the period's table),
and are due on the period's ordinary due date (LSS Art. 73): an assessment is arrears from
then, so interest runs from that date (LSS Art. 89).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import F

from seguro.contributions.models import Obligation, ObligationKind
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.ledger.models import EntryKind, Fund, LedgerBatch
from seguro.ledger.services import ledger_post
from seguro.registry.models import Employer, Person
from seguro.registry.scope import scope_require_employer
from seguro.rules import default_parameters, evaluate

ASSESSMENT_JOB = "assessment"
# Fund names of rule `contribution` → the ledger's funds.
LEDGER_FUND = {
    "ivm": Fund.IVM,
    "disability": Fund.DISABILITY,
    "health": Fund.HEALTH,
    "work_risks": Fund.WORK_RISKS,
    "severance": Fund.SEVERANCE,
    "unemployment": Fund.UNEMPLOYMENT,
    "rural_solidarity": Fund.RURAL,
    "administration": Fund.ADMINISTRATION,
}


@dataclass(frozen=True)
class AssessmentLine:
    person: Person
    regime: str
    salary_cents: int  # the taxable salary that was not declared


@dataclass(frozen=True)
class LineResult:
    person: Person
    employee_cents: int
    employer_cents: int
    total_cents: int
    by_fund: dict[str, int]


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


def period_due_date(period: date) -> date:
    day = int(default_parameters().value("contributions.payment_due_day", period))
    year, month = (period.year + 1, 1) if period.month == 12 else (period.year, period.month + 1)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def assessment_line_compute(line: AssessmentLine, period: date) -> LineResult:
    result = evaluate(
        "contribution",
        period,
        {"regime": line.regime, "salary": str(Decimal(line.salary_cents) / 100)},
    )
    if "error" in result:
        raise DomainError(str(result["error"]), field="salario")
    out = result["outputs"]
    by_fund: dict[str, int] = {}
    for name, value in out["by_fund"].items():
        fund = LEDGER_FUND.get(name)
        if fund is None:
            raise DomainError(f"el fondo {name!r} no existe en el libro mayor.", field="fondo")
        by_fund[fund.value] = by_fund.get(fund.value, 0) + _cents(value)
    total = _cents(out["total"])
    if sum(by_fund.values()) != total:
        raise DomainError("el reparto por fondo no suma el total del aporte.", field="fondo")
    return LineResult(line.person, _cents(out["employee"]), _cents(out["employer"]), total, by_fund)


def _entries(obligation: Obligation, by_fund: dict[str, int]) -> pl.DataFrame:
    funds = sorted(by_fund)
    n = len(funds)
    return pl.DataFrame(
        {
            "fund": funds,
            "kind": [EntryKind.ASSESSED.value] * n,
            "amount_cents": [by_fund[f] for f in funds],
            "period": [obligation.period] * n,
            "province_code": [obligation.province_code] * n,
            "employer_id": [obligation.employer_id] * n,
            "person_id": [None] * n,
            "document_type": ["obligation"] * n,
            "document_id": [obligation.pk] * n,
        },
        schema_overrides={"person_id": pl.Int64, "employer_id": pl.Int64, "amount_cents": pl.Int64},
    )


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    employer: Employer,
    period: date,
    lines: list[AssessmentLine],
    reference: str,
) -> tuple[Obligation, list[LineResult]]:
    """Create (or add to) the employer's ASSESSMENT obligation for ``period`` and post it.

    ``reference`` names the source (e.g. "inspeccion-12"); one source posts once per period.
    """
    scope_require_employer(actor, employer)
    if period.day != 1:
        raise DomainError("el período es el primer día del mes.", field="período")
    if period > date.today().replace(day=1):
        raise DomainError("no se glosa un período futuro.", field="período")
    if not lines:
        raise DomainError("la glosa necesita al menos un trabajador.", field="trabajadores")
    results = [assessment_line_compute(line, period) for line in lines]
    employee = sum(r.employee_cents for r in results)
    employer_share = sum(r.employer_cents for r in results)
    total = sum(r.total_cents for r in results)
    by_fund: dict[str, int] = {}
    for r in results:
        for fund, cents in r.by_fund.items():
            by_fund[fund] = by_fund.get(fund, 0) + cents
    obligation, created = Obligation.objects.select_for_update().get_or_create(
        kind=ObligationKind.ASSESSMENT,
        period=period,
        employer=employer,
        defaults={
            "province_code": employer.canton.province_id,
            "canton_code": employer.canton_id,
            "employee_cents": employee,
            "employer_cents": employer_share,
            "reserve_fund_cents": 0,
            "spouse_extension_cents": 0,
            "total_cents": total,
            "due_date": period_due_date(period),
            "fund_cents": by_fund,
        },
    )
    key = f"assessment:{reference}:{obligation.pk}"
    if LedgerBatch.objects.filter(key=key).exists():
        raise DomainError(
            f"la glosa {reference} del período {period:%m/%Y} ya fue registrada.",
            field="referencia",
        )
    if not created:
        split = dict(obligation.fund_cents)
        for fund, cents in by_fund.items():
            split[fund] = split.get(fund, 0) + cents
        Obligation.objects.filter(pk=obligation.pk).update(
            employee_cents=F("employee_cents") + employee,
            employer_cents=F("employer_cents") + employer_share,
            total_cents=F("total_cents") + total,
            fund_cents=split,
            paid_on=None,
        )
        obligation.refresh_from_db()
    ledger_post(key=key, job=ASSESSMENT_JOB, period=period, entries=_entries(obligation, by_fund))
    audit_event_record(
        actor=actor,
        action="assessment.record",
        target=obligation,
        summary=f"Glosa {period:%m/%Y} a {employer.tax_id}: {Decimal(total) / 100:.2f} USD "
        f"({reference})",
        data={"reference": reference, "total_cents": total, "workers": len(lines)},
    )
    return obligation, results
