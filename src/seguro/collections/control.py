"""Employer control: inspections whose findings become assessments, and collection targets.

A finding is either a worker the employer never affiliated (unreported: declared salary 0) or a
salary declared below the one verified (under-declared). The undeclared salary of each finding
is assessed with the period's contribution rates (contributions.assessments); findings of one
period become one ASSESSMENT obligation, posted to the ledger as assessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from seguro.collections._common import money_cents, next_number, not_future, usd
from seguro.collections.models import (
    CollectionTarget,
    FindingKind,
    Inspection,
    InspectionFinding,
    TargetKind,
)
from seguro.contributions.assessments import AssessmentLine, assessment_record
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Affiliation, Employer, Person, Province, Regime, Sector
from seguro.registry.scope import scope_of, scope_require_employer


@dataclass(frozen=True)
class FindingInput:
    kind: str
    person: Person
    period: date
    actual_salary: Any
    declared_salary: Any = "0"


def _affiliation(employer: Employer, person: Person, period: date) -> Affiliation | None:
    return (
        Affiliation.objects.filter(employer=employer, person=person, valid_from__lte=period)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period))
        .order_by("-valid_from")
        .first()
    )


def _check(
    employer: Employer, finding: FindingInput, inspected_on: date, row: int
) -> tuple[int, int, str]:
    """(declared cents, actual cents, regime) of a valid finding."""
    if finding.kind not in FindingKind.values:
        raise DomainError(f"{finding.kind!r} no es un hallazgo válido.", field="hallazgo", row=row)
    if finding.period.day != 1 or finding.period >= inspected_on.replace(day=1):
        raise DomainError(
            "el período es el primer día de un mes anterior al de la inspección.",
            field="período",
            row=row,
        )
    actual = money_cents(finding.actual_salary, "salario verificado")
    affiliation = _affiliation(employer, finding.person, finding.period)
    if finding.kind == FindingKind.UNREPORTED_WORKER:
        if affiliation is not None:
            raise DomainError(
                f"{finding.person.identifier} estaba afiliado por el empleador en "
                f"{finding.period:%m/%Y}; registre un salario subdeclarado.",
                field="trabajador",
                row=row,
            )
        regime = (
            Regime.PUBLIC_SERVANT if employer.sector == Sector.PUBLIC else Regime.PRIVATE_EMPLOYEE
        )
        return 0, actual, regime
    if affiliation is None:
        raise DomainError(
            f"{finding.person.identifier} no estaba afiliado por el empleador en "
            f"{finding.period:%m/%Y}; registre un trabajador no afiliado.",
            field="trabajador",
            row=row,
        )
    declared = money_cents(finding.declared_salary, "salario declarado")
    if actual <= declared:
        raise DomainError(
            "el salario verificado debe ser mayor que el declarado.",
            field="salario verificado",
            row=row,
        )
    return declared, actual, affiliation.regime


@transaction.atomic
def inspection_record(
    *,
    actor: Any,
    employer: Employer,
    inspected_on: date,
    findings: list[FindingInput],
    notes: str = "",
) -> Inspection:
    """Record an inspection; its findings create (or add to) the periods' assessments."""
    scope_require_employer(actor, employer)
    not_future(inspected_on, "fecha de la inspección")
    checked = [_check(employer, f, inspected_on, row) for row, f in enumerate(findings, start=1)]
    seen = set()
    for row, finding in enumerate(findings, start=1):
        if (finding.person.pk, finding.period) in seen:
            raise DomainError(
                "el trabajador y el período se repiten en los hallazgos.", field="hallazgo", row=row
            )
        seen.add((finding.person.pk, finding.period))
    inspection = Inspection.objects.create(
        number=next_number("inspection"),
        employer=employer,
        province_code=employer.canton.province_id,
        inspected_on=inspected_on,
        inspector=actor if getattr(actor, "pk", None) else None,
        notes=notes.strip(),
    )
    by_period: dict[date, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        by_period[finding.period].append(index)
    total = 0
    for period in sorted(by_period):
        indexes = by_period[period]
        lines = [
            AssessmentLine(findings[i].person, checked[i][2], checked[i][1] - checked[i][0])
            for i in indexes
        ]
        obligation, results = assessment_record(
            actor=actor,
            employer=employer,
            period=period,
            lines=lines,
            reference=f"inspeccion-{inspection.number}",
        )
        for i, result in zip(indexes, results, strict=True):
            InspectionFinding.objects.create(
                inspection=inspection,
                kind=findings[i].kind,
                person=findings[i].person,
                period=period,
                declared_salary_cents=checked[i][0],
                actual_salary_cents=checked[i][1],
                assessed_cents=result.total_cents,
                obligation=obligation,
            )
            total += result.total_cents
    audit_event_record(
        actor=actor,
        action="inspection.record",
        target=inspection,
        summary=f"Inspección {inspection.number} a {employer.tax_id}: {len(findings)} "
        f"hallazgos, {usd(total)} USD glosados",
        data={"findings": len(findings), "assessed_cents": total},
    )
    return inspection


@transaction.atomic
def collection_target_set(
    *, actor: Any, province_code: str, year: int, kind: str, amount: Any
) -> CollectionTarget:
    """Set (or change) a province's collection or arrears-recovery target for a year."""
    scope = scope_of(actor)
    if not (scope.everything or scope.province_code == province_code):
        raise DomainError(
            "solo el personal nacional o el de esa provincia fija sus metas.", field="provincia"
        )
    if scope.employer_id or scope.person_id:
        raise DomainError("las metas las fija el personal del instituto.", field="provincia")
    if not Province.objects.filter(code=province_code).exists():
        raise DomainError(f"la provincia {province_code!r} no existe.", field="provincia")
    if kind not in TargetKind.values:
        raise DomainError(f"{kind!r} no es un tipo de meta.", field="meta")
    if not 2000 <= int(year) <= date.today().year + 1:
        raise DomainError(f"el año {year} está fuera del rango admitido.", field="año")
    cents = money_cents(amount, "meta")
    target, created = CollectionTarget.objects.update_or_create(
        province_code=province_code, year=int(year), kind=kind, defaults={"target_cents": cents}
    )
    audit_event_record(
        actor=actor,
        action="target.set",
        target=target,
        summary=f"Meta de {TargetKind(kind).label.lower()} {year} de la provincia "
        f"{province_code}: {usd(cents)} USD",
        data={"created": created, "target_cents": cents},
    )
    return target
