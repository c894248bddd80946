"""Strategic objectives with indicators and targets; public-policy programmes and workshops."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from seguro.institution.models.organisation import OrganisationalUnit, rate


class StrategicObjective(models.Model):
    """An institutional strategic objective (national: the same for every unit)."""

    code = models.CharField("código", max_length=20, unique=True)
    name = models.CharField("objetivo estratégico", max_length=300)

    class Meta:
        verbose_name = "objetivo estratégico"
        verbose_name_plural = "objetivos estratégicos"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    objective = models.ForeignKey(
        StrategicObjective,
        verbose_name="objetivo",
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad responsable",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="Vacía para un indicador nacional.",
    )
    name = models.CharField("indicador", max_length=300)
    measure = models.CharField("unidad de medida", max_length=60)

    class Meta:
        verbose_name = "indicador"
        verbose_name_plural = "indicadores"
        ordering = ["objective", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name="indicador", on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("año")
    target = models.DecimalField("meta", max_digits=16, decimal_places=2)
    achieved = models.DecimalField("resultado", max_digits=16, decimal_places=2, null=True)

    class Meta:
        verbose_name = "meta anual"
        verbose_name_plural = "metas anuales"
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_once"),
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="indicator_target_positive",
                violation_error_message="La meta debe ser mayor que cero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}"

    @property
    def compliance(self) -> Decimal | None:
        return rate(self.achieved, self.target)


class PolicyKind(models.TextChoices):
    """The national equality agendas the accountability report asks about."""

    GENERATIONAL = "generational", "Intergeneracional"
    INTERCULTURAL = "intercultural", "Interculturalidad"
    GENDER = "gender", "Género"
    DISABILITY = "disability", "Discapacidades"
    HUMAN_MOBILITY = "human_mobility", "Movilidad humana"


class Programme(models.Model):
    code = models.CharField("código", max_length=30, unique=True)
    name = models.CharField("programa o política", max_length=300)
    policy = models.CharField(
        "política para la igualdad", max_length=20, choices=PolicyKind.choices
    )
    description = models.TextField("descripción", blank=True)

    class Meta:
        verbose_name = "programa de política pública"
        verbose_name_plural = "programas de política pública"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Workshop(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name="programa", on_delete=models.PROTECT, related_name="workshops"
    )
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad que lo realiza",
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    name = models.CharField("taller", max_length=200)
    held_on = models.DateField("fecha")
    participants = models.PositiveIntegerField("participantes")
    # Staff trainings (the national report's 34 000 officials trained in gender) are told apart
    # from workshops with the public.
    for_staff = models.BooleanField("dirigido al personal del instituto", default=False)

    class Meta:
        verbose_name = "taller"
        verbose_name_plural = "talleres"
        ordering = ["held_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%d/%m/%Y})"
