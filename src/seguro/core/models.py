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


class JobRun(models.Model):
    """One run of a batch job for a period: the run ledger that makes jobs rerunnable.

    A run freezes its work list (the chunks) when it starts; each chunk commits with its
    business rows, so a killed run resumes at the first chunk not done and never posts twice.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "En curso"
        DONE = "done", "Terminado"

    job = models.CharField("proceso", max_length=40)
    period = models.DateField("período")
    status = models.CharField("estado", max_length=10, choices=Status.choices)
    started_at = models.DateTimeField("iniciado", auto_now_add=True)
    finished_at = models.DateTimeField("terminado", null=True, blank=True)
    plan = models.JSONField("plan de trabajo (lotes)", default=dict)
    counts = models.JSONField("cifras", default=dict)

    class Meta:
        verbose_name = "ejecución de proceso"
        verbose_name_plural = "ejecuciones de procesos"
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="job_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period:%Y-%m} ({self.get_status_display()})"


class JobChunk(models.Model):
    run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField("lote")
    done_at = models.DateTimeField("terminado", auto_now_add=True)
    counts = models.JSONField("cifras", default=dict)

    class Meta:
        verbose_name = "lote terminado"
        verbose_name_plural = "lotes terminados"
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="job_chunk_once")]

    def __str__(self) -> str:
        return f"{self.run} · lote {self.number}"
