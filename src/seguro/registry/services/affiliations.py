"""Affiliations: entry and exit notices and the insured salary history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import (
    DEPENDENCY_REGIMES,
    Affiliation,
    Employer,
    Person,
    Regime,
    SalaryRecord,
)
from seguro.registry.scope import scope_require_employer, scope_require_person
from seguro.registry.services._common import (
    entry_notice_days,
    money_amount,
    require_alive_on,
)


def _overlapping(person: Person, employer: Employer | None, start: date, end: date | None) -> bool:
    others = Affiliation.objects.filter(person=person, employer=employer)
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        others = others.filter(valid_from__lte=end)
    return others.exists()


@transaction.atomic
def affiliation_start(
    *,
    actor: Any,
    person: Person,
    regime: str,
    valid_from: date,
    salary: Any,
    employer: Employer | None = None,
    notice_date: date | None = None,
) -> Affiliation:
    """The entry notice (aviso de entrada): starts an affiliation with its first salary."""
    notice_date = notice_date or date.today()
    if regime not in Regime.values:
        raise DomainError(f"el régimen {regime!r} no existe.", field="régimen")
    is_dependency = regime in DEPENDENCY_REGIMES
    if is_dependency and employer is None:
        raise DomainError("la relación de dependencia requiere un empleador.", field="empleador")
    if not is_dependency and employer is not None:
        raise DomainError(
            "este régimen no tiene empleador; quite el empleador o cambie el régimen.",
            field="empleador",
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    require_alive_on(person, valid_from, "persona")
    if valid_from < person.birth_date:
        raise DomainError("la afiliación empieza antes del nacimiento.", field="inicio")
    if employer is not None:
        scope_require_employer(actor, employer)
    else:
        scope_require_person(actor, person)
    amount = money_amount(salary, "salario")
    if _overlapping(person, employer, valid_from, None):
        raise DomainError(
            "la persona ya tiene una afiliación vigente o superpuesta con este empleador "
            "en esas fechas.",
            field="inicio",
        )
    # Day 1 is the first day of work, so the 15th day is valid_from + 14.
    late = notice_date > valid_from + timedelta(days=entry_notice_days(valid_from) - 1)
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(
                person=person,
                employer=employer,
                regime=regime,
                valid_from=valid_from,
                entry_notice_date=notice_date,
                entry_notice_late=late,
            )
    except IntegrityError:  # the PostgreSQL exclusion constraint, under a race
        raise DomainError(
            "la persona ya tiene una afiliación superpuesta con este empleador.", field="inicio"
        ) from None
    SalaryRecord.objects.create(affiliation=affiliation, valid_from=valid_from, salary=amount)
    audit_event_record(
        actor=actor,
        action="affiliation.start",
        target=affiliation,
        summary=f"Aviso de entrada de {person.identifier}" + (" (tardío)" if late else ""),
        data={
            "regime": regime,
            "employer": employer.tax_id if employer else None,
            "valid_from": valid_from,
            "notice_date": notice_date,
            "late": late,
            "salary": amount,
        },
    )
    return affiliation


@transaction.atomic
def affiliation_end(
    *, actor: Any, affiliation: Affiliation, valid_to: date, notice_date: date | None = None
) -> Affiliation:
    """The exit notice (aviso de salida): the last day of work."""
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.employer is not None:
        scope_require_employer(actor, affiliation.employer)
    else:
        scope_require_person(actor, affiliation.person)
    if affiliation.valid_to is not None:
        raise DomainError(
            f"la afiliación ya terminó el {affiliation.valid_to:%d/%m/%Y}.", field="fin"
        )
    if valid_to < affiliation.valid_from:
        raise DomainError(
            f"la salida ({valid_to:%d/%m/%Y}) es anterior a la entrada "
            f"({affiliation.valid_from:%d/%m/%Y}).",
            field="fin",
        )
    if affiliation.salary_records.filter(valid_from__gt=valid_to).exists():
        raise DomainError("hay cambios de salario posteriores a la salida.", field="fin")
    affiliation.valid_to = valid_to
    affiliation.exit_notice_date = notice_date or date.today()
    affiliation.save(update_fields=["valid_to", "exit_notice_date"])
    audit_event_record(
        actor=actor,
        action="affiliation.end",
        target=affiliation,
        summary=f"Aviso de salida de {affiliation.person.identifier}",
        data={"valid_to": valid_to, "notice_date": affiliation.exit_notice_date},
    )
    return affiliation


@transaction.atomic
def salary_change(
    *, actor: Any, affiliation: Affiliation, valid_from: date, salary: Any
) -> SalaryRecord:
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.employer is not None:
        scope_require_employer(actor, affiliation.employer)
    else:
        scope_require_person(actor, affiliation.person)
    if valid_from < affiliation.valid_from or (
        affiliation.valid_to is not None and valid_from > affiliation.valid_to
    ):
        raise DomainError("el cambio de salario cae fuera de la afiliación.", field="vigente desde")
    amount = money_amount(salary, "salario")
    record, _created = SalaryRecord.objects.update_or_create(
        affiliation=affiliation, valid_from=valid_from, defaults={"salary": amount}
    )
    audit_event_record(
        actor=actor,
        action="salary.change",
        target=record,
        summary=f"Salario de {affiliation.person.identifier} desde {valid_from:%d/%m/%Y}",
        data={"affiliation": affiliation.pk, "salary": amount, "valid_from": valid_from},
    )
    return record
