"""Shared pieces of the collections models: numbering sequences, user and debtor fields."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Sequence(models.Model):
    """Gap-free document numbers (receipts, agreements, credit titles, inspections)."""

    name = models.CharField("serie", max_length=30, primary_key=True)
    last_value = models.BigIntegerField("último número", default=0)

    class Meta:
        verbose_name = "serie de numeración"
        verbose_name_plural = "series de numeración"

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"


def _user(verbose_name: str, *, db_index: bool = True) -> models.ForeignKey:  # type: ignore[type-arg]
    """Who did it (None: the system). Tables with millions of system-written rows pass
    ``db_index=False`` and index the column where it is set (see ``sparse_index``)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=db_index,
    )


def sparse_index(field: str, name: str) -> models.Index:
    """An index on a nullable foreign key over the rows where it is set: on the national
    payments almost every row is null there, and a full index would hold them all."""
    return models.Index(fields=[field], condition=Q(**{f"{field}__isnull": False}), name=name)


def _one_debtor(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(employer__isnull=False, person__isnull=True)
        | Q(employer__isnull=True, person__isnull=False),
        name=name,
    )
