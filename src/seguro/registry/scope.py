"""Row scope: which registry rows a user may read and change.

- superusers and the system (actor None) see everything;
- a user whose scope names a person (an affiliate) sees that person's own record;
- a user whose scope names an employer sees the employer and the people it employs or employed;
- staff whose scope names a province see the rows of that province;
- staff with no province work nationally; anyone else sees nothing.
Selectors filter with these querysets; services call the `scope_require_*` guards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet

from seguro.core.errors import DomainError
from seguro.registry.models import (
    Affiliation,
    Canton,
    Dependent,
    Employer,
    Pensioner,
    Person,
    RuralFamily,
    RuralMember,
    RuralOrganisation,
    SalaryRecord,
    UserScope,
)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    province_code: str | None = None
    employer_id: int | None = None
    person_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.province_code or self.employer_id or self.person_id)


def scope_of(user: Any) -> Scope:
    if user is None or getattr(user, "is_superuser", False):
        return Scope(everything=True)
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached: Scope | None = getattr(user, "_seguro_scope", None)
    if cached is not None:
        return cached
    row = UserScope.objects.filter(user=user).first()
    if row is not None and row.person_id:
        scope = Scope(person_id=row.person_id)
    elif row is not None and row.employer_id:
        scope = Scope(employer_id=row.employer_id)
    elif row is not None and row.province_id:
        scope = Scope(province_code=row.province_id)
    elif user.is_staff:
        scope = Scope(everything=True)
    else:
        scope = Scope()
    user._seguro_scope = scope
    return scope


def _person_filter(scope: Scope, prefix: str = "") -> Q:
    if scope.person_id:
        return Q(**{f"{prefix}id": scope.person_id})
    if scope.employer_id:
        return Q(**{f"{prefix}affiliations__employer_id": scope.employer_id})
    return Q(**{f"{prefix}canton__province_id": scope.province_code})


def _filtered(queryset: QuerySet[Any], scope: Scope, condition: Q) -> QuerySet[Any]:
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    return queryset.filter(condition).distinct()


def person_visible(user: Any) -> QuerySet[Person]:
    scope = scope_of(user)
    return _filtered(Person.objects.all(), scope, _person_filter(scope))


def employer_visible(user: Any) -> QuerySet[Employer]:
    scope = scope_of(user)
    if scope.person_id:
        condition = Q(affiliations__person_id=scope.person_id)
    elif scope.employer_id:
        condition = Q(id=scope.employer_id)
    else:
        condition = Q(canton__province_id=scope.province_code)
    return _filtered(Employer.objects.all(), scope, condition)


def _affiliation_filter(scope: Scope, prefix: str = "") -> Q:
    if scope.person_id:
        return Q(**{f"{prefix}person_id": scope.person_id})
    if scope.employer_id:
        return Q(**{f"{prefix}employer_id": scope.employer_id})
    return Q(**{f"{prefix}person__canton__province_id": scope.province_code}) | Q(
        **{f"{prefix}employer__canton__province_id": scope.province_code}
    )


def affiliation_visible(user: Any) -> QuerySet[Affiliation]:
    scope = scope_of(user)
    return _filtered(Affiliation.objects.all(), scope, _affiliation_filter(scope))


def salary_record_visible(user: Any) -> QuerySet[SalaryRecord]:
    scope = scope_of(user)
    return _filtered(SalaryRecord.objects.all(), scope, _affiliation_filter(scope, "affiliation__"))


def dependent_visible(user: Any) -> QuerySet[Dependent]:
    scope = scope_of(user)
    if scope.employer_id:  # an employer has no business with its workers' families
        return Dependent.objects.none()
    condition = (
        Q(holder_id=scope.person_id)
        if scope.person_id
        else Q(holder__canton__province_id=scope.province_code)
    )
    return _filtered(Dependent.objects.all(), scope, condition)


def pensioner_visible(user: Any) -> QuerySet[Pensioner]:
    scope = scope_of(user)
    if scope.employer_id:
        return Pensioner.objects.none()
    return _filtered(Pensioner.objects.all(), scope, _person_filter(scope, "person__"))


def rural_organisation_visible(user: Any) -> QuerySet[RuralOrganisation]:
    scope = scope_of(user)
    if scope.employer_id or scope.person_id:
        condition = Q(families__members__person_id=scope.person_id or -1)
    else:
        condition = Q(canton__province_id=scope.province_code)
    return _filtered(RuralOrganisation.objects.all(), scope, condition)


def rural_family_visible(user: Any) -> QuerySet[RuralFamily]:
    scope = scope_of(user)
    if scope.employer_id or scope.person_id:
        condition = Q(members__person_id=scope.person_id or -1)
    else:
        condition = Q(organisation__canton__province_id=scope.province_code)
    return _filtered(RuralFamily.objects.all(), scope, condition)


def rural_member_visible(user: Any) -> QuerySet[RuralMember]:
    scope = scope_of(user)
    if scope.employer_id or scope.person_id:
        condition = Q(family__members__person_id=scope.person_id or -1)
    else:
        condition = Q(family__organisation__canton__province_id=scope.province_code)
    return _filtered(RuralMember.objects.all(), scope, condition)


VISIBLE = {
    Person: person_visible,
    Employer: employer_visible,
    Affiliation: affiliation_visible,
    SalaryRecord: salary_record_visible,
    Dependent: dependent_visible,
    Pensioner: pensioner_visible,
    RuralOrganisation: rural_organisation_visible,
    RuralFamily: rural_family_visible,
    RuralMember: rural_member_visible,
}


def visible(user: Any, model: type[Model]) -> QuerySet[Any]:
    return VISIBLE[model](user)


def is_visible(user: Any, obj: Model) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


_OUT_OF_SCOPE = "está fuera de su ámbito de trabajo; pida el trámite a la agencia que corresponde."


def scope_require_canton(actor: Any, canton: Canton) -> None:
    scope = scope_of(actor)
    if scope.everything or (scope.province_code and canton.province_id == scope.province_code):
        return
    raise DomainError(f"el cantón {canton.name} {_OUT_OF_SCOPE}", field="cantón")


def scope_require_employer(actor: Any, employer: Employer) -> None:
    scope = scope_of(actor)
    if (
        scope.everything
        or scope.employer_id == employer.pk
        or (scope.province_code and employer.canton.province_id == scope.province_code)
    ):
        return
    raise DomainError(f"el empleador {employer.tax_id} {_OUT_OF_SCOPE}", field="empleador")


def scope_require_person(actor: Any, person: Person) -> None:
    scope = scope_of(actor)
    if (
        scope.everything
        or scope.person_id == person.pk
        or (scope.province_code and person.canton.province_id == scope.province_code)
    ):
        return
    raise DomainError(f"la persona {person.identifier} {_OUT_OF_SCOPE}", field="persona")
