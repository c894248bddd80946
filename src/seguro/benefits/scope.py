"""Row scope of benefits, on top of the registry's user scope (registry.scope):

- superusers, the system and national staff see every row;
- provincial staff see the rows of their province (the applicant's province at filing; the
  employer's province for liabilities; the person's province for accounts);
- an affiliate sees the claims they filed, of which they are the deceased's survivor, and their
  own accounts; an employer sees the liabilities it owes and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from seguro.benefits.models import (
    Claim,
    ClaimBeneficiary,
    ClaimDocument,
    ClaimInstalment,
    EmployerLiability,
    FundAccount,
    FundMovement,
    FundRun,
)
from seguro.registry.scope import Scope, scope_of


def _claims(scope: Scope, prefix: str = "") -> Q:
    if scope.person_id:
        return Q(**{f"{prefix}applicant_id": scope.person_id}) | Q(
            **{f"{prefix}beneficiaries__person_id": scope.person_id}
        )
    if scope.employer_id:
        return Q(pk__in=[])
    return Q(**{f"{prefix}province_code": scope.province_code})


def visible(user: Any, model: type[Model]) -> QuerySet[Any]:
    scope = scope_of(user)
    rows: QuerySet[Any] = model._default_manager.all()
    if scope.everything:
        return rows
    if scope.nothing or model is FundRun:
        return rows.none()
    if model is Claim:
        condition = _claims(scope)
    elif model in (ClaimDocument, ClaimBeneficiary, ClaimInstalment):
        condition = _claims(scope, "claim__")
    elif model is EmployerLiability:
        if scope.person_id:
            return rows.none()
        condition = (
            Q(employer_id=scope.employer_id)
            if scope.employer_id
            else Q(province_code=scope.province_code)
        )
    elif model in (FundAccount, FundMovement):
        prefix = "" if model is FundAccount else "account__"
        if scope.employer_id:
            return rows.none()
        condition = (
            Q(**{f"{prefix}person_id": scope.person_id})
            if scope.person_id
            else Q(**{f"{prefix}province_code": scope.province_code})
        )
    else:  # pragma: no cover - every model of the app is listed
        return rows.none()
    return rows.filter(condition).distinct()


def is_visible(user: Any, obj: Model) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()
