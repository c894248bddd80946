"""Organisational units, and the rounding of the report's ratios."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q

from seguro.registry.models import Province

CENT = Decimal("0.01")


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole rounded half-up to 2 decimals, as the accountability report prints it."""
    if part is None or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


class UnitKind(models.TextChoices):
    NATIONAL_DIRECTORATE = "national_directorate", "Dirección nacional"
    PROVINCIAL_DIRECTORATE = "provincial_directorate", "Dirección provincial"
    COORDINATION = "coordination", "Coordinación provincial"
    BUDGET_CENTRE = "budget_centre", "Centro de responsabilidad presupuestaria"
    MEDICAL_UNIT = "medical_unit", "Unidad médica"
    OFFICE = "office", "Agencia o centro de atención"


class OrganisationalUnit(models.Model):
    code = models.CharField("código", max_length=30, unique=True)
    name = models.CharField("nombre", max_length=200)
    short_name = models.CharField(
        "nombre abreviado",
        max_length=120,
        blank=True,
        help_text="Como aparece en los informes (p. ej. «Coord. Seguro Campesino»).",
    )
    kind = models.CharField("tipo", max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="unidad superior",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        Province,
        verbose_name="provincia",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Vacía para las unidades nacionales.",
    )
    contact_phone = models.CharField("teléfono de atención", max_length=60, blank=True)
    contact_email = models.EmailField("correo de atención", blank=True)
    active = models.BooleanField("activa", default=True)

    class Meta:
        verbose_name = "unidad organizacional"
        verbose_name_plural = "unidades organizacionales"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="national_directorate") | Q(province__isnull=True),
                name="unit_national_has_no_province",
                violation_error_message="Una dirección nacional no pertenece a una provincia.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="provincial_directorate") | Q(province__isnull=False),
                name="unit_provincial_has_province",
                violation_error_message="Una dirección provincial necesita su provincia.",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name
