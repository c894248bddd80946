"""The institute itself: its units, budget, purchasing, audit follow-up, plans, programmes and
citizen requests.

Every row hangs from an organisational unit, and a unit from a province (none for national units):
that is how rows are scoped (institution.scope). Money is Decimal to the cent; the budget's order
(accrued <= committed <= appropriated) is a database constraint. Writes go through services.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import F, Q

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

    class Meta:
        verbose_name = "taller"
        verbose_name_plural = "talleres"
        ordering = ["held_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%d/%m/%Y})"


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
