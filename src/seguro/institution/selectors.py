"""Reads of the institution app: the figures of the accountability report's institutional part.

Sums and counts are computed by the database; ratios are Decimal, rounded half-up to two
decimals as the report prints them. `province_code` limits a figure to the units of a province
(views pass the user's own province for provincial staff; see institution.scope).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from seguro.institution import scope
from seguro.institution.models import (
    AWARDED_STAGES,
    OPEN_RECOMMENDATION,
    AuditRecommendation,
    BudgetLine,
    CitizenRequest,
    OrganisationalUnit,
    ProcurementProcess,
    ProcurementType,
    RequestStatus,
    rate,
)

ZERO = Decimal("0.00")


def _in_province(queryset: QuerySet[Any], path: str, province_code: str | None) -> QuerySet[Any]:
    if province_code is None:
        return queryset
    return queryset.filter(**{f"{path}province_id": province_code})


@dataclass(frozen=True)
class BudgetRow:
    unit_code: str
    unit_name: str
    appropriated: Decimal
    committed: Decimal
    accrued: Decimal

    @property
    def execution_rate(self) -> Decimal | None:
        return rate(self.accrued, self.appropriated)

    @property
    def execution_percent(self) -> Decimal | None:
        value = self.execution_rate
        return None if value is None else (value * 100).quantize(Decimal("1"))


@dataclass(frozen=True)
class BudgetExecution:
    year: int
    province_code: str | None
    rows: list[BudgetRow]
    total: BudgetRow


def budget_execution(*, year: int, province_code: str | None = None) -> BudgetExecution:
    """Appropriated, committed and accrued per unit for a fiscal year, and the total.

    Rows are ordered as the report orders them: highest execution rate first.
    """
    lines = _in_province(BudgetLine.objects.filter(year=year), "unit__", province_code)
    sums = {"appropriated": Sum("appropriated"), "committed": Sum("committed")}
    sums["accrued"] = Sum("accrued")
    grouped = (
        lines.values("unit__code", "unit__name", "unit__short_name")
        .annotate(**sums)
        .order_by("unit__code")
    )
    rows = [
        BudgetRow(
            unit_code=g["unit__code"],
            unit_name=g["unit__short_name"] or g["unit__name"],
            appropriated=Decimal(g["appropriated"]).quantize(ZERO),
            committed=Decimal(g["committed"]).quantize(ZERO),
            accrued=Decimal(g["accrued"]).quantize(ZERO),
        )
        for g in grouped
    ]
    rows.sort(key=lambda r: (-(r.execution_rate or Decimal(-1)), r.unit_name))
    totals = lines.aggregate(**sums)
    total = BudgetRow(
        unit_code="",
        unit_name="Total general",
        appropriated=Decimal(totals["appropriated"] or 0).quantize(ZERO),
        committed=Decimal(totals["committed"] or 0).quantize(ZERO),
        accrued=Decimal(totals["accrued"] or 0).quantize(ZERO),
    )
    return BudgetExecution(year=year, province_code=province_code, rows=rows, total=total)


@dataclass(frozen=True)
class ProcurementRow:
    procurement_type: str
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class ProcurementAwarded:
    year: int
    province_code: str | None
    rows: list[ProcurementRow]
    total_count: int
    total_amount: Decimal


def awarded_processes(*, year: int, province_code: str | None = None) -> QuerySet[Any]:
    """Processes of a year's plan whose current stage is awarded or contract signed."""
    queryset = ProcurementProcess.objects.filter(year=year, stage__in=AWARDED_STAGES)
    return _in_province(queryset, "unit__", province_code)


def procurement_awarded_by_type(
    *, year: int, province_code: str | None = None
) -> ProcurementAwarded:
    """Number and USD of the processes awarded per procurement type (only types with any)."""
    grouped = {
        g["procurement_type"]: g
        for g in awarded_processes(year=year, province_code=province_code)
        .values("procurement_type")
        .annotate(count=Count("id"), amount=Sum("awarded_amount"))
        .order_by()
    }
    rows = [
        ProcurementRow(
            procurement_type=kind.value,
            label=str(kind.label),
            count=grouped[kind.value]["count"],
            amount=Decimal(grouped[kind.value]["amount"]).quantize(ZERO),
        )
        for kind in ProcurementType
        if kind.value in grouped
    ]
    return ProcurementAwarded(
        year=year,
        province_code=province_code,
        rows=rows,
        total_count=sum(r.count for r in rows),
        total_amount=sum((r.amount for r in rows), ZERO),
    )


def procurement_processes(*, year: int, province_code: str | None = None) -> QuerySet[Any]:
    queryset = ProcurementProcess.objects.filter(year=year).select_related("unit")
    return _in_province(queryset, "unit__", province_code).order_by("procurement_type", "code")


def audit_recommendations(*, province_code: str | None = None) -> QuerySet[Any]:
    queryset = AuditRecommendation.objects.select_related("responsible_unit")
    return _in_province(queryset, "responsible_unit__", province_code)


def audit_recommendations_overdue(
    *, on: date, province_code: str | None = None
) -> QuerySet[AuditRecommendation]:
    """Recommendations still open whose deadline passed before `on` (due today is not overdue)."""
    return audit_recommendations(province_code=province_code).filter(
        status__in=OPEN_RECOMMENDATION, deadline__lt=on
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class CitizenSummary:
    year: int
    province_code: str | None
    by_status: list[StatusCount]
    total: int
    average_answer_days: Decimal | None
    by_kind: dict[str, int] = field(default_factory=dict)


def citizen_requests(*, year: int, province_code: str | None = None) -> QuerySet[Any]:
    queryset = CitizenRequest.objects.filter(received_on__year=year).select_related("unit")
    return _in_province(queryset, "unit__", province_code)


def citizen_requests_summary(*, year: int, province_code: str | None = None) -> CitizenSummary:
    """Requests received in a year: count by status, and average answer time in days (1 decimal)
    over the answered ones."""
    queryset = citizen_requests(year=year, province_code=province_code)
    counts = dict(
        queryset.values_list("status").annotate(n=Count("id")).order_by().values_list("status", "n")
    )
    kinds = dict(
        queryset.values_list("kind").annotate(n=Count("id")).order_by().values_list("kind", "n")
    )
    average = queryset.filter(status=RequestStatus.ANSWERED).aggregate(days=Avg("answer_days"))[
        "days"
    ]
    return CitizenSummary(
        year=year,
        province_code=province_code,
        by_status=[
            StatusCount(s.value, str(s.label), counts.get(s.value, 0)) for s in RequestStatus
        ],
        total=sum(counts.values()),
        average_answer_days=(
            None
            if average is None
            else Decimal(str(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        ),
        by_kind=kinds,
    )


def units_with_contact(*, province_code: str | None = None) -> Iterable[OrganisationalUnit]:
    """Units that publish a phone or e-mail for citizens."""
    queryset = OrganisationalUnit.objects.filter(active=True).filter(
        ~Q(contact_phone="") | ~Q(contact_email="")
    )
    return _in_province(queryset, "", province_code)


def years_with_data() -> list[int]:
    years = set(BudgetLine.objects.values_list("year", flat=True).distinct())
    years |= set(ProcurementProcess.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def user_province(user: Any) -> tuple[bool, str | None]:
    """For views: (may read institutional rows at all, the province they are limited to)."""
    return scope.province_of(user)
