"""Employer control (inspections and findings) and collection targets."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from seguro.collections.models._base import _user
from seguro.contributions.models import Obligation
from seguro.registry.models import Employer, Person


class Inspection(models.Model):
    """An employer-control inspection; its findings become assessments (glosas)."""

    number = models.BigIntegerField("inspección N.º", unique=True)
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="inspections"
    )
    province_code = models.CharField("provincia", max_length=2)
    inspected_on = models.DateField("fecha de la inspección")
    inspector = _user("inspector")
    notes = models.TextField("observaciones", blank=True)
    recorded_at = models.DateTimeField("registrada", auto_now_add=True)

    class Meta:
        verbose_name = "inspección de control patronal"
        verbose_name_plural = "inspecciones de control patronal"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"Inspección {self.number} ({self.inspected_on:%d/%m/%Y})"


class FindingKind(models.TextChoices):
    UNREPORTED_WORKER = "unreported", "Trabajador no afiliado"
    UNDER_DECLARED = "under_declared", "Salario subdeclarado"


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name="inspección", on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField("hallazgo", max_length=14, choices=FindingKind.choices)
    person = models.ForeignKey(Person, verbose_name="trabajador", on_delete=models.PROTECT)
    period = models.DateField("período")
    declared_salary_cents = models.BigIntegerField("salario declarado")
    actual_salary_cents = models.BigIntegerField("salario verificado")
    assessed_cents = models.BigIntegerField("aportes glosados")
    obligation = models.ForeignKey(
        Obligation, verbose_name="glosa", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "hallazgo de inspección"
        verbose_name_plural = "hallazgos de inspección"
        ordering = ["inspection", "period", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_salary_cents__gt=models.F("declared_salary_cents")),
                name="finding_actual_above_declared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period:%m/%Y}"


class TargetKind(models.TextChoices):
    COLLECTION = "collection", "Recaudación"
    ARREARS_RECOVERY = "arrears_recovery", "Recuperación de cartera en mora"


class CollectionTarget(models.Model):
    province_code = models.CharField("provincia", max_length=2)
    year = models.PositiveSmallIntegerField("año")
    kind = models.CharField("meta", max_length=16, choices=TargetKind.choices)
    target_cents = models.BigIntegerField("meta (centavos)")

    class Meta:
        verbose_name = "meta de recaudación"
        verbose_name_plural = "metas de recaudación"
        ordering = ["-year", "province_code", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "year", "kind"], name="target_once"),
            models.CheckConstraint(condition=Q(target_cents__gt=0), name="target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.province_code})"
