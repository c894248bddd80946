"""Employer API tokens: issued once (only their SHA-256 is kept), revoked, looked up by the API."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from seguro.contributions.models import EmployerApiToken
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Employer
from seguro.registry.scope import scope_require_employer

TOKEN_PREFIX = "seg_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_find(token: str) -> EmployerApiToken | None:
    """The live (not revoked) token with this text, with its employer."""
    if not token:
        return None
    return (
        EmployerApiToken.objects.select_related("employer")
        .filter(key_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )


@transaction.atomic
def api_token_issue(*, actor: Any, employer: Employer, label: str) -> str:
    """Issue a token for the employer's systems; returns it (the only time it is shown)."""
    scope_require_employer(actor, employer)
    label = (label or "").strip()
    if not label:
        raise DomainError(
            "describa el token (por ejemplo, «sistema de nómina»).", field="descripción"
        )
    if len(label) > 80:
        raise DomainError("la descripción admite hasta 80 caracteres.", field="descripción")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = EmployerApiToken.objects.create(
        employer=employer, label=label, key_hash=token_hash(token)
    )
    audit_event_record(
        actor=actor,
        action="api_token.issue",
        target=row,
        summary=f"Token de API «{label}» para {employer.tax_id}",
        data={"employer": employer.tax_id, "label": label},
    )
    return token


@transaction.atomic
def api_token_revoke(*, actor: Any, token: EmployerApiToken) -> EmployerApiToken:
    token = EmployerApiToken.objects.select_for_update().select_related("employer").get(pk=token.pk)
    scope_require_employer(actor, token.employer)
    if token.revoked_at is not None:
        raise DomainError(
            f"el token ya fue revocado el {timezone.localtime(token.revoked_at):%d/%m/%Y %H:%M}.",
            field="token",
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        summary=f"Revocación del token de API «{token.label}» de {token.employer.tax_id}",
        data={"employer": token.employer.tax_id, "label": token.label},
    )
    return token
