"""Audit trail: one event per write, written in the same transaction as the write."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what to which record, and with which data. Never updated, never deleted."""

    occurred_at = models.DateTimeField("fecha y hora", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="usuario",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("acción", max_length=80, db_index=True)
    target_type = models.CharField("tipo de registro", max_length=80)
    target_id = models.CharField("identificador del registro", max_length=40, db_index=True)
    summary = models.CharField("resumen", max_length=300)
    data = models.JSONField("datos", default=dict, blank=True)

    class Meta:
        verbose_name = "evento de auditoría"
        verbose_name_plural = "eventos de auditoría"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"
        )

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Los eventos de auditoría no se modifican.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Los eventos de auditoría no se eliminan.")
