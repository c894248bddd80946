"""Care: coverage checks, attentions, referrals, the employer's liability for an attention,
transplants and the ambulance fleet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seguro.health.models.network import HealthUnit, Professional, ProviderAgreement
from seguro.registry.models import Employer, Person


class CoverageCheck(models.Model):
    """One coverage check before an attention: who asked, when, and what the rule said."""

    person = models.ForeignKey(
        Person, verbose_name="paciente", on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField("fecha de la atención")
    checked_at = models.DateTimeField("verificado", auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verificado por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        HealthUnit,
        verbose_name="unidad",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coverage_checks",
    )
    emergency = models.BooleanField("emergencia", default=False)
    covered = models.BooleanField("con cobertura")
    attend = models.BooleanField("se atiende")
    basis = models.CharField("base de la cobertura", max_length=30, blank=True)
    basis_label = models.CharField("cobertura", max_length=160, blank=True)
    reason = models.TextField("motivo", blank=True)
    explanation = models.JSONField("explicación", default=list)
    employer_in_arrears = models.ForeignKey(
        Employer,
        verbose_name="empleador en mora",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "verificación de cobertura"
        verbose_name_plural = "verificaciones de cobertura"
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        result = "cubierto" if self.covered else ("emergencia" if self.attend else "sin cobertura")
        return f"{self.person} · {self.checked_on:%d/%m/%Y} · {result}"


class AttentionKind(models.TextChoices):
    MEDICAL = "medical", "Atención médica"
    DENTAL = "dental", "Atención odontológica"
    NURSING = "nursing", "Atención de enfermería"


class Attention(models.Model):
    coverage_check = models.OneToOneField(
        CoverageCheck,
        verbose_name="verificación de cobertura",
        on_delete=models.PROTECT,
        related_name="attention",
    )
    person = models.ForeignKey(
        Person, verbose_name="paciente", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        HealthUnit, verbose_name="unidad", on_delete=models.PROTECT, related_name="attentions"
    )
    professional = models.ForeignKey(
        Professional, verbose_name="profesional", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("tipo", max_length=10, choices=AttentionKind.choices)
    attended_on = models.DateField("fecha")
    diagnosis_code = models.CharField("diagnóstico (CIE-10)", max_length=8)
    diagnosis_name = models.CharField("descripción del diagnóstico", max_length=200, blank=True)
    emergency = models.BooleanField("emergencia", default=False)
    cost_cents = models.BigIntegerField("costo según tarifario (centavos)")
    notes = models.TextField("observaciones", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "atención"
        verbose_name_plural = "atenciones"
        ordering = ["-attended_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_cents__gte=0), name="health_attention_cost_positive"
            )
        ]
        indexes = [models.Index(fields=["unit", "attended_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person} · {self.attended_on:%d/%m/%Y}"


class Referral(models.Model):
    attention = models.ForeignKey(
        Attention, verbose_name="atención", on_delete=models.PROTECT, related_name="referrals"
    )
    agreement = models.ForeignKey(
        ProviderAgreement, verbose_name="convenio", on_delete=models.PROTECT, related_name="+"
    )
    service_code = models.CharField("código del servicio", max_length=20)
    referred_on = models.DateField("fecha de derivación")
    reason = models.CharField("motivo", max_length=300)

    class Meta:
        verbose_name = "derivación a prestador externo"
        verbose_name_plural = "derivaciones a prestadores externos"
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"Derivación {self.pk} a {self.agreement.provider}"


class LiabilityState(models.TextChoices):
    OPEN = "open", "Pendiente de cobro"
    PAID = "paid", "Pagada"
    CANCELLED = "cancelled", "Anulada"


class EmployerHealthLiability(models.Model):
    """Responsabilidad patronal (LSS Arts. 94, 96): the employer in arrears owes the cost of
    the attention the institute gave its worker."""

    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="+"
    )
    attention = models.OneToOneField(
        Attention,
        verbose_name="atención",
        on_delete=models.PROTECT,
        related_name="employer_liability",
    )
    amount_cents = models.BigIntegerField("valor (centavos)")
    state = models.CharField(
        "estado", max_length=10, choices=LiabilityState.choices, default=LiabilityState.OPEN
    )
    created_on = models.DateField("generada el")
    explanation = models.JSONField("explicación", default=list)

    class Meta:
        verbose_name = "responsabilidad patronal de salud"
        verbose_name_plural = "responsabilidades patronales de salud"
        ordering = ["-created_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gte=0), name="health_liability_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.amount_cents / 100:.2f} USD"


class TransplantState(models.TextChoices):
    WAITING = "waiting", "En lista de espera"
    PERFORMED = "performed", "Realizado"
    FOLLOW_UP = "follow_up", "En seguimiento"
    CANCELLED = "cancelled", "Cancelado"


class Transplant(models.Model):
    organ = models.CharField("órgano o tejido", max_length=60)
    recipient = models.ForeignKey(
        Person, verbose_name="receptor", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        HealthUnit, verbose_name="unidad", on_delete=models.PROTECT, related_name="transplants"
    )
    registered_on = models.DateField("fecha")
    state = models.CharField("estado", max_length=10, choices=TransplantState.choices)

    class Meta:
        verbose_name = "trasplante"
        verbose_name_plural = "trasplantes"
        ordering = ["-registered_on", "-id"]

    def __str__(self) -> str:
        return f"Trasplante de {self.organ} · {self.recipient}"


class AmbulanceType(models.TextChoices):
    BASIC = "basic", "Soporte vital básico"
    ADVANCED = "advanced", "Soporte vital avanzado"
    TRANSPORT = "transport", "Transporte simple"


class AmbulanceState(models.TextChoices):
    OPERATIVE = "operative", "Operativa"
    MAINTENANCE = "maintenance", "En mantenimiento"
    OUT_OF_SERVICE = "out", "Fuera de servicio"


class Ambulance(models.Model):
    plate = models.CharField("placa", max_length=10, unique=True)
    unit = models.ForeignKey(
        HealthUnit, verbose_name="unidad", on_delete=models.PROTECT, related_name="ambulances"
    )
    kind = models.CharField("tipo", max_length=10, choices=AmbulanceType.choices)
    state = models.CharField("estado", max_length=12, choices=AmbulanceState.choices)
    # The acquisition (date and price) when known: the report counts the year's purchases.
    acquired_on = models.DateField("fecha de adquisición", null=True, blank=True)
    cost_cents = models.BigIntegerField("costo de adquisición (centavos)", null=True, blank=True)

    class Meta:
        verbose_name = "ambulancia"
        verbose_name_plural = "ambulancias"
        ordering = ["plate"]

    def __str__(self) -> str:
        return f"{self.plate} ({self.get_kind_display()})"
