"""Budget lines and procurement processes with their stage history."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from seguro.institution.models.organisation import OrganisationalUnit, rate


class BudgetLine(models.Model):
    """One budget item (partida) of a unit in a fiscal year: appropriated, committed, accrued."""

    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad",
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    year = models.PositiveSmallIntegerField("año fiscal", db_index=True)
    item_code = models.CharField("partida presupuestaria", max_length=30)
    item_name = models.CharField("denominación de la partida", max_length=200)
    appropriated = models.DecimalField("presupuesto vigente (USD)", max_digits=14, decimal_places=2)
    committed = models.DecimalField(
        "comprometido (USD)", default=Decimal("0.00"), max_digits=14, decimal_places=2
    )
    accrued = models.DecimalField(
        "devengado (USD)", default=Decimal("0.00"), max_digits=14, decimal_places=2
    )

    class Meta:
        verbose_name = "partida presupuestaria"
        verbose_name_plural = "partidas presupuestarias"
        ordering = ["-year", "unit", "item_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "item_code"], name="budget_line_once_per_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(accrued__gte=0),
                name="budget_accrued_not_negative",
                violation_error_message="El devengado no puede ser negativo.",
            ),
            models.CheckConstraint(
                condition=Q(accrued__lte=F("committed")),
                name="budget_accrued_within_committed",
                violation_error_message="El devengado no puede superar lo comprometido.",
            ),
            models.CheckConstraint(
                condition=Q(committed__lte=F("appropriated")),
                name="budget_committed_within_appropriated",
                violation_error_message="Lo comprometido no puede superar el presupuesto vigente.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.item_code} {self.item_name}"

    @property
    def execution_rate(self) -> Decimal | None:
        return rate(self.accrued, self.appropriated)


class ProcurementType(models.TextChoices):
    """Procedures of the public procurement law (LOSNCP); legal basis and OCDS method in
    data/procurement_types.yaml. The order is the accountability report's."""

    INFIMA_CUANTIA = "infima_cuantia", "Ínfima Cuantía"
    SUBASTA_INVERSA = "subasta_inversa", "Subasta Inversa Electrónica"
    MENOR_CUANTIA = "menor_cuantia", "Menor Cuantía"
    CATALOGO_ELECTRONICO = "catalogo_electronico", "Catálogo Electrónico"
    COTIZACION = "cotizacion", "Cotización"
    LICITACION = "licitacion", "Licitación"
    CONSULTORIA_DIRECTA = "consultoria_directa", "Consultoría: Contratación Directa"
    CONSULTORIA_LISTA_CORTA = "consultoria_lista_corta", "Consultoría: Lista Corta"
    CONSULTORIA_CONCURSO = "consultoria_concurso", "Consultoría: Concurso Público"
    REGIMEN_ESPECIAL = "regimen_especial", "Régimen Especial"
    PROCEDIMIENTO_ESPECIAL = "procedimiento_especial", "Procedimiento Especial"
    EMERGENCIA = "emergencia", "Contratación de Emergencia"
    FERIA_INCLUSIVA = "feria_inclusiva", "Feria Inclusiva"


class ProcurementCategory(models.TextChoices):
    GOODS = "goods", "Bienes"
    SERVICES = "services", "Servicios"
    WORKS = "works", "Obras"
    CONSULTING = "consulting", "Consultoría"


class ProcurementStage(models.TextChoices):
    PLANNED = "planned", "Planificado en el PAC"
    PUBLISHED = "published", "Publicado"
    AWARDED = "awarded", "Adjudicado"
    CONTRACT_SIGNED = "contract_signed", "Contrato suscrito"
    DESERTED = "deserted", "Desierto"
    CANCELLED = "cancelled", "Cancelado"


AWARDED_STAGES = (ProcurementStage.AWARDED, ProcurementStage.CONTRACT_SIGNED)


class ProcurementProcess(models.Model):
    code = models.CharField("código del proceso", max_length=60, unique=True)
    unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name="unidad requirente",
        on_delete=models.PROTECT,
        related_name="procurement_processes",
    )
    year = models.PositiveSmallIntegerField("año del PAC", db_index=True)
    procurement_type = models.CharField(
        "tipo de contratación", max_length=30, choices=ProcurementType.choices
    )
    category = models.CharField("categoría", max_length=12, choices=ProcurementCategory.choices)
    object = models.CharField("objeto de contratación", max_length=300)
    budget = models.DecimalField("presupuesto referencial (USD)", max_digits=14, decimal_places=2)
    budget_line = models.ForeignKey(
        BudgetLine,
        verbose_name="partida presupuestaria",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procurement_processes",
    )
    stage = models.CharField(
        "estado actual",
        max_length=20,
        choices=ProcurementStage.choices,
        default=ProcurementStage.PLANNED,
    )
    awarded_amount = models.DecimalField(
        "monto adjudicado (USD)", null=True, blank=True, max_digits=14, decimal_places=2
    )
    awarded_on = models.DateField("fecha de adjudicación", null=True, blank=True)
    supplier_name = models.CharField("proveedor", max_length=200, blank=True)
    supplier_tax_id = models.CharField("RUC del proveedor", max_length=13, blank=True)
    contract_date = models.DateField("fecha del contrato", null=True, blank=True)

    class Meta:
        verbose_name = "proceso de contratación"
        verbose_name_plural = "procesos de contratación"
        ordering = ["-year", "code"]
        indexes = [
            models.Index(fields=["year", "procurement_type", "stage"]),
            models.Index(fields=["supplier_tax_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gt=0),
                name="procurement_budget_positive",
                violation_error_message="El presupuesto referencial debe ser mayor que cero.",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=["awarded", "contract_signed"])
                | Q(
                    awarded_amount__gt=0,
                    awarded_on__isnull=False,
                    supplier_tax_id__gt="",
                ),
                name="procurement_award_complete",
                violation_error_message=(
                    "Un proceso adjudicado necesita monto, fecha y RUC del proveedor."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(stage="contract_signed") | Q(contract_date__isnull=False),
                name="procurement_contract_has_date",
                violation_error_message="Un contrato suscrito necesita su fecha.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.object[:60]}"


class ProcurementStageChange(models.Model):
    """The dated history of a process's stages (append-only; written by the services)."""

    process = models.ForeignKey(
        ProcurementProcess,
        verbose_name="proceso",
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField("etapa", max_length=20, choices=ProcurementStage.choices)
    on = models.DateField("fecha")
    note = models.CharField("observación", max_length=300, blank=True)

    class Meta:
        verbose_name = "cambio de etapa"
        verbose_name_plural = "historial de etapas"
        ordering = ["process", "on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "stage"], name="procurement_stage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} el {self.on:%d/%m/%Y}"
