"""People: registration, corrections and death."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry import ids
from seguro.registry.models import (
    Person,
)
from seguro.registry.scope import scope_require_canton, scope_require_person
from seguro.registry.services._common import (
    canton_get,
)


@transaction.atomic
def person_register(
    *,
    actor: Any,
    first_names: str,
    last_names: str,
    sex: str,
    birth_date: date,
    canton_code: str,
    national_id: str | None = None,
    passport: str | None = None,
    death_date: date | None = None,
) -> Person:
    if not national_id and not passport:
        raise DomainError("indique la cédula o, para extranjeros, el pasaporte.", field="cédula")
    if national_id:
        try:
            national_id = ids.cedula_validate(national_id)
        except ids.InvalidId as exc:
            raise DomainError(f"cédula inválida: {exc}", field="cédula") from None
        if Person.objects.filter(national_id=national_id).exists():
            raise DomainError(f"ya existe una persona con la cédula {national_id}.", field="cédula")
    if passport and Person.objects.filter(passport=passport).exists():
        raise DomainError(f"ya existe una persona con el pasaporte {passport}.", field="pasaporte")
    if not first_names.strip() or not last_names.strip():
        raise DomainError("los nombres y apellidos son obligatorios.", field="nombres")
    if sex not in ("F", "M"):
        raise DomainError("el sexo debe ser F o M.", field="sexo")
    if birth_date > date.today():
        raise DomainError("la fecha de nacimiento está en el futuro.", field="fecha de nacimiento")
    if death_date is not None and death_date < birth_date:
        raise DomainError(
            "la fecha de fallecimiento es anterior al nacimiento.", field="fecha de fallecimiento"
        )
    canton = canton_get(canton_code)
    scope_require_canton(actor, canton)
    person = Person.objects.create(
        national_id=national_id or None,
        passport=passport or None,
        first_names=first_names.strip(),
        last_names=last_names.strip(),
        sex=sex,
        birth_date=birth_date,
        death_date=death_date,
        canton=canton,
    )
    audit_event_record(
        actor=actor,
        action="person.register",
        target=person,
        summary=f"Registro de persona {person.identifier}",
        data={"canton": canton.code},
    )
    return person


@transaction.atomic
def person_record_death(*, actor: Any, person: Person, death_date: date) -> Person:
    scope_require_person(actor, person)
    if death_date < person.birth_date:
        raise DomainError(
            "la fecha de fallecimiento es anterior al nacimiento.", field="fecha de fallecimiento"
        )
    person.death_date = death_date
    person.save(update_fields=["death_date"])
    audit_event_record(
        actor=actor,
        action="person.death",
        target=person,
        summary=f"Fallecimiento de {person.identifier} el {death_date:%d/%m/%Y}",
        data={"death_date": death_date},
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    first_names: str,
    last_names: str,
    sex: str,
    birth_date: date,
    canton_code: str,
) -> Person:
    """Correct a person's names, sex, birth date or domicile (the cédula is never changed)."""
    scope_require_person(actor, person)
    canton = canton_get(canton_code)
    scope_require_canton(actor, canton)
    if person.death_date is not None and person.death_date < birth_date:
        raise DomainError(
            "la fecha de nacimiento es posterior al fallecimiento.", field="fecha de nacimiento"
        )
    before = {
        "first_names": person.first_names,
        "last_names": person.last_names,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "canton": person.canton_id,
    }
    person.first_names, person.last_names = first_names.strip(), last_names.strip()
    person.sex, person.birth_date, person.canton = sex, birth_date, canton
    person.save()
    audit_event_record(
        actor=actor,
        action="person.update",
        target=person,
        summary=f"Corrección de datos de {person.identifier}",
        data={"before": before},
    )
    return person
