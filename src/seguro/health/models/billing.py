"""Provider invoices checked line by line against the agreement's tariffs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from seguro.health.models.network import ProviderAgreement
from seguro.registry.models import Person


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
