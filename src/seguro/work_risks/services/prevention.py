"""Investigations' results, employer-liability assessment, job analyses and prevention
trainings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution.models import OrganisationalUnit
from seguro.registry.models import Canton, Employer, Person
from seguro.work_risks.models import (
    EmployerLiability,
    Investigation,
    JobAnalysis,
    LiabilityState,
    OccupationalDiseaseCase,
    RiskFactor,
    Training,
    TrainingParticipant,
)
from seguro.work_risks.scope import require_staff_in_province
from seguro.work_risks.services._common import (
    dollars_cents,
    employer_province,
    not_future,
    required_text,
)


@transaction.atomic
def investigation_record(
    *,
    actor: Any,
    investigation: Investigation,
    findings: str,
    causes: str,
    recommendations: str,
    finished_on: date | None = None,
) -> Investigation:
    """The investigator's findings, causes and recommendations; a finish date closes it."""
    investigation = Investigation.objects.select_for_update().get(pk=investigation.pk)
    require_staff_in_province(actor, investigation.province_code)
    if investigation.finished_on is not None:
        raise DomainError(
            f"la investigación terminó el {investigation.finished_on:%d/%m/%Y}.", field="fin"
        )
    if finished_on is not None:
        not_future(finished_on, "fin")
        if finished_on < investigation.started_on:
            raise DomainError("la investigación no puede terminar antes de empezar.", field="fin")
        required_text(findings, "hallazgos")
        required_text(causes, "causas")
    investigation.findings = str(findings or "").strip()
    investigation.causes = str(causes or "").strip()
    investigation.recommendations = str(recommendations or "").strip()
    investigation.finished_on = finished_on
    investigation.save()
    audit_event_record(
        actor=actor,
        action="work_risks.investigation.record",
        target=investigation,
        summary=f"Investigación N.º {investigation.pk}"
        + (" terminada" if finished_on else " actualizada"),
        data={"finished_on": finished_on},
    )
    return investigation


@transaction.atomic
def employer_liability_assess(
    *, actor: Any, liability: EmployerLiability, benefits_paid: Any, on: date
) -> EmployerLiability:
    """Once the benefits of the case are paid, the liability is the fixed part plus their cost
    (C.D. 517 Art. 15); it is then collected as any employer debt."""
    liability = EmployerLiability.objects.select_for_update().get(pk=liability.pk)
    require_staff_in_province(actor, liability.province_code)
    if liability.state != LiabilityState.PENDING:
        raise DomainError(
            f"la responsabilidad patronal está «{liability.get_state_display()}».",
            field="estado",
        )
    not_future(on, "fecha de liquidación")
    if on < liability.determined_on:
        raise DomainError("la liquidación no puede ser anterior al siniestro.", field="fecha")
    benefits = dollars_cents(benefits_paid, "prestaciones pagadas")
    liability.benefits_cents = benefits
    liability.total_cents = liability.surcharge_cents + benefits
    liability.state = LiabilityState.ASSESSED
    liability.assessed_on = on
    liability.explanation = [
        *liability.explanation,
        {"step": "Costo de las prestaciones pagadas por el IESS", "value": f"{benefits / 100:.2f}"},
        {
            "step": f"Total: {liability.surcharge_cents / 100:.2f} + {benefits / 100:.2f}",
            "value": f"{liability.total_cents / 100:.2f}",
        },
    ]
    liability.save()
    audit_event_record(
        actor=actor,
        action="work_risks.liability.assess",
        target=liability,
        summary=f"Responsabilidad patronal N.º {liability.pk} liquidada",
        data={"benefits_cents": benefits, "total_cents": liability.total_cents, "on": on},
    )
    return liability


@transaction.atomic
def job_analysis_record(
    *,
    actor: Any,
    employer: Employer,
    job_title: str,
    analysed_on: date,
    risk_factors: Iterable[str],
    conclusion: str,
    disease_case: OccupationalDiseaseCase | None = None,
) -> JobAnalysis:
    """An análisis de puesto de trabajo by the work-risks unit of the employer's province."""
    province = employer_province(employer)
    require_staff_in_province(actor, province)
    not_future(analysed_on, "fecha del análisis")
    factors = list(dict.fromkeys(risk_factors))
    unknown = [f for f in factors if f not in RiskFactor.values]
    if unknown:
        raise DomainError(
            f"factores de riesgo desconocidos: {', '.join(unknown)}.", field="factores"
        )
    if not factors:
        raise DomainError("indique al menos un factor de riesgo.", field="factores")
    if disease_case is not None and employer.pk not in {
        disease_case.employer_id,
        *disease_case.other_employers.values_list("pk", flat=True),
    }:
        raise DomainError("el caso de enfermedad no es de este empleador.", field="caso")
    analysis = JobAnalysis.objects.create(
        employer=employer,
        province_code=province,
        disease_case=disease_case,
        job_title=required_text(job_title, "puesto", 160),
        analysed_on=analysed_on,
        analyst=actor if getattr(actor, "is_authenticated", False) else None,
        risk_factors=factors,
        conclusion=required_text(conclusion, "conclusión"),
    )
    audit_event_record(
        actor=actor,
        action="work_risks.job_analysis.record",
        target=analysis,
        summary=f"Análisis del puesto «{analysis.job_title}» de {employer.tax_id}",
        data={"risk_factors": factors, "analysed_on": analysed_on},
    )
    return analysis


@transaction.atomic
def training_record(
    *,
    actor: Any,
    held_on: date,
    topic: str,
    canton: Canton,
    employers: Iterable[Employer] = (),
    people: Iterable[Person] = (),
    unidentified_women: int = 0,
    unidentified_men: int = 0,
    unit: OrganisationalUnit | None = None,
) -> Training:
    """A prevention training: the employers that attended and its participants, identified or
    counted by sex."""
    province = str(canton.province_id)
    require_staff_in_province(actor, province)
    not_future(held_on, "fecha")
    if unidentified_women < 0 or unidentified_men < 0:
        raise DomainError("los conteos no pueden ser negativos.", field="participantes")
    if unit is not None and unit.province_id not in (None, province):
        raise DomainError("la unidad es de otra provincia.", field="unidad")
    attending = list(dict.fromkeys(employers))
    identified = list(dict.fromkeys(people))
    total = len(identified) + unidentified_women + unidentified_men
    if total == 0:
        raise DomainError("la capacitación necesita participantes.", field="participantes")
    training = Training.objects.create(
        held_on=held_on,
        topic=required_text(topic, "tema", 200),
        canton=canton,
        province_code=province,
        unit=unit,
        unidentified_women=unidentified_women,
        unidentified_men=unidentified_men,
        participant_count=total,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    training.employers.set(attending)
    TrainingParticipant.objects.bulk_create(
        [TrainingParticipant(training=training, person=p) for p in identified]
    )
    audit_event_record(
        actor=actor,
        action="work_risks.training.record",
        target=training,
        summary=f"Capacitación «{training.topic}» ({total} participantes)",
        data={
            "held_on": held_on,
            "canton": canton.code,
            "employers": [e.tax_id for e in attending],
            "participants": total,
        },
    )
    return training
