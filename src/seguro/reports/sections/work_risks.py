"""Work risks: accident notices and their timeliness, occupational diseases qualified,
investigations, job analyses, and prevention trainings (employers and participants)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from seguro.reports.figures import Chart, Scope, Section
from seguro.work_risks.models import (
    AccidentReport,
    DiseaseState,
    Investigation,
    JobAnalysis,
    OccupationalDiseaseCase,
    Training,
)


def _in(queryset: QuerySet[Any], scope: Scope, date_field: str) -> QuerySet[Any]:
    rows = queryset.filter(**{f"{date_field}__year": scope.year})
    if scope.province_code:
        rows = rows.filter(province_code=scope.province_code)
    return rows


def work_risks_section(scope: Scope) -> Section:
    section = Section("riesgos", "Riesgos del trabajo")
    notices = _in(AccidentReport.objects.all(), scope, "reported_on")
    late = notices.filter(late=True).count()
    section.add(
        "work_risks.accidents_reported",
        "Accidentes de trabajo avisados",
        notices.count(),
        "avisos",
        "Avisos de accidente de trabajo presentados en el año (por la fecha del aviso).",
    )
    section.add(
        "work_risks.accidents_reported_late",
        "Avisos fuera de término",
        late,
        "avisos",
        "Avisos del año presentados después del término legal (días hábiles desde el accidente).",
    )
    diseases = _in(OccupationalDiseaseCase.objects.all(), scope, "resolution_date").filter(
        state=DiseaseState.QUALIFIED
    )
    section.add(
        "work_risks.occupational_diseases_qualified",
        "Enfermedades profesionales calificadas",
        diseases.count(),
        "casos",
        "Casos que el Comité de Valuación calificó como enfermedad profesional en el año.",
    )
    section.add(
        "work_risks.investigations",
        "Investigaciones de accidentes y enfermedades",
        _in(Investigation.objects.all(), scope, "started_on").count(),
        "investigaciones",
        "Investigaciones iniciadas en el año.",
    )
    section.add(
        "work_risks.job_analyses",
        "Análisis de puestos de trabajo",
        _in(JobAnalysis.objects.all(), scope, "analysed_on").count(),
        "análisis",
        "Análisis de puesto de trabajo realizados en el año.",
    )
    trainings = _in(Training.objects.all(), scope, "held_on").order_by()
    employers = trainings.filter(employers__isnull=False).aggregate(
        n=Count("employers", distinct=True)
    )["n"]
    participants = int(trainings.aggregate(n=Sum("participant_count"))["n"] or 0)
    section.add(
        "work_risks.employers_trained",
        "Empleadores capacitados en prevención",
        employers,
        "empleadores",
        "Empleadores distintos que asistieron a alguna capacitación del año (cada uno una vez).",
    )
    section.add(
        "work_risks.participants_trained",
        "Participantes en capacitaciones de prevención",
        participants,
        "personas",
        "Suma de los participantes de cada capacitación de prevención del año.",
    )
    if scope.province_code is None:
        section.add(
            "work_risks.affiliates_trained_in_prevention",
            "Afiliados capacitados en prevención",
            participants,
            "personas",
            "Participantes en las capacitaciones de prevención del año en todo el país.",
        )
    section.charts.append(
        Chart(
            "bar",
            "Avisos de accidente del año",
            ["A tiempo", "Fuera de término"],
            [("Avisos", [float(notices.count() - late), float(late)])],
        )
    )
    return section
