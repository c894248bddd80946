"""How each payment was allocated to principal, interest and fines of each debt."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from seguro.collections.models._base import sparse_index
from seguro.collections.models.agreements import AgreementInstalment, AgreementItem
from seguro.collections.models.payments import Component, Fine, Payment
from seguro.contributions.models import Obligation


class PaymentAllocation(models.Model):
    """The part of a payment applied to one component of one debt."""

    # payment and obligation are found by the (payment, seq) constraint and the (obligation,
    # component) index; the other debts are set on few rows: partial indexes (sparse_index).
    payment = models.ForeignKey(
        Payment,
        verbose_name="pago",
        on_delete=models.PROTECT,
        related_name="allocations",
        db_index=False,
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
        db_index=False,
    )
    fine = models.ForeignKey(
        Fine,
        verbose_name="multa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
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
        db_index=False,
    )
    instalment = models.ForeignKey(
        AgreementInstalment,
        verbose_name="cuota",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        db_index=False,
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
        indexes = [
            models.Index(fields=["obligation", "component"]),
            sparse_index("fine", "allocation_fine"),
            sparse_index("agreement_item", "allocation_agreement_item"),
            sparse_index("instalment", "allocation_instalment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()} {self.amount_cents / 100:.2f}"
