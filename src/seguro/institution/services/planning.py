"""Strategic objectives with indicators and yearly targets; public-policy programmes and their
workshops."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution.models import (
    Indicator,
    IndicatorTarget,
    OrganisationalUnit,
    PolicyKind,
    Programme,
    StrategicObjective,
    Workshop,
)
from seguro.institution.scope import scope_require_national, scope_require_unit
from seguro.institution.services._common import choice, money, not_future, text
from seguro.institution.services._common import year as year_check


@transaction.atomic
def strategic_objective_register(*, actor: Any, code: str, name: str) -> StrategicObjective:
    scope_require_national(actor, "objetivo estratégico")
    code = text(code, "código", 20).upper()
    if StrategicObjective.objects.filter(code=code).exists():
        raise DomainError(f"ya existe el objetivo {code}.", field="código")
    objective = StrategicObjective.objects.create(
        code=code, name=text(name, "objetivo estratégico", 300)
    )
    audit_event_record(
        actor=actor,
        action="institution.objective.register",
        target=objective,
        summary=f"Objetivo estratégico {code}",
    )
    return objective


@transaction.atomic
def indicator_register(
    *,
    actor: Any,
    objective: StrategicObjective,
    name: str,
    measure: str,
    unit: OrganisationalUnit | None = None,
) -> Indicator:
    """An indicator of an objective, national (no unit) or of one unit."""
    if unit is None:
        scope_require_national(actor, "unidad responsable")
    else:
        scope_require_unit(actor, unit, "unidad responsable")
    indicator = Indicator.objects.create(
        objective=objective,
        unit=unit,
        name=text(name, "indicador", 300),
        measure=text(measure, "unidad de medida", 60),
    )
    audit_event_record(
        actor=actor,
        action="institution.indicator.register",
        target=indicator,
        summary=f"Indicador «{indicator.name}» de {objective.code}",
        data={"unit": unit.code if unit else None},
    )
    return indicator


def _indicator_scope(actor: Any, indicator: Indicator) -> None:
    if indicator.unit is None:
        scope_require_national(actor, "indicador")
    else:
        scope_require_unit(actor, indicator.unit, "indicador")


@transaction.atomic
def indicator_target_set(
    *, actor: Any, indicator: Indicator, year: int, target: Any
) -> IndicatorTarget:
    """Set (or correct) the target of an indicator for a year."""
    _indicator_scope(actor, indicator)
    target_year = year_check(year)
    value = money(target, "meta")
    row, created = IndicatorTarget.objects.select_for_update().get_or_create(
        indicator=indicator, year=target_year, defaults={"target": value}
    )
    before = None if created else row.target
    if not created:
        row.target = value
        row.save(update_fields=["target"])
    audit_event_record(
        actor=actor,
        action="institution.indicator.target",
        target=row,
        summary=f"Meta {target_year} de «{indicator.name}»: {value}",
        data={"before": before, "target": value},
    )
    return row


@transaction.atomic
def indicator_achievement_record(
    *, actor: Any, indicator: Indicator, year: int, achieved: Any
) -> IndicatorTarget:
    _indicator_scope(actor, indicator)
    row = IndicatorTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if row is None:
        raise DomainError(f"el indicador no tiene meta para {year}; fíjela primero.", field="año")
    value = money(achieved, "resultado", allow_zero=True)
    before = row.achieved
    row.achieved = value
    row.save(update_fields=["achieved"])
    audit_event_record(
        actor=actor,
        action="institution.indicator.achieved",
        target=row,
        summary=f"Resultado {year} de «{indicator.name}»: {value}",
        data={"before": before, "achieved": value},
    )
    return row


@transaction.atomic
def programme_register(
    *, actor: Any, code: str, name: str, policy: str, description: str = ""
) -> Programme:
    scope_require_national(actor, "programa")
    code = text(code, "código", 30).upper()
    choice(policy, PolicyKind, "política para la igualdad")
    if Programme.objects.filter(code=code).exists():
        raise DomainError(f"ya existe el programa {code}.", field="código")
    programme = Programme.objects.create(
        code=code,
        name=text(name, "programa o política", 300),
        policy=policy,
        description=text(description, "descripción", 4000, required=False),
    )
    audit_event_record(
        actor=actor,
        action="institution.programme.register",
        target=programme,
        summary=f"Programa {programme.name}",
        data={"policy": policy},
    )
    return programme


@transaction.atomic
def workshop_record(
    *,
    actor: Any,
    programme: Programme,
    unit: OrganisationalUnit,
    name: str,
    held_on: date,
    participants: int,
    for_staff: bool = False,
) -> Workshop:
    """A workshop held by a unit under a programme, with its number of participants (the
    institute's own staff when ``for_staff``)."""
    scope_require_unit(actor, unit)
    not_future(held_on, "fecha")
    if not isinstance(participants, int) or isinstance(participants, bool) or participants < 0:
        raise DomainError("indique un número entero de participantes.", field="participantes")
    workshop = Workshop.objects.create(
        programme=programme,
        unit=unit,
        name=text(name, "taller", 200),
        held_on=held_on,
        participants=participants,
        for_staff=bool(for_staff),
    )
    audit_event_record(
        actor=actor,
        action="institution.workshop.record",
        target=workshop,
        summary=f"Taller «{workshop.name}» ({participants} participantes)",
        data={
            "programme": programme.code,
            "unit": unit.code,
            "held_on": held_on,
            "for_staff": bool(for_staff),
        },
    )
    return workshop
