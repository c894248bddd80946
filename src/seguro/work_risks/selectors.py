"""Reads of work risks, always through the row scope (work_risks.scope)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from seguro.registry.models import Province, Sex
from seguro.registry.scope import employer_visible, scope_of
from seguro.work_risks.models import (
    AccidentReport,
    DiseaseState,
    EmployerLiability,
    OccupationalDiseaseCase,
    Training,
    TrainingParticipant,
)
from seguro.work_risks.scope import is_staff, visible


def accident_reports(
    *, user: Any, late: bool | None = None, state: str | None = None
) -> QuerySet[AccidentReport]:
    rows = visible(user, AccidentReport).select_related("person", "employer", "canton")
    if late is not None:
        rows = rows.filter(late=late)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-reported_on", "-id")


def accident_report_detail(*, user: Any, pk: int) -> dict[str, Any] | None:
    report = (
        accident_reports(user=user)
        .select_related("affiliation", "canton__province", "qualified_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        return None
    return {
        "report": report,
        "liabilities": list(visible(user, EmployerLiability).filter(accident_report=report)),
        "investigations": list(report.investigations.all()) if is_staff(user) else [],
    }


def disease_cases(*, user: Any, state: str | None = None) -> QuerySet[OccupationalDiseaseCase]:
    rows = visible(user, OccupationalDiseaseCase).select_related("person", "employer")
    if state in DiseaseState.values:
        rows = rows.filter(state=state)
    return rows.order_by("-reported_on", "-id")


def disease_case_detail(*, user: Any, pk: int) -> dict[str, Any] | None:
    case = disease_cases(user=user).filter(pk=pk).first()
    if case is None:
        return None
    return {
        "case": case,
        "other_employers": list(case.other_employers.all()),
        "liabilities": list(visible(user, EmployerLiability).filter(disease_case=case)),
        "investigations": list(case.investigations.all()) if is_staff(user) else [],
        "job_analyses": list(case.job_analyses.all()) if is_staff(user) else [],
    }


def trainings(*, user: Any, year: int, province_code: str | None = None) -> QuerySet[Training]:
    rows = visible(user, Training).filter(held_on__year=year)
    if province_code:
        rows = rows.filter(province_code=province_code)
    return rows.select_related("canton").order_by("held_on", "id")


def training_counts(*, user: Any, year: int, province_code: str | None = None) -> dict[str, Any]:
    """Per province in the year: trainings, employers trained (each employer once, however
    many trainings it attended) and participants (sum of each training's participants), with
    participants by sex (identified people by their registered sex plus those counted)."""
    # Unordered: an ORDER BY would enter the GROUP BY and split the groups.
    base = trainings(user=user, year=year, province_code=province_code).order_by()
    per_province = {
        row["province_code"]: row
        for row in base.values("province_code").annotate(
            trainings=Count("id", distinct=True),
            participants=Sum("participant_count"),
            women=Sum("unidentified_women"),
            men=Sum("unidentified_men"),
        )
    }
    employers = (
        base.filter(employers__isnull=False)
        .values("province_code")
        .annotate(n=Count("employers", distinct=True))
    )
    employer_counts = {row["province_code"]: row["n"] for row in employers}
    identified = (
        TrainingParticipant.objects.filter(training__in=base.values("pk"))
        .values("training__province_code", "person__sex")
        .annotate(n=Count("id"))
    )
    names = dict(Province.objects.values_list("code", "name"))
    rows = []
    for code in sorted(per_province):
        row = per_province[code]
        women, men = int(row["women"] or 0), int(row["men"] or 0)
        for item in identified:
            if item["training__province_code"] == code:
                if item["person__sex"] == Sex.FEMALE:
                    women += item["n"]
                else:
                    men += item["n"]
        rows.append(
            {
                "province_code": code,
                "province": names.get(code, code),
                "trainings": row["trainings"],
                "employers": employer_counts.get(code, 0),
                "participants": int(row["participants"] or 0),
                "women": women,
                "men": men,
            }
        )
    totals = {
        key: sum(r[key] for r in rows) for key in ("trainings", "participants", "women", "men")
    }
    # An employer trained in two provinces counts once nationally.
    totals["employers"] = base.filter(employers__isnull=False).aggregate(
        n=Count("employers", distinct=True)
    )["n"]
    return {"year": year, "rows": rows, "totals": totals}


def employer_for(*, user: Any, tax_id: str) -> Any:
    """The employer with that RUC if the user may act for it."""
    return employer_visible(user).filter(tax_id=tax_id).first() if tax_id else None


def employer_visible_own(*, user: Any) -> Any:
    """The employer an employer user acts for (None for anyone else)."""
    employer_id = scope_of(user).employer_id
    return employer_visible(user).filter(pk=employer_id).first() if employer_id else None
