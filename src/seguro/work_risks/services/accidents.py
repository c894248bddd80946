"""Accident notices: filing (with the term and the employer liability), investigation and
qualification as a work accident."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import Q

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Affiliation, Canton, Employer, Person
from seguro.registry.scope import scope_require_employer
from seguro.work_risks.law import report_deadline
from seguro.work_risks.models import (
    AccidentKind,
    AccidentReport,
    CaseState,
    Investigation,
    LiabilityReason,
)
from seguro.work_risks.scope import require_staff_in_province
from seguro.work_risks.services._common import (
    employer_province,
    liabilities_cancel,
    liability_open,
    not_future,
    required_text,
)


def affiliation_at(person: Person, employer: Employer, on: date) -> Affiliation | None:
    """The person's affiliation with the employer in force on the day (None: not affiliated)."""
    return (
        Affiliation.objects.filter(person=person, employer=employer, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def accident_report_file(
    *,
    actor: Any,
    person: Person,
    employer: Employer,
    accident_date: date,
    canton: Canton,
    place: str,
    kind: str,
    description: str,
    injuries: str,
    leave_days: int = 0,
    accident_time: time | None = None,
    reported_on: date | None = None,
) -> AccidentReport:
    """The employer's notice of a work accident. It is late after the term (C.D. 517 Art. 14 c);
    a late notice, or a worker not affiliated on the day (Art. 14 a), opens an employer
    liability."""
    reported_on = not_future(reported_on or date.today(), "fecha del aviso")
    scope_require_employer(actor, employer)
    not_future(accident_date, "fecha del accidente")
    if accident_date > reported_on:
        raise DomainError("el accidente es posterior a la fecha del aviso.", field="fecha")
    if accident_date < person.birth_date:
        raise DomainError("el accidente es anterior al nacimiento del trabajador.", field="fecha")
    if person.death_date is not None and person.death_date < accident_date:
        raise DomainError(
            f"el trabajador falleció el {person.death_date:%d/%m/%Y}, antes del accidente.",
            field="fecha",
        )
    if kind not in AccidentKind.values:
        raise DomainError(f"el tipo de accidente {kind!r} no existe.", field="tipo")
    if leave_days < 0:
        raise DomainError("los días de reposo no pueden ser negativos.", field="días de reposo")
    duplicate = AccidentReport.objects.filter(
        person=person, employer=employer, accident_date=accident_date, accident_time=accident_time
    )
    if duplicate.exists():
        raise DomainError(
            f"ya existe el aviso N.º {duplicate.first().pk} de este accidente.",  # type: ignore[union-attr]
            field="fecha",
        )
    affiliation = affiliation_at(person, employer, accident_date)
    deadline = report_deadline(event_date=accident_date, reported_on=reported_on)
    report = AccidentReport.objects.create(
        person=person,
        employer=employer,
        affiliation=affiliation,
        province_code=employer_province(employer),
        accident_date=accident_date,
        accident_time=accident_time,
        canton=canton,
        place=required_text(place, "lugar", 200),
        kind=kind,
        description=required_text(description, "descripción"),
        injuries=required_text(injuries, "lesiones"),
        leave_days=leave_days,
        reported_on=reported_on,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        due_date=deadline.due_date,
        late=deadline.late,
        deadline_explanation=deadline.explanation,
    )
    audit_event_record(
        actor=actor,
        action="work_risks.accident.file",
        target=report,
        summary=f"Aviso de accidente de {person.identifier}" + (" (tardío)" if report.late else ""),
        data={
            "employer": employer.tax_id,
            "accident_date": accident_date,
            "reported_on": reported_on,
            "due_date": deadline.due_date,
            "late": deadline.late,
            "affiliated": affiliation is not None,
        },
    )
    if deadline.late:
        liability_open(
            actor=actor,
            employer=employer,
            reason=LiabilityReason.LATE_REPORT,
            on=accident_date,
            accident_report=report,
        )
    if affiliation is None:
        liability_open(
            actor=actor,
            employer=employer,
            reason=LiabilityReason.UNAFFILIATED,
            on=accident_date,
            accident_report=report,
        )
    return report


@transaction.atomic
def accident_investigation_open(
    *, actor: Any, report: AccidentReport, started_on: date | None = None
) -> Investigation:
    """The work-risks unit starts investigating the accident (filed → under investigation)."""
    report = AccidentReport.objects.select_for_update().get(pk=report.pk)
    require_staff_in_province(actor, report.province_code)
    started_on = not_future(started_on or date.today(), "inicio")
    if report.state != CaseState.FILED:
        raise DomainError(
            f"el aviso está «{report.get_state_display()}»: solo se investiga uno presentado.",
            field="estado",
        )
    if started_on < report.reported_on:
        raise DomainError("la investigación no puede empezar antes del aviso.", field="inicio")
    investigation = Investigation.objects.create(
        accident_report=report,
        province_code=report.province_code,
        investigator=actor if getattr(actor, "is_authenticated", False) else None,
        started_on=started_on,
    )
    report.state = CaseState.INVESTIGATING
    report.save(update_fields=["state"])
    audit_event_record(
        actor=actor,
        action="work_risks.accident.investigate",
        target=report,
        summary=f"Investigación N.º {investigation.pk} del aviso N.º {report.pk}",
        data={"investigation": investigation.pk, "started_on": started_on},
    )
    return investigation


@transaction.atomic
def accident_qualify(
    *,
    actor: Any,
    report: AccidentReport,
    is_work_accident: bool,
    resolution_number: str,
    resolution_date: date,
    resolution_text: str = "",
) -> AccidentReport:
    """The qualification (calificación) of the accident, with its resolution. An accident that
    is not a work accident leaves the pending employer liabilities without effect."""
    report = AccidentReport.objects.select_for_update().get(pk=report.pk)
    require_staff_in_province(actor, report.province_code)
    if report.state == CaseState.QUALIFIED:
        raise DomainError(
            f"el aviso ya fue calificado (resolución {report.resolution_number}).", field="estado"
        )
    not_future(resolution_date, "fecha de la resolución")
    if resolution_date < report.reported_on:
        raise DomainError("la resolución no puede ser anterior al aviso.", field="fecha")
    report.state = CaseState.QUALIFIED
    report.is_work_accident = is_work_accident
    report.resolution_number = required_text(resolution_number, "número de resolución", 60)
    report.resolution_date = resolution_date
    report.resolution_text = str(resolution_text or "").strip()
    report.qualified_by = actor if getattr(actor, "is_authenticated", False) else None
    report.save()
    verdict = "accidente de trabajo" if is_work_accident else "no es accidente de trabajo"
    audit_event_record(
        actor=actor,
        action="work_risks.accident.qualify",
        target=report,
        summary=f"Aviso N.º {report.pk} calificado: {verdict}",
        data={
            "is_work_accident": is_work_accident,
            "resolution_number": report.resolution_number,
            "resolution_date": resolution_date,
        },
    )
    if not is_work_accident:
        liabilities_cancel(
            actor=actor, liabilities=report.liabilities.all(), why="no es accidente de trabajo"
        )
    return report
