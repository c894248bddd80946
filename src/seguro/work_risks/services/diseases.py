"""Occupational-disease cases: filing, the committee's qualification, and investigations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Employer, Person
from seguro.registry.scope import scope_require_employer
from seguro.work_risks.law import report_deadline
from seguro.work_risks.models import (
    DiseaseState,
    Investigation,
    LiabilityReason,
    OccupationalDiseaseCase,
)
from seguro.work_risks.scope import require_staff_in_province
from seguro.work_risks.services._common import (
    employer_province,
    liabilities_cancel,
    liability_open,
    not_future,
    required_text,
)

# CIE-10 (ICD-10): a letter, two digits, optionally a point and up to two more characters.
ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$")


def icd10_clean(code: str) -> str:
    text = str(code or "").strip().upper()
    if not ICD10.match(text):
        raise DomainError(
            f"{code!r} no es un código CIE-10 (p. ej. J61 o M54.5).", field="código CIE-10"
        )
    return text


@transaction.atomic
def disease_case_file(
    *,
    actor: Any,
    person: Person,
    employer: Employer,
    icd10_code: str,
    disease: str,
    exposure: str,
    diagnosis_date: date,
    other_employers: Iterable[Employer] = (),
    reported_on: date | None = None,
) -> OccupationalDiseaseCase:
    """The notice of a presumed occupational disease; the term runs from the initial diagnosis
    (C.D. 517 Art. 14 c), so a late notice opens an employer liability."""
    reported_on = not_future(reported_on or date.today(), "fecha del aviso")
    scope_require_employer(actor, employer)
    not_future(diagnosis_date, "fecha del diagnóstico")
    if diagnosis_date > reported_on:
        raise DomainError("el diagnóstico es posterior a la fecha del aviso.", field="fecha")
    if diagnosis_date < person.birth_date:
        raise DomainError("el diagnóstico es anterior al nacimiento.", field="fecha")
    others = [e for e in dict.fromkeys(other_employers) if e.pk != employer.pk]
    deadline = report_deadline(event_date=diagnosis_date, reported_on=reported_on)
    case = OccupationalDiseaseCase.objects.create(
        person=person,
        employer=employer,
        province_code=employer_province(employer),
        icd10_code=icd10_clean(icd10_code),
        disease=required_text(disease, "enfermedad", 200),
        exposure=required_text(exposure, "exposición"),
        diagnosis_date=diagnosis_date,
        reported_on=reported_on,
        reported_by=actor if getattr(actor, "is_authenticated", False) else None,
        due_date=deadline.due_date,
        late=deadline.late,
        deadline_explanation=deadline.explanation,
    )
    case.other_employers.set(others)
    audit_event_record(
        actor=actor,
        action="work_risks.disease.file",
        target=case,
        summary=f"Caso de enfermedad profesional {case.icd10_code} de {person.identifier}"
        + (" (aviso tardío)" if case.late else ""),
        data={
            "employer": employer.tax_id,
            "other_employers": [e.tax_id for e in others],
            "diagnosis_date": diagnosis_date,
            "reported_on": reported_on,
            "due_date": deadline.due_date,
            "late": deadline.late,
        },
    )
    if deadline.late:
        liability_open(
            actor=actor,
            employer=employer,
            reason=LiabilityReason.LATE_REPORT,
            on=diagnosis_date,
            disease_case=case,
        )
    return case


@transaction.atomic
def disease_case_to_committee(
    *, actor: Any, case: OccupationalDiseaseCase
) -> OccupationalDiseaseCase:
    """The case goes to the Comité de Valuación de Incapacidades y Responsabilidad Patronal."""
    case = OccupationalDiseaseCase.objects.select_for_update().get(pk=case.pk)
    require_staff_in_province(actor, case.province_code)
    if case.state != DiseaseState.FILED:
        raise DomainError(f"el caso está «{case.get_state_display()}».", field="estado")
    case.state = DiseaseState.COMMITTEE
    case.save(update_fields=["state"])
    audit_event_record(
        actor=actor,
        action="work_risks.disease.committee",
        target=case,
        summary=f"Caso N.º {case.pk} enviado al Comité de Valuación",
    )
    return case


def _percent(value: Any) -> Decimal:
    try:
        percent = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{value!r} no es un porcentaje.", field="incapacidad") from None
    if not Decimal(0) < percent <= Decimal(100) or percent != percent.quantize(Decimal("0.01")):
        raise DomainError(
            "el porcentaje de incapacidad va de 0,01 a 100 con hasta dos decimales.",
            field="incapacidad",
        )
    return percent


@transaction.atomic
def disease_case_qualify(
    *,
    actor: Any,
    case: OccupationalDiseaseCase,
    qualified: bool,
    resolution_number: str,
    resolution_date: date,
    incapacity_percent: Any = None,
    resolution_text: str = "",
) -> OccupationalDiseaseCase:
    """The committee's resolution: an occupational disease (with the incapacity percentage) or
    not (pending employer liabilities lose their object)."""
    case = OccupationalDiseaseCase.objects.select_for_update().get(pk=case.pk)
    require_staff_in_province(actor, case.province_code)
    if case.state != DiseaseState.COMMITTEE:
        raise DomainError(
            "solo el Comité de Valuación califica: envíe primero el caso al Comité."
            if case.state == DiseaseState.FILED
            else f"el caso ya fue resuelto (resolución {case.resolution_number}).",
            field="estado",
        )
    not_future(resolution_date, "fecha de la resolución")
    if resolution_date < case.reported_on:
        raise DomainError("la resolución no puede ser anterior al aviso.", field="fecha")
    if qualified:
        case.incapacity_percent = _percent(incapacity_percent)
    elif incapacity_percent not in (None, ""):
        raise DomainError(
            "un caso no calificado no lleva porcentaje de incapacidad.", field="incapacidad"
        )
    case.state = DiseaseState.QUALIFIED if qualified else DiseaseState.REJECTED
    case.resolution_number = required_text(resolution_number, "número de resolución", 60)
    case.resolution_date = resolution_date
    case.resolution_text = str(resolution_text or "").strip()
    case.qualified_by = actor if getattr(actor, "is_authenticated", False) else None
    case.save()
    audit_event_record(
        actor=actor,
        action="work_risks.disease.qualify",
        target=case,
        summary=f"Caso N.º {case.pk}: {case.get_state_display()}",
        data={
            "qualified": qualified,
            "incapacity_percent": case.incapacity_percent,
            "resolution_number": case.resolution_number,
            "resolution_date": resolution_date,
        },
    )
    if not qualified:
        liabilities_cancel(
            actor=actor, liabilities=case.liabilities.all(), why="no es enfermedad profesional"
        )
    return case


@transaction.atomic
def disease_investigation_open(
    *, actor: Any, case: OccupationalDiseaseCase, started_on: date | None = None
) -> Investigation:
    case = OccupationalDiseaseCase.objects.select_for_update().get(pk=case.pk)
    require_staff_in_province(actor, case.province_code)
    started_on = not_future(started_on or date.today(), "inicio")
    if case.state in (DiseaseState.QUALIFIED, DiseaseState.REJECTED):
        raise DomainError("el caso ya fue resuelto.", field="estado")
    if started_on < case.reported_on:
        raise DomainError("la investigación no puede empezar antes del aviso.", field="inicio")
    investigation = Investigation.objects.create(
        disease_case=case,
        province_code=case.province_code,
        investigator=actor if getattr(actor, "is_authenticated", False) else None,
        started_on=started_on,
    )
    audit_event_record(
        actor=actor,
        action="work_risks.disease.investigate",
        target=investigation,
        summary=f"Investigación N.º {investigation.pk} del caso N.º {case.pk}",
        data={"case": case.pk, "started_on": started_on},
    )
    return investigation
