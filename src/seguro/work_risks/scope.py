"""Row scope of work risks, on top of the registry's user scope (registry.scope):

- superusers, the system and national staff see every row;
- provincial staff see the rows of their province (``province_code``);
- an employer user sees its own accident notices, disease cases (as current or past employer),
  liabilities, job analyses and the trainings it attended; never investigations;
- an affiliate user sees their own accident notices and disease cases.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from seguro.core.errors import DomainError
from seguro.registry.scope import scope_of
from seguro.work_risks.models import (
    AccidentReport,
    EmployerLiability,
    JobAnalysis,
    OccupationalDiseaseCase,
    Training,
    TrainingParticipant,
)

_OUT_OF_SCOPE = "está fuera de su ámbito de trabajo."


def _employer_condition(model: type[Model], employer_id: int) -> Q | None:
    if model in (AccidentReport, EmployerLiability, JobAnalysis):
        return Q(employer_id=employer_id)
    if model is OccupationalDiseaseCase:
        return Q(employer_id=employer_id) | Q(other_employers__id=employer_id)
    if model is Training:
        return Q(employers__id=employer_id)
    return None  # investigations and participants are the institute's


def _person_condition(model: type[Model], person_id: int) -> Q | None:
    if model in (AccidentReport, OccupationalDiseaseCase):
        return Q(person_id=person_id)
    return None


def visible(user: Any, model: type[Model]) -> QuerySet[Any]:
    scope = scope_of(user)
    rows: QuerySet[Any] = model._default_manager.all()
    if scope.everything:
        return rows
    if scope.nothing:
        return rows.none()
    if scope.province_code and not (scope.employer_id or scope.person_id):
        prefix = "training__" if model is TrainingParticipant else ""
        return rows.filter(**{f"{prefix}province_code": scope.province_code})
    if scope.employer_id:
        condition = _employer_condition(model, scope.employer_id)
    else:
        condition = _person_condition(model, scope.person_id or -1)
    if condition is None:
        return rows.none()
    return rows.filter(pk__in=rows.filter(condition).values("pk"))


def is_visible(user: Any, obj: Model) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def is_staff(user: Any) -> bool:
    """Institute staff with a scope (national or provincial), not an employer or affiliate."""
    scope = scope_of(user)
    return scope.everything or bool(
        scope.province_code and not (scope.employer_id or scope.person_id)
    )


def require_staff_in_province(actor: Any, province_code: str) -> None:
    """Qualifying and investigating is the institute's work, in the actor's province."""
    scope = scope_of(actor)
    if scope.everything:
        return
    if scope.province_code == province_code and not (scope.employer_id or scope.person_id):
        return
    raise DomainError(f"el caso {_OUT_OF_SCOPE}", field="caso")
