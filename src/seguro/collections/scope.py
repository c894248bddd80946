"""Row scope of collections, on top of the registry's user scope (registry.scope):

- superusers, the system and national staff see every row;
- provincial staff see the rows of their province (the debtor's province when the row was made);
- an employer user sees its own rows, an affiliate user their own payments; neither sees the
  institute's internal rows (bank files, targets, inspections).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from seguro.collections.models import (
    AgreementInstalment,
    AgreementItem,
    BankImport,
    CollectionTarget,
    CreditTitle,
    EnforcementCase,
    EnforcementStateChange,
    Fine,
    Inspection,
    InspectionFinding,
    Payment,
    PaymentAgreement,
    PaymentAllocation,
    Sequence,
)
from seguro.contributions.models import Obligation
from seguro.registry.scope import Scope, scope_of

# Path from each model to the row that holds province_code / employer / person.
PATHS: dict[type[Model], str] = {
    Obligation: "",
    Payment: "",
    PaymentAllocation: "payment__",
    Fine: "",
    PaymentAgreement: "",
    AgreementItem: "agreement__",
    AgreementInstalment: "agreement__",
    CreditTitle: "",
    EnforcementCase: "",
    EnforcementStateChange: "case__",
    Inspection: "",
    InspectionFinding: "inspection__",
}
INTERNAL: frozenset[type[Model]] = frozenset(
    {Inspection, InspectionFinding, CollectionTarget, BankImport, Sequence}
)
HAS_PERSON = frozenset({Obligation, Payment, PaymentAllocation})


def staff_province(user: Any) -> tuple[bool, str | None]:
    """(is institute staff with a scope, its province or None for national)."""
    scope: Scope = scope_of(user)
    if scope.everything:
        return True, None
    if scope.province_code and not (scope.employer_id or scope.person_id):
        return True, scope.province_code
    return False, None


def visible(user: Any, model: type[Model]) -> QuerySet[Any]:
    scope = scope_of(user)
    rows: QuerySet[Any] = model._default_manager.all()
    if scope.everything:
        return rows
    if scope.nothing:
        return rows.none()
    if scope.province_code and not (scope.employer_id or scope.person_id):
        if model is BankImport:
            return rows.filter(imported_by=user)
        if model is Sequence:
            return rows.none()
        return rows.filter(**{f"{PATHS.get(model, '')}province_code": scope.province_code})
    if model in INTERNAL:
        return rows.none()
    path = PATHS[model]
    if scope.employer_id:
        return rows.filter(**{f"{path}employer_id": scope.employer_id})
    if model in HAS_PERSON:
        return rows.filter(**{f"{path}person_id": scope.person_id})
    return rows.none()


def is_visible(user: Any, obj: Model) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def obligations_visible(user: Any) -> QuerySet[Obligation]:
    return visible(user, Obligation)


def debtor_condition(scope: Scope) -> Q:
    if scope.employer_id:
        return Q(employer_id=scope.employer_id)
    return Q(person_id=scope.person_id)
