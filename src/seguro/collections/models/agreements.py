"""Payment agreements (convenios de purga de mora): items covered and instalments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from seguro.collections.models._base import _user
from seguro.collections.models.payments import Component, Fine
from seguro.contributions.models import Obligation
from seguro.registry.models import Employer


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
