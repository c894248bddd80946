"""Health network: units, their staff and professionals, external providers and their
agreements with tariffs; annexed dispensaries and their agreements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from seguro.registry.models import Canton, Province


class UnitKind(models.TextChoices):
    GENERAL_HOSPITAL = "general_hospital", "Hospital general"
    HEALTH_CENTRE_B = "health_centre_b", "Centro de salud tipo B"
    AMBULATORY_SURGERY = "ambulatory_surgery", "Centro quirúrgico ambulatorio (hospital del día)"
    RURAL_DISPENSARY = "rural_dispensary", "Dispensario del Seguro Social Campesino"
    ANNEXED_DISPENSARY = "annexed_dispensary", "Dispensario anexo"


class CareLevel(models.IntegerChoices):
    FIRST = 1, "Primer nivel"
    SECOND = 2, "Segundo nivel"
    THIRD = 3, "Tercer nivel"


class HealthUnit(models.Model):
    code = models.CharField("código", max_length=20, unique=True)
    name = models.CharField("unidad", max_length=160)
    kind = models.CharField("tipo", max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField("nivel de atención", choices=CareLevel.choices)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón", on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField("en funcionamiento", default=True)

    class Meta:
        verbose_name = "unidad de salud"
        verbose_name_plural = "unidades de salud"
        ordering = ["canton_id", "name"]

    def __str__(self) -> str:
        return self.name


class UnitStaff(models.Model):
    """Which unit a health worker's account works at: the row scope of attentions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="usuario",
        on_delete=models.CASCADE,
        related_name="health_units",
    )
    unit = models.ForeignKey(
        HealthUnit, verbose_name="unidad", on_delete=models.CASCADE, related_name="staff"
    )

    class Meta:
        verbose_name = "personal de la unidad"
        verbose_name_plural = "personal de las unidades"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="health_unit_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} en {self.unit}"


class Professional(models.Model):
    license_number = models.CharField("registro profesional (ACESS)", max_length=30, unique=True)
    full_name = models.CharField("nombre", max_length=160)
    specialty = models.CharField("especialidad", max_length=80)
    unit = models.ForeignKey(
        HealthUnit, verbose_name="unidad", on_delete=models.PROTECT, related_name="professionals"
    )
    active = models.BooleanField("activo", default=True)

    class Meta:
        verbose_name = "profesional de salud"
        verbose_name_plural = "profesionales de salud"
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.specialty})"


class ProviderKind(models.TextChoices):
    CLINIC = "clinic", "Clínica u hospital privado"
    DIALYSIS = "dialysis", "Centro de diálisis"
    LABORATORY = "laboratory", "Laboratorio"
    OTHER = "other", "Otro prestador"


class ExternalProvider(models.Model):
    tax_id = models.CharField("RUC", max_length=13, unique=True)
    name = models.CharField("prestador", max_length=160)
    kind = models.CharField("tipo", max_length=12, choices=ProviderKind.choices)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "prestador externo"
        verbose_name_plural = "prestadores externos"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderAgreement(models.Model):
    """A contract with an external provider: validity, services with tariffs, a ceiling."""

    number = models.CharField("número de convenio", max_length=40, unique=True)
    provider = models.ForeignKey(
        ExternalProvider,
        verbose_name="prestador",
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    # The provincial directorate that signs and pays the agreement: usually the provider's own
    # province, but Loja contracts a dialysis centre in Zamora Chinchipe.
    province = models.ForeignKey(
        Province,
        verbose_name="dirección provincial que administra el convenio",
        on_delete=models.PROTECT,
        related_name="provider_agreements",
    )
    valid_from = models.DateField("vigente desde")
    valid_to = models.DateField("vigente hasta")
    ceiling_cents = models.BigIntegerField("monto máximo (centavos)")
    renews = models.OneToOneField(
        "self",
        verbose_name="renueva al convenio",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
    )

    class Meta:
        verbose_name = "convenio con prestador"
        verbose_name_plural = "convenios con prestadores"
        ordering = ["valid_to", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="health_agreement_end_after_start",
                violation_error_message="El fin del convenio es anterior a su inicio.",
            ),
            models.CheckConstraint(
                condition=Q(ceiling_cents__gt=0),
                name="health_agreement_ceiling_positive",
                violation_error_message="El monto máximo debe ser mayor que cero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.provider}"


class AgreementService(models.Model):
    agreement = models.ForeignKey(
        ProviderAgreement,
        verbose_name="convenio",
        on_delete=models.CASCADE,
        related_name="services",
    )
    code = models.CharField("código del servicio", max_length=20)
    description = models.CharField("servicio", max_length=200)
    tariff_cents = models.BigIntegerField("tarifa (centavos)")

    class Meta:
        verbose_name = "servicio y tarifa del convenio"
        verbose_name_plural = "servicios y tarifas del convenio"
        ordering = ["agreement", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "code"], name="health_agreement_service_once"
            ),
            models.CheckConstraint(condition=Q(tariff_cents__gt=0), name="health_tariff_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class AnnexAgreement(models.Model):
    """The agreement under which a public or private institution runs a dispensary annexed to
    the institute's network for its own workers (convenio de dispensario anexo)."""

    number = models.CharField("número de convenio", max_length=40, unique=True)
    unit = models.ForeignKey(
        HealthUnit,
        verbose_name="dispensario anexo",
        on_delete=models.PROTECT,
        related_name="annex_agreements",
    )
    institution = models.CharField("institución", max_length=160)
    institution_tax_id = models.CharField("RUC de la institución", max_length=13)
    valid_from = models.DateField("vigente desde")
    valid_to = models.DateField("vigente hasta")
    renews = models.OneToOneField(
        "self",
        verbose_name="renueva al convenio",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
    )

    class Meta:
        verbose_name = "convenio de dispensario anexo"
        verbose_name_plural = "convenios de dispensarios anexos"
        ordering = ["valid_to", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="health_annex_agreement_end_after_start",
                violation_error_message="El fin del convenio es anterior a su inicio.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.institution}"
