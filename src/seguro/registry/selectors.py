"""Registry reads for pages, always through the user's scope (registry.scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from seguro.registry import scope
from seguro.registry.models import Affiliation, Dependent, Employer, Person


@dataclass(frozen=True)
class AffiliationRow:
    affiliation: Affiliation
    current_salary: Decimal | None


def _in_force(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def _with_salary(affiliations: Any, on: date) -> list[AffiliationRow]:
    rows = []
    for affiliation in affiliations.prefetch_related("salary_records"):
        salaries = [r for r in affiliation.salary_records.all() if r.valid_from <= on]
        rows.append(AffiliationRow(affiliation, salaries[-1].salary if salaries else None))
    return rows


def own_record(*, user: Any, on: date) -> dict[str, Any] | None:
    """The affiliate's own file: person, affiliations with current salary, dependents."""
    person_id = scope.scope_of(user).person_id
    if person_id is None:
        return None
    person = scope.person_visible(user).select_related("canton__province").get(pk=person_id)
    affiliations = (
        scope.affiliation_visible(user).select_related("employer").order_by("-valid_from")
    )
    dependents = scope.dependent_visible(user).filter(_in_force(on)).select_related("person")
    return {
        "person": person,
        "affiliations": _with_salary(affiliations, on),
        "dependents": list(dependents),
    }


def employer_workers(*, user: Any, on: date) -> dict[str, Any] | None:
    """An employer's workers with an affiliation in force on a date."""
    employer_id = scope.scope_of(user).employer_id
    if employer_id is None:
        return None
    employer: Employer = scope.employer_visible(user).get(pk=employer_id)
    affiliations = (
        scope.affiliation_visible(user)
        .filter(_in_force(on))
        .select_related("person")
        .order_by("person__last_names", "person__first_names")
    )
    return {"employer": employer, "workers": _with_salary(affiliations, on)}


def person_find(*, user: Any, national_id: str) -> Person | None:
    return scope.person_visible(user).filter(national_id=national_id).first()


def dependents_of(*, user: Any, holder: Person, on: date) -> list[Dependent]:
    return list(scope.dependent_visible(user).filter(holder=holder).filter(_in_force(on)))
