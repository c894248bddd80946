"""Control recommendations, interinstitutional agreements and citizen requests."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q

from seguro.institution.models.organisation import OrganisationalUnit


class Issuer(models.TextChoices):
    CGE = "cge", "Contraloría General del Estado"
    INTERNAL_AUDIT = "internal_audit", "Auditoría Interna"
    CPCCS = "cpccs", "Consejo de Participación Ciudadana y Control Social"
    OMBUDSMAN = "ombudsman", "Defensoría del Pueblo"
    PGE = "pge", "Procuraduría General del Estado"
    OTHER = "other", "Otra entidad"


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", "Pendiente"
    IN_PROGRESS = "in_progress", "En proceso"
    IMPLEMENTED = "implemented", "Cumplida"
    NOT_APPLICABLE = "not_applicable", "No aplicable"


OPEN_RECOMMENDATION = (RecommendationStatus.PENDING, RecommendationStatus.IN_PROGRESS)


class AuditRecommendation(models.Model):
    issuer = models.CharField("entidad que recomienda", max_length=20, choices=Issuer.choices)
    memo_number = models.CharField("memorando", max_length=60, db_index=True)
    memo_date = models.DateField("fecha del memorando")
    additional_memo_number = models.CharField(
        "memorando adicional", max_length=60, blank=True, db_index=True
    )
    additional_memo_date = models.DateField("fecha del memorando adicional", null=True, blank=True)
    report_reference = models.CharField("informe de control", max_length=120, blank=True)
    text = models.TextField("recomendación")
    responsible_unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad responsable",
        on_delete=models.PROTECT,
        related_name="audit_recommendations",
    )
    deadline = models.DateField("plazo", null=True, blank=True)
    status = models.CharField(
        "estado",
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PENDING,
    )
    evidence = models.TextField("evidencia de cumplimiento", blank=True)
    evidence_date = models.DateField("fecha de la evidencia", null=True, blank=True)

    class Meta:
        verbose_name = "recomendación de control"
        verbose_name_plural = "recomendaciones de control"
        ordering = ["memo_date", "memo_number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="implemented")
                | (Q(evidence_date__isnull=False) & ~Q(evidence="")),
                name="recommendation_implemented_has_evidence",
                violation_error_message="Una recomendación cumplida necesita su evidencia.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.memo_number} ({self.get_issuer_display()})"

    def overdue(self, on: date) -> bool:
        """Still open after its deadline: the deadline day itself is not yet overdue."""
        return (
            self.status in OPEN_RECOMMENDATION and self.deadline is not None and self.deadline < on
        )


class AgreementKind(models.TextChoices):
    COOPERATION = "cooperation", "Cooperación interinstitucional"
    PROVIDER = "provider", "Prestación de servicios de salud"
    ANNEXED_DISPENSARY = "annexed_dispensary", "Dispensario anexo"
    OTHER = "other", "Otro"


class InterinstitutionalAgreement(models.Model):
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad que suscribe",
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    kind = models.CharField("tipo de convenio", max_length=20, choices=AgreementKind.choices)
    counterpart = models.CharField("contraparte", max_length=200)
    counterpart_tax_id = models.CharField("RUC de la contraparte", max_length=13, blank=True)
    object = models.TextField("objeto")
    signed_on = models.DateField("fecha de suscripción")
    valid_to = models.DateField("vigente hasta", null=True, blank=True)

    class Meta:
        verbose_name = "convenio interinstitucional"
        verbose_name_plural = "convenios interinstitucionales"
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("signed_on")),
                name="agreement_ends_after_signature",
                violation_error_message="El fin del convenio es anterior a su suscripción.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counterpart} ({self.signed_on:%Y})"


class RequestKind(models.TextChoices):
    REQUEST = "request", "Solicitud"
    COMPLAINT = "complaint", "Queja o reclamo"
    SUGGESTION = "suggestion", "Sugerencia"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "Presencial"
    PHONE = "phone", "Teléfono"
    EMAIL = "email", "Correo electrónico"
    WEB = "web", "Portal web"
    MAILBOX = "mailbox", "Buzón de sugerencias"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Recibida"
    IN_PROGRESS = "in_progress", "En trámite"
    ANSWERED = "answered", "Respondida"


class CitizenRequest(models.Model):
    number = models.CharField("número", max_length=30, unique=True)
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad que atiende",
        on_delete=models.PROTECT,
        related_name="citizen_requests",
    )
    kind = models.CharField("tipo", max_length=12, choices=RequestKind.choices)
    channel = models.CharField("canal", max_length=12, choices=Channel.choices)
    received_on = models.DateField("fecha de recepción", db_index=True)
    subject = models.CharField("asunto", max_length=300)
    status = models.CharField(
        "estado", max_length=12, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    answered_on = models.DateField("fecha de respuesta", null=True, blank=True)
    answer = models.TextField("respuesta", blank=True)
    answer_days = models.PositiveIntegerField(
        "días hasta la respuesta", null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "solicitud ciudadana"
        verbose_name_plural = "solicitudes ciudadanas"
        ordering = ["-received_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="citizen_request_answer_after_receipt",
                violation_error_message="La respuesta es anterior a la recepción.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="answered", answered_on__isnull=False, answer_days__isnull=False)
                    | (
                        ~Q(status="answered")
                        & Q(answered_on__isnull=True, answer_days__isnull=True)
                    )
                ),
                name="citizen_request_answered_iff_date",
                violation_error_message="Solo una solicitud respondida tiene fecha de respuesta.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.get_kind_display()}"
