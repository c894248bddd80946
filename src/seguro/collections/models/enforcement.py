"""Coactive enforcement: credit titles and cases with their audited state changes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from seguro.collections.models._base import _user
from seguro.collections.models.payments import Fine
from seguro.contributions.models import Obligation
from seguro.registry.models import Employer


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
