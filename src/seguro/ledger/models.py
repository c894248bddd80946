"""The ledger: append-only money movements by insurance fund, chained by hash per posting batch.

Grain: the monthly close posts one entry per chunk, province and fund (each debtor's split is
kept on its obligation, the receivables subledger; the per-worker grain is the contribution
history); payments, benefit payments and invoices post one entry per document and fund. Each
batch stores the SHA-256 root of its entries and a chain hash over the previous batch's, so a
changed or removed past entry is detected by `seguro ledger verify`. Rows are never updated or
deleted: database triggers refuse it.
"""

from __future__ import annotations

from django.db import models


class Fund(models.TextChoices):
    IVM = "ivm", "IVM (invalidez, vejez y muerte)"
    DISABILITY = "disability", "Ley Orgánica de Discapacidades"
    HEALTH = "health", "Seguro de salud"
    WORK_RISKS = "work_risks", "Riesgos del trabajo"
    RURAL = "rural", "Seguro Social Campesino"
    SEVERANCE = "severance", "Cesantía"
    UNEMPLOYMENT = "unemployment", "Seguro de desempleo"
    RESERVE_FUND = "reserve_fund", "Fondos de reserva"
    ADMINISTRATION = "administration", "Gastos de administración"


class EntryKind(models.TextChoices):
    ASSESSED = "assessed", "Aporte liquidado"
    PAID = "paid", "Pago recibido"
    INTEREST = "interest", "Interés por mora"
    FINE = "fine", "Multa"
    BENEFIT_PAID = "benefit_paid", "Prestación pagada"
    WITHDRAWAL = "withdrawal", "Retiro de fondo individual"
    ADJUSTMENT = "adjustment", "Ajuste (rectificación)"


class LedgerBatch(models.Model):
    """One posting: a named, idempotent unit (e.g. one chunk of one monthly close)."""

    key = models.CharField("clave de idempotencia", max_length=120)
    job = models.CharField("proceso", max_length=40)
    period = models.DateField("período")
    posted_at = models.DateTimeField("registrado", auto_now_add=True)
    entry_count = models.PositiveIntegerField("asientos")
    total_cents = models.BigIntegerField("suma en centavos")
    root_hash = models.CharField("raíz SHA-256 de los asientos", max_length=64)
    previous_hash = models.CharField("cadena anterior", max_length=64)
    chain_hash = models.CharField("cadena", max_length=64)

    class Meta:
        verbose_name = "lote contable"
        verbose_name_plural = "lotes contables"
        ordering = ["id"]
        # Constraints rather than unique=True, which adds a LIKE index per column on
        # PostgreSQL: with a batch per national payment (16 M a year) they came to 3 GB.
        constraints = [
            models.UniqueConstraint(fields=["key"], name="ledger_batch_key_once"),
            models.UniqueConstraint(fields=["chain_hash"], name="ledger_batch_chain_once"),
        ]
        # The report's collections by month sum the payment batches' totals: with the total
        # in the index (PostgreSQL) it reads the index alone.
        indexes = [
            models.Index(
                fields=["job", "period"], include=["total_cents"], name="ledger_batch_job_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.entry_count} asientos)"


class LedgerEntry(models.Model):
    # Entries are only ever written by ledger_post with their batch; the hash chain, not a
    # per-row foreign-key check, is what guards them (and unique(batch, seq) indexes batch).
    batch = models.ForeignKey(
        LedgerBatch,
        on_delete=models.DO_NOTHING,
        related_name="entries",
        db_constraint=False,
        db_index=False,
    )
    seq = models.PositiveIntegerField("orden en el lote")
    fund = models.CharField("fondo", max_length=16, choices=Fund.choices)
    kind = models.CharField("tipo", max_length=16, choices=EntryKind.choices)
    amount_cents = models.BigIntegerField("valor en centavos")
    period = models.DateField("período")
    province_code = models.CharField("provincia", max_length=2)
    employer_id = models.BigIntegerField("empleador", null=True, blank=True)
    person_id = models.BigIntegerField("persona", null=True, blank=True)
    document_type = models.CharField("documento", max_length=20)
    document_id = models.BigIntegerField("número de documento")

    class Meta:
        verbose_name = "asiento"
        verbose_name_plural = "asientos"
        ordering = ["batch_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "seq"], name="ledger_entry_seq_once"),
        ]
        # Lean on purpose: payments append an entry per allocation and fund, and every index is
        # paid on each of them. Documents are found by number alone (a bigint compares far
        # faster than text plus number); the period index is created by migration 0006 as BRIN
        # on PostgreSQL (entries arrive in period order, so a few pages summarise millions of
        # rows).
        indexes = [models.Index(fields=["document_id"], name="ledger_entry_document")]

    def __str__(self) -> str:
        return f"{self.fund} {self.kind} {self.amount_cents / 100:.2f}"


class LedgerHead(models.Model):
    """A single row locked while posting, so batches chain one after another."""

    chain_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "cabeza de la cadena"

    def __str__(self) -> str:
        return self.chain_hash
