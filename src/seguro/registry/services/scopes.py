"""Which rows a user may see: a province, an employer or one person."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import (
    Employer,
    Person,
    UserScope,
)


@transaction.atomic
def user_scope_set(
    *,
    actor: Any,
    user: Any,
    province_code: str | None = None,
    employer: Employer | None = None,
    person: Person | None = None,
) -> UserScope:
    """Give a user their rows: a province, an employer or one person (only one of them)."""
    if sum(x is not None for x in (province_code, employer, person)) > 1:
        raise DomainError(
            "el ámbito es una provincia, un empleador o una persona, no varios.", field="ámbito"
        )
    scope, _ = UserScope.objects.get_or_create(user=user)
    before = {
        "province": scope.province_id,
        "employer": scope.employer_id,
        "person": scope.person_id,
    }
    scope.province_id, scope.employer, scope.person = province_code, employer, person
    scope.save()
    user.__dict__.pop("_seguro_scope", None)
    audit_event_record(
        actor=actor,
        action="user_scope.set",
        target=scope,
        summary=f"Ámbito del usuario {user}",
        data={"before": before, "province": province_code},
    )
    return scope
