"""Work risks (Seguro General de Riesgos del Trabajo): accident notices and their qualification,
occupational-disease cases, employer liability, investigations, job analyses and prevention
trainings.

Every row carries ``province_code`` (the employer's province, or the training's) for the row
scope. Money is integer cents. Writes go through the services (services/*.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seguro.institution.models import OrganisationalUnit
from seguro.registry.models import Affiliation, Canton, Employer, Person


def _user(verbose_name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    """Who did it (None: the system)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def _province() -> models.CharField:  # type: ignore[type-arg]
    return models.CharField("provincia (código INEC)", max_length=2, db_index=True)


class AccidentKind(models.TextChoices):
    AT_WORK = "at_work", "Accidente en el trabajo"
    COMMUTING = "commuting", "Accidente in itinere (en el trayecto)"


class CaseState(models.TextChoices):
    FILED = "filed", "Presentado"
    INVESTIGATING = "investigating", "En investigación"
    QUALIFIED = "qualified", "Calificado"


class AccidentReport(models.Model):
    """Aviso de accidente de trabajo, filed by the employer (or by the institute for it)."""

    person = models.ForeignKey(
        Person, verbose_name="trabajador", on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="+"
    )
    affiliation = models.ForeignKey(
        Affiliation,
        verbose_name="afiliación vigente a la fecha del accidente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province_code = _province()
    accident_date = models.DateField("fecha del accidente")
    accident_time = models.TimeField("hora del accidente", null=True, blank=True)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón del accidente", on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField("lugar", max_length=200)
    kind = models.CharField("tipo", max_length=12, choices=AccidentKind.choices)
    description = models.TextField("descripción de los hechos")
    injuries = models.TextField("lesiones")
    leave_days = models.PositiveIntegerField("días de reposo", default=0)
    reported_on = models.DateField("fecha del aviso")
    reported_by = _user("presentado por")
    due_date = models.DateField("último día del término")
    late = models.BooleanField("aviso tardío", default=False)
    deadline_explanation = models.JSONField("cálculo del término", default=list)
    state = models.CharField(
        "estado", max_length=14, choices=CaseState.choices, default=CaseState.FILED
    )
    is_work_accident = models.BooleanField(
        "calificado como accidente de trabajo", null=True, blank=True
    )
    resolution_number = models.CharField("número de resolución", max_length=60, blank=True)
    resolution_date = models.DateField("fecha de la resolución", null=True, blank=True)
    resolution_text = models.TextField("fundamento de la calificación", blank=True)
    qualified_by = _user("calificado por")

    class Meta:
        verbose_name = "aviso de accidente de trabajo"
        verbose_name_plural = "avisos de accidentes de trabajo"
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["province_code", "accident_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_on__gte=models.F("accident_date")),
                name="wr_accident_reported_after_it_happened",
                violation_error_message="El aviso no puede ser anterior al accidente.",
            ),
            models.CheckConstraint(
                condition=~Q(state="qualified")
                | Q(is_work_accident__isnull=False, resolution_date__isnull=False),
                name="wr_accident_qualified_has_resolution",
                violation_error_message="Un accidente calificado necesita su resolución.",
            ),
        ]

    def __str__(self) -> str:
        return f"Aviso N.º {self.pk} · {self.person} · {self.accident_date:%d/%m/%Y}"


class DiseaseState(models.TextChoices):
    FILED = "filed", "Presentado"
    COMMITTEE = "committee", "En el Comité de Valuación"
    QUALIFIED = "qualified", "Calificado como enfermedad profesional"
    REJECTED = "rejected", "No calificado"


class OccupationalDiseaseCase(models.Model):
    """A presumed occupational disease, qualified by the committee (CVIRP)."""

    person = models.ForeignKey(
        Person, verbose_name="trabajador", on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="empleador actual",
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_employers = models.ManyToManyField(
        Employer,
        verbose_name="otros empleadores con exposición",
        blank=True,
        related_name="+",
    )
    province_code = _province()
    icd10_code = models.CharField("código CIE-10", max_length=8)
    disease = models.CharField("enfermedad", max_length=200)
    exposure = models.TextField("exposición (factor de riesgo, tarea, años)")
    diagnosis_date = models.DateField("fecha del diagnóstico inicial")
    reported_on = models.DateField("fecha del aviso")
    reported_by = _user("presentado por")
    due_date = models.DateField("último día del término")
    late = models.BooleanField("aviso tardío", default=False)
    deadline_explanation = models.JSONField("cálculo del término", default=list)
    state = models.CharField(
        "estado", max_length=10, choices=DiseaseState.choices, default=DiseaseState.FILED
    )
    resolution_number = models.CharField("número de resolución", max_length=60, blank=True)
    resolution_date = models.DateField("fecha de la resolución", null=True, blank=True)
    incapacity_percent = models.DecimalField(
        "porcentaje de incapacidad", max_digits=5, decimal_places=2, null=True, blank=True
    )
    resolution_text = models.TextField("fundamento de la calificación", blank=True)
    qualified_by = _user("calificado por")

    class Meta:
        verbose_name = "caso de enfermedad profesional"
        verbose_name_plural = "casos de enfermedad profesional"
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="qualified")
                | Q(
                    incapacity_percent__isnull=False,
                    incapacity_percent__gt=0,
                    incapacity_percent__lte=100,
                    resolution_date__isnull=False,
                ),
                name="wr_disease_qualified_has_percentage",
                violation_error_message=(
                    "Una enfermedad calificada necesita su resolución y un porcentaje de "
                    "incapacidad entre 0 y 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Caso N.º {self.pk} · {self.icd10_code} · {self.person}"


class LiabilityReason(models.TextChoices):
    LATE_REPORT = "late_report", "Aviso fuera de término (C.D. 517 Art. 14 c)"
    UNAFFILIATED = "unaffiliated", "Trabajador no afiliado a la fecha (C.D. 517 Art. 14 a)"


class LiabilityState(models.TextChoices):
    PENDING = "pending", "Pendiente: prestaciones aún no pagadas"
    ASSESSED = "assessed", "Liquidada"
    CANCELLED = "cancelled", "Sin efecto (no calificado como riesgo del trabajo)"


class EmployerLiability(models.Model):
    """Responsabilidad patronal: a fixed amount now, the benefits' cost once they are paid."""

    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="+"
    )
    province_code = _province()
    accident_report = models.ForeignKey(
        AccidentReport,
        verbose_name="aviso de accidente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liabilities",
    )
    disease_case = models.ForeignKey(
        OccupationalDiseaseCase,
        verbose_name="caso de enfermedad",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liabilities",
    )
    reason = models.CharField("causa", max_length=14, choices=LiabilityReason.choices)
    state = models.CharField(
        "estado", max_length=10, choices=LiabilityState.choices, default=LiabilityState.PENDING
    )
    determined_on = models.DateField("fecha de determinación")
    surcharge_cents = models.BigIntegerField("valor fijo (centavos)")
    benefits_cents = models.BigIntegerField(
        "costo de las prestaciones pagadas (centavos)", null=True, blank=True
    )
    total_cents = models.BigIntegerField("total (centavos)", null=True, blank=True)
    explanation = models.JSONField("cálculo", default=list)
    assessed_on = models.DateField("fecha de liquidación", null=True, blank=True)

    class Meta:
        verbose_name = "responsabilidad patronal (riesgos del trabajo)"
        verbose_name_plural = "responsabilidades patronales (riesgos del trabajo)"
        ordering = ["-determined_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accident_report__isnull=False, disease_case__isnull=True)
                | Q(accident_report__isnull=True, disease_case__isnull=False),
                name="wr_liability_one_case",
            ),
            models.UniqueConstraint(
                fields=["accident_report", "reason"], name="wr_liability_once_per_accident_reason"
            ),
            models.UniqueConstraint(
                fields=["disease_case", "reason"], name="wr_liability_once_per_disease_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state="assessed")
                | Q(benefits_cents__isnull=False, total_cents__isnull=False),
                name="wr_liability_assessed_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"Responsabilidad patronal N.º {self.pk} · {self.employer}"


class Investigation(models.Model):
    """Investigation of an accident or of an occupational-disease case."""

    accident_report = models.ForeignKey(
        AccidentReport,
        verbose_name="aviso de accidente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investigations",
    )
    disease_case = models.ForeignKey(
        OccupationalDiseaseCase,
        verbose_name="caso de enfermedad",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investigations",
    )
    province_code = _province()
    investigator = _user("investigador")
    started_on = models.DateField("inicio")
    finished_on = models.DateField("fin", null=True, blank=True)
    findings = models.TextField("hallazgos", blank=True)
    causes = models.TextField("causas", blank=True)
    recommendations = models.TextField("recomendaciones", blank=True)

    class Meta:
        verbose_name = "investigación"
        verbose_name_plural = "investigaciones"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accident_report__isnull=False, disease_case__isnull=True)
                | Q(accident_report__isnull=True, disease_case__isnull=False),
                name="wr_investigation_one_case",
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=models.F("started_on")),
                name="wr_investigation_ends_after_start",
                violation_error_message="La investigación no puede terminar antes de empezar.",
            ),
        ]

    def __str__(self) -> str:
        return f"Investigación N.º {self.pk}"


class RiskFactor(models.TextChoices):
    PHYSICAL = "physical", "Físico"
    MECHANICAL = "mechanical", "Mecánico"
    CHEMICAL = "chemical", "Químico"
    BIOLOGICAL = "biological", "Biológico"
    ERGONOMIC = "ergonomic", "Ergonómico"
    PSYCHOSOCIAL = "psychosocial", "Psicosocial"


class JobAnalysis(models.Model):
    """Análisis de puesto de trabajo: the risks of a job at an employer."""

    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="+"
    )
    province_code = _province()
    disease_case = models.ForeignKey(
        OccupationalDiseaseCase,
        verbose_name="caso de enfermedad",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="job_analyses",
    )
    job_title = models.CharField("puesto de trabajo", max_length=160)
    analysed_on = models.DateField("fecha del análisis")
    analyst = _user("técnico")
    risk_factors = models.JSONField("factores de riesgo", default=list)
    conclusion = models.TextField("conclusión")

    class Meta:
        verbose_name = "análisis de puesto de trabajo"
        verbose_name_plural = "análisis de puestos de trabajo"
        ordering = ["-analysed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.job_title} · {self.employer}"


class Training(models.Model):
    """A prevention training (capacitación) given by a provincial work-risks unit."""

    held_on = models.DateField("fecha")
    topic = models.CharField("tema", max_length=200)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón", on_delete=models.PROTECT, related_name="+"
    )
    province_code = _province()
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad o dirección provincial",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employers = models.ManyToManyField(
        Employer, verbose_name="empleadores asistentes", blank=True, related_name="+"
    )
    unidentified_women = models.PositiveIntegerField(
        "participantes mujeres sin identificar", default=0
    )
    unidentified_men = models.PositiveIntegerField(
        "participantes hombres sin identificar", default=0
    )
    participant_count = models.PositiveIntegerField("participantes (total)", default=0)
    recorded_by = _user("registrado por")

    class Meta:
        verbose_name = "capacitación en prevención"
        verbose_name_plural = "capacitaciones en prevención"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["province_code", "held_on"])]

    def __str__(self) -> str:
        return f"{self.topic} · {self.held_on:%d/%m/%Y}"


class TrainingParticipant(models.Model):
    """An identified participant (the others are counted by sex on the training)."""

    training = models.ForeignKey(
        Training, verbose_name="capacitación", on_delete=models.CASCADE, related_name="people"
    )
    person = models.ForeignKey(
        Person, verbose_name="participante", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "participante identificado"
        verbose_name_plural = "participantes identificados"
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="wr_training_person_once")
        ]

    def __str__(self) -> str:
        return str(self.person)
