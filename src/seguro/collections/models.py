"""Collections: payments and their allocation, fines, payment agreements, coactive enforcement,
employer control and collection targets.

Money is integer cents (BigIntegerField). What is owed lives in contributions.Obligation (the
principal) and in Fine; interest is never stored as a balance: it is computed by the
arrears_interest rule at the date asked and recorded only when a payment settles it
(PaymentAllocation) or when an agreement or a credit title freezes it. Writes go through the
services (payments.py, arrears.py, agreements.py, enforcement.py, control.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seguro.contributions.models import Obligation
from seguro.ledger.models import LedgerBatch
from seguro.registry.models import Affiliation, Employer, Person


class Sequence(models.Model):
    """Gap-free document numbers (receipts, agreements, credit titles, inspections)."""

    name = models.CharField("serie", max_length=30, primary_key=True)
    last_value = models.BigIntegerField("último número", default=0)

    class Meta:
        verbose_name = "serie de numeración"
        verbose_name_plural = "series de numeración"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"


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


def _one_debtor(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(employer__isnull=False, person__isnull=True)
        | Q(employer__isnull=True, person__isnull=False),
        name=name,
    )


class BankImport(models.Model):
    """One bank file whose every row was valid and became a payment."""

    file_name = models.CharField("archivo", max_length=200)
    sha256 = models.CharField("huella SHA-256", max_length=64)
    row_count = models.PositiveIntegerField("pagos")
    total_cents = models.BigIntegerField("total (centavos)")
    imported_at = models.DateTimeField("importado", auto_now_add=True)
    imported_by = _user("importado por")

    class Meta:
        verbose_name = "archivo bancario importado"
        verbose_name_plural = "archivos bancarios importados"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count} pagos)"


class PaymentSource(models.TextChoices):
    MANUAL = "manual", "Registro en ventanilla"
    BANK = "bank", "Archivo bancario"


class Payment(models.Model):
    """Money received from a debtor on a date; its receipt number is gap-free."""

    receipt_number = models.BigIntegerField("comprobante N.º", unique=True)
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", null=True, blank=True, on_delete=models.PROTECT
    )
    person = models.ForeignKey(
        Person, verbose_name="afiliado", null=True, blank=True, on_delete=models.PROTECT
    )
    province_code = models.CharField("provincia", max_length=2)
    paid_on = models.DateField("fecha de pago")
    amount_cents = models.BigIntegerField("valor (centavos)")
    source = models.CharField("origen", max_length=8, choices=PaymentSource.choices)
    bank_reference = models.CharField(
        "referencia bancaria", max_length=40, unique=True, null=True, blank=True
    )
    bank_import = models.ForeignKey(
        BankImport,
        verbose_name="archivo bancario",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    ledger_batch = models.ForeignKey(
        LedgerBatch,
        verbose_name="lote contable",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField("registrado", auto_now_add=True)
    registered_by = _user("registrado por")

    class Meta:
        verbose_name = "pago"
        verbose_name_plural = "pagos"
        ordering = ["-receipt_number"]
        constraints = [
            _one_debtor("payment_one_debtor"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payment_positive"),
        ]
        indexes = [
            models.Index(fields=["employer", "paid_on"]),
            models.Index(fields=["person", "paid_on"]),
            models.Index(fields=["province_code", "paid_on"]),
        ]

    def __str__(self) -> str:
        return f"Comprobante {self.receipt_number} ({self.amount_cents / 100:.2f} USD)"


class FineKind(models.TextChoices):
    LATE_ENTRY_NOTICE = "late_entry", "Aviso de entrada tardío"


class Fine(models.Model):
    """A fine (multa) of an employer; LATE_ENTRY_NOTICE: one per late affiliation."""

    kind = models.CharField("tipo", max_length=12, choices=FineKind.choices)
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="fines"
    )
    affiliation = models.ForeignKey(
        Affiliation, verbose_name="afiliación", on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField("provincia", max_length=2)
    canton_code = models.CharField("cantón", max_length=4)
    period = models.DateField("período")
    due_date = models.DateField("vence")
    imposed_on = models.DateField("impuesta el")
    base_salary_cents = models.BigIntegerField("última remuneración imponible")
    contribution_cents = models.BigIntegerField("aporte causado")
    rate = models.DecimalField("porcentaje", max_digits=6, decimal_places=4)
    amount_cents = models.BigIntegerField("multa")
    paid_cents = models.BigIntegerField("pagado", default=0)

    class Meta:
        verbose_name = "multa"
        verbose_name_plural = "multas"
        ordering = ["-period", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "affiliation"], name="fine_once_per_cause"),
            models.CheckConstraint(
                condition=Q(paid_cents__gte=0) & Q(paid_cents__lte=models.F("amount_cents")),
                name="fine_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Multa {self.get_kind_display()} {self.period:%Y-%m} ({self.employer_id})"


class Component(models.TextChoices):
    INTEREST = "interest", "Interés por mora"
    FINE = "fine", "Multa"
    PRINCIPAL = "principal", "Capital (aportes)"


COMPONENT_RANK = {Component.INTEREST: 0, Component.FINE: 1, Component.PRINCIPAL: 2}


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", "Vigente"
    FALLEN = "fallen", "Caído por cuotas impagas"
    COMPLETED = "completed", "Cumplido"


class PaymentAgreement(models.Model):
    """A payment agreement (convenio de purga de mora / acuerdo de pago parcial).

    Signing freezes the debt (items) and its schedule (instalments) as version 1; a reactivation
    after a fall freezes the remaining debt again as the next version.
    """

    number = models.BigIntegerField("convenio N.º", unique=True)
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="agreements"
    )
    province_code = models.CharField("provincia", max_length=2)
    signed_on = models.DateField("firmado el")
    signed_by = _user("registrado por")
    status = models.CharField("estado", max_length=10, choices=AgreementStatus.choices)
    version = models.PositiveSmallIntegerField("versión del calendario", default=1)
    version_start = models.DateField("calendario vigente desde")
    instalment_count = models.PositiveSmallIntegerField("cuotas")
    debt_cents = models.BigIntegerField("deuda convenida (centavos)")
    max_instalments = models.PositiveSmallIntegerField("cuotas máximas según la ley")
    fallen_on = models.DateField("caído el", null=True, blank=True)
    reactivated_on = models.DateField("reactivado el", null=True, blank=True)
    case = models.ForeignKey(
        "EnforcementCase",
        verbose_name="juicio coactivo",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )

    class Meta:
        verbose_name = "convenio de pago"
        verbose_name_plural = "convenios de pago"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(status="active"),
                name="agreement_one_active_per_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"Convenio {self.number} ({self.get_status_display()})"


class AgreementItem(models.Model):
    """A part of the debt an agreement's version holds, in the order instalments pay it."""

    agreement = models.ForeignKey(
        PaymentAgreement, verbose_name="convenio", on_delete=models.CASCADE, related_name="items"
    )
    version = models.PositiveSmallIntegerField("versión")
    rank = models.PositiveIntegerField("orden")
    component = models.CharField("concepto", max_length=10, choices=Component.choices)
    obligation = models.ForeignKey(
        Obligation, verbose_name="obligación", null=True, blank=True, on_delete=models.PROTECT
    )
    fine = models.ForeignKey(
        Fine, verbose_name="multa", null=True, blank=True, on_delete=models.PROTECT
    )
    amount_cents = models.BigIntegerField("valor")
    paid_cents = models.BigIntegerField("pagado", default=0)
    frozen_on = models.DateField("liquidado al")

    class Meta:
        verbose_name = "rubro del convenio"
        verbose_name_plural = "rubros del convenio"
        ordering = ["agreement", "version", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version", "rank"], name="agreement_item_rank_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()} {self.amount_cents / 100:.2f}"


class AgreementInstalment(models.Model):
    agreement = models.ForeignKey(
        PaymentAgreement,
        verbose_name="convenio",
        on_delete=models.CASCADE,
        related_name="instalments",
    )
    version = models.PositiveSmallIntegerField("versión")
    number = models.PositiveSmallIntegerField("cuota N.º")
    due_date = models.DateField("vence")
    amount_cents = models.BigIntegerField("valor")
    paid_cents = models.BigIntegerField("pagado", default=0)
    paid_on = models.DateField("pagada el", null=True, blank=True)

    class Meta:
        verbose_name = "cuota del convenio"
        verbose_name_plural = "cuotas del convenio"
        ordering = ["agreement", "version", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "version", "number"], name="agreement_instalment_once"
            ),
            models.CheckConstraint(
                condition=Q(paid_cents__gte=0) & Q(paid_cents__lte=models.F("amount_cents")),
                name="instalment_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Cuota {self.number} ({self.due_date:%d/%m/%Y})"

    @property
    def outstanding_cents(self) -> int:
        return self.amount_cents - self.paid_cents


class PaymentAllocation(models.Model):
    """The part of a payment applied to one component of one debt."""

    payment = models.ForeignKey(
        Payment, verbose_name="pago", on_delete=models.PROTECT, related_name="allocations"
    )
    seq = models.PositiveIntegerField("orden")
    component = models.CharField("concepto", max_length=10, choices=Component.choices)
    obligation = models.ForeignKey(
        Obligation,
        verbose_name="obligación",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fine = models.ForeignKey(
        Fine, verbose_name="multa", null=True, blank=True, on_delete=models.PROTECT
    )
    amount_cents = models.BigIntegerField("valor")
    in_arrears = models.BooleanField("en mora al pagar")
    agreement_item = models.ForeignKey(
        AgreementItem,
        verbose_name="rubro del convenio",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    instalment = models.ForeignKey(
        AgreementInstalment,
        verbose_name="cuota",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
    )

    class Meta:
        verbose_name = "imputación del pago"
        verbose_name_plural = "imputaciones de pagos"
        ordering = ["payment", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "seq"], name="allocation_seq_once"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="allocation_positive"),
            models.CheckConstraint(
                condition=Q(component="fine", fine__isnull=False, obligation__isnull=True)
                | Q(
                    component__in=["interest", "principal"],
                    fine__isnull=True,
                    obligation__isnull=False,
                ),
                name="allocation_target_matches_component",
            ),
        ]
        indexes = [models.Index(fields=["obligation", "component"])]

    def __str__(self) -> str:
        return f"{self.get_component_display()} {self.amount_cents / 100:.2f}"


class TitleReason(models.TextChoices):
    ARREARS = "arrears", "Mora patronal"
    FALLEN_AGREEMENT = "fallen_agreement", "Convenio caído (LSS Art. 91)"


class CreditTitle(models.Model):
    """A credit title (título de crédito): the debt as liquidated on its issue date."""

    number = models.BigIntegerField("título N.º", unique=True)
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="credit_titles"
    )
    province_code = models.CharField("provincia", max_length=2)
    reason = models.CharField("causa", max_length=18, choices=TitleReason.choices)
    issued_on = models.DateField("emitido el")
    issued_by = _user("emitido por")
    principal_cents = models.BigIntegerField("capital")
    interest_cents = models.BigIntegerField("interés")
    fines_cents = models.BigIntegerField("multas")
    total_cents = models.BigIntegerField("total")
    obligations = models.ManyToManyField(
        Obligation, verbose_name="obligaciones", related_name="+", blank=True
    )
    fines = models.ManyToManyField(Fine, verbose_name="multas", related_name="+", blank=True)

    class Meta:
        verbose_name = "título de crédito"
        verbose_name_plural = "títulos de crédito"
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Título de crédito {self.number}"


class CaseState(models.TextChoices):
    ISSUED = "issued", "Título emitido"
    NOTIFIED = "notified", "Notificado"
    MEASURES = "measures", "Medidas cautelares ordenadas"
    AGREEMENT = "agreement", "En convenio de pago"
    PAID = "paid", "Pagado"
    ARCHIVED = "archived", "Archivado"


class EnforcementCase(models.Model):
    """A coactive case (juicio coactivo) on one credit title; its states change by service."""

    title = models.OneToOneField(
        CreditTitle, verbose_name="título de crédito", on_delete=models.PROTECT, related_name="case"
    )
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="+"
    )
    province_code = models.CharField("provincia", max_length=2)
    state = models.CharField("estado", max_length=10, choices=CaseState.choices)
    state_since = models.DateField("en este estado desde")
    opened_on = models.DateField("iniciado el")

    class Meta:
        verbose_name = "juicio coactivo"
        verbose_name_plural = "juicios coactivos"
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=~Q(state__in=["paid", "archived"]),
                name="case_one_open_per_employer",
            ),
        ]

    def __str__(self) -> str:
        return f"Coactiva {self.title.number} ({self.get_state_display()})"


class EnforcementStateChange(models.Model):
    case = models.ForeignKey(
        EnforcementCase, verbose_name="juicio", on_delete=models.CASCADE, related_name="changes"
    )
    from_state = models.CharField("de", max_length=10, choices=CaseState.choices, blank=True)
    to_state = models.CharField("a", max_length=10, choices=CaseState.choices)
    on = models.DateField("fecha")
    note = models.CharField("observación", max_length=300, blank=True)
    actor = _user("usuario")
    recorded_at = models.DateTimeField("registrado", auto_now_add=True)

    class Meta:
        verbose_name = "cambio de estado del juicio"
        verbose_name_plural = "cambios de estado de juicios"
        ordering = ["case", "on", "id"]

    def __str__(self) -> str:
        return f"{self.get_to_state_display()} el {self.on:%d/%m/%Y}"


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
