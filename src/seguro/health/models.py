"""Health: the network of units, external providers and their agreements, coverage checks,
attentions, referrals, provider invoices, employer liability, transplants and ambulances.

Money is integer cents (``*_cents``); writes go through the services in this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from seguro.registry.models import Canton, Employer, Person, Province


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


class InvoiceState(models.TextChoices):
    RECEIVED = "received", "Recibida"
    REVIEWED = "reviewed", "Revisada"
    APPROVED = "approved", "Aprobada"
    PAID = "paid", "Pagada"


class ProviderInvoice(models.Model):
    agreement = models.ForeignKey(
        ProviderAgreement,
        verbose_name="convenio",
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    number = models.CharField("número de factura", max_length=40)
    issued_on = models.DateField("emitida el")
    state = models.CharField(
        "estado", max_length=10, choices=InvoiceState.choices, default=InvoiceState.RECEIVED
    )
    claimed_cents = models.BigIntegerField("valor facturado (centavos)", default=0)
    accepted_cents = models.BigIntegerField("valor aceptado (centavos)", default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="revisada por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_on = models.DateField("revisada el", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="aprobada por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField("pagada el", null=True, blank=True)
    ledger_key = models.CharField("clave contable", max_length=120, blank=True)

    class Meta:
        verbose_name = "factura de prestador"
        verbose_name_plural = "facturas de prestadores"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="health_invoice_number_once"
            ),
            models.CheckConstraint(
                condition=Q(accepted_cents__gte=0) & Q(accepted_cents__lte=F("claimed_cents")),
                name="health_invoice_accepted_within_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"Factura {self.number} · {self.agreement.provider}"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(
        ProviderInvoice, verbose_name="factura", on_delete=models.CASCADE, related_name="lines"
    )
    line_number = models.PositiveIntegerField("línea")
    service_code = models.CharField("código del servicio", max_length=20)
    service_date = models.DateField("fecha del servicio")
    patient = models.ForeignKey(
        Person, verbose_name="paciente", null=True, blank=True, on_delete=models.PROTECT
    )
    quantity = models.PositiveIntegerField("cantidad")
    unit_price_cents = models.BigIntegerField("precio unitario (centavos)")
    amount_cents = models.BigIntegerField("valor (centavos)")
    accepted = models.BooleanField("aceptada", null=True)
    rejection_reason = models.CharField("motivo del rechazo", max_length=300, blank=True)
    explanation = models.JSONField("explicación", default=list)

    class Meta:
        verbose_name = "línea de factura"
        verbose_name_plural = "líneas de factura"
        ordering = ["invoice", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "line_number"], name="health_invoice_line_once"
            ),
            models.CheckConstraint(
                condition=Q(amount_cents=F("quantity") * F("unit_price_cents")),
                name="health_invoice_line_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Línea {self.line_number} · {self.service_code}"


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

    class Meta:
        verbose_name = "ambulancia"
        verbose_name_plural = "ambulancias"
        ordering = ["plate"]

    def __str__(self) -> str:
        return f"{self.plate} ({self.get_kind_display()})"
