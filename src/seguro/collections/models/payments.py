"""Payments (by hand or from bank files) and fines; the components a payment settles."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from seguro.collections.models._base import _one_debtor, _user, sparse_index
from seguro.ledger.models import LedgerBatch
from seguro.registry.models import Affiliation, Employer, Person


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
    # Found by the (debtor, paid_on) indexes below: a single-column index would repeat them.
    employer = models.ForeignKey(
        Employer,
        verbose_name="empleador",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        verbose_name="afiliado",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    province_code = models.CharField("provincia", max_length=2)
    paid_on = models.DateField("fecha de pago")
    amount_cents = models.BigIntegerField("valor (centavos)")
    source = models.CharField("origen", max_length=8, choices=PaymentSource.choices)
    # NULL, not "": a payment without a reference is outside the uniqueness constraint below.
    bank_reference = models.CharField(  # noqa: DJ001
        "referencia bancaria", max_length=40, null=True, blank=True
    )
    bank_import = models.ForeignKey(
        BankImport,
        verbose_name="archivo bancario",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        db_index=False,
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
    registered_by = _user("registrado por", db_index=False)

    class Meta:
        verbose_name = "pago"
        verbose_name_plural = "pagos"
        ordering = ["-receipt_number"]
        constraints = [
            _one_debtor("payment_one_debtor"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="payment_positive"),
            # A constraint, not unique=True: no second (LIKE) index, and no entry per row
            # without a reference (most of them).
            models.UniqueConstraint(
                fields=["bank_reference"],
                condition=Q(bank_reference__isnull=False),
                name="payment_bank_reference_once",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "paid_on"]),
            models.Index(fields=["person", "paid_on"]),
            models.Index(fields=["province_code", "paid_on"]),
            sparse_index("bank_import", "payment_bank_import"),
            sparse_index("registered_by", "payment_registered_by"),
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
