"""Writing audit events. Services call `audit_event_record` inside their transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction

from seguro.core.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def audit_event_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model,
    summary: str,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one audit event; must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_event_record must run inside the service's transaction")
    return AuditEvent.objects.create(
        actor=actor if isinstance(actor, User) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:300],
        data=_jsonable(data or {}),
    )
