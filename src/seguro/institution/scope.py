"""Row scope of the institution's data, on top of the registry's user scope.

- superusers, the system (actor None) and national staff (no province) see every row;
- provincial staff see the rows of the units of their province;
- an employer or affiliate user sees none of the institute's internal rows.
Strategic objectives and public-policy programmes are national: everyone with the model's view
permission reads them, only national staff write them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from seguro.core.errors import DomainError
from seguro.institution.models import (
    AuditRecommendation,
    BudgetLine,
    CitizenRequest,
    Indicator,
    IndicatorTarget,
    InterinstitutionalAgreement,
    OrganisationalUnit,
    ProcurementProcess,
    ProcurementStageChange,
    Programme,
    StrategicObjective,
    Workshop,
)
from seguro.registry.scope import Scope, scope_of

# Path from each model to its unit's province; None: national rows, visible to all staff.
UNIT_PATHS: dict[type[Model], str | None] = {
    OrganisationalUnit: "",
    BudgetLine: "unit__",
    ProcurementProcess: "unit__",
    ProcurementStageChange: "process__unit__",
    AuditRecommendation: "responsible_unit__",
    InterinstitutionalAgreement: "unit__",
    Indicator: "unit__",
    IndicatorTarget: "indicator__unit__",
    Workshop: "unit__",
    CitizenRequest: "unit__",
    StrategicObjective: None,
    Programme: None,
}

_OUT_OF_SCOPE = "está fuera de su ámbito de trabajo (otra provincia o una unidad nacional)."


def province_of(user: Any) -> tuple[bool, str | None]:
    """(may see anything at all, province code or None for every province)."""
    scope: Scope = scope_of(user)
    if scope.everything:
        return True, None
    if scope.province_code and not (scope.employer_id or scope.person_id):
        return True, scope.province_code
    return False, None


def visible(user: Any, model: type[Model]) -> QuerySet[Any]:
    queryset: QuerySet[Any] = model._default_manager.all()
    allowed, province = province_of(user)
    if not allowed:
        return queryset.none()
    path = UNIT_PATHS[model]
    if province is None or path is None:
        return queryset
    condition = Q(**{f"{path}province_id": province})
    if model in (Indicator, IndicatorTarget):  # national indicators are everyone's
        condition |= Q(**{f"{path[:-2]}__isnull": True})
    return queryset.filter(condition)


def is_visible(user: Any, obj: Model) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def scope_require_unit(actor: Any, unit: OrganisationalUnit, field: str = "unidad") -> None:
    """A provincial user writes only rows of units of their own province."""
    allowed, province = province_of(actor)
    if allowed and (province is None or unit.province_id == province):
        return
    raise DomainError(f"la unidad {unit.code} {_OUT_OF_SCOPE}", field=field)


def scope_require_province(actor: Any, province_code: str | None, field: str) -> None:
    allowed, province = province_of(actor)
    if allowed and (province is None or province_code == province):
        return
    where = f"la provincia {province_code}" if province_code else "el nivel nacional"
    raise DomainError(f"{where} {_OUT_OF_SCOPE}", field=field)


def scope_require_national(actor: Any, field: str) -> None:
    allowed, province = province_of(actor)
    if allowed and province is None:
        return
    raise DomainError("solo el personal de nivel nacional registra este dato.", field=field)
