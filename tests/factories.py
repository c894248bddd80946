"""Test data built through the services (actor None = the system), so it obeys the same rules."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.contrib.auth.models import Group, User

from seguro.core.roles import ROLES_BY_CODE
from seguro.registry import ids, services
from seguro.registry.models import Employer, Person, Regime, UserScope

_serial = itertools.count(1)

LOJA_CANTON = "1101"  # Loja, province 11
PICHINCHA_CANTON = "1701"  # Quito, province 17


def person(
    *,
    canton: str = LOJA_CANTON,
    birth_date: date = date(1980, 5, 17),
    sex: str = "F",
    national_id: str | None = None,
    **extra: Any,
) -> Person:
    national_id = national_id or ids.cedula_make(canton[:2], 100_000 + next(_serial))
    return services.person_register(
        actor=None,
        national_id=national_id,
        first_names=extra.pop("first_names", "María José"),
        last_names=extra.pop("last_names", "Jaramillo Ochoa"),
        sex=sex,
        birth_date=birth_date,
        canton_code=canton,
        **extra,
    )


def employer(
    *, canton: str = LOJA_CANTON, kind: ids.TaxIdKind = ids.TaxIdKind.PRIVATE_COMPANY
) -> Employer:
    representative = person(canton=canton) if kind is not ids.TaxIdKind.NATURAL_PERSON else None
    return services.employer_register(
        actor=None,
        tax_id=ids.tax_id_make(kind, canton[:2], next(_serial)),
        name=f"Empresa de prueba {next(_serial)}",
        canton_code=canton,
        legal_representative=representative,
    )


def user(
    role: str,
    *,
    province: str | None = None,
    employer: Employer | None = None,
    person: Person | None = None,
) -> User:
    spec = ROLES_BY_CODE[role]
    account = User.objects.create_user(
        username=f"{role}-{next(_serial)}", password="clave-de-prueba-1", is_staff=spec.staff
    )
    account.groups.add(Group.objects.get(name=spec.group_name))
    if province or employer or person:
        UserScope.objects.create(
            user=account, province_id=province, employer=employer, person=person
        )
    return account


def two_provinces(*, on: date) -> dict[str, Any]:
    loja_employer = employer(canton=LOJA_CANTON)
    quito_employer = employer(canton=PICHINCHA_CANTON)
    loja_worker = person(canton=LOJA_CANTON)
    quito_worker = person(canton=PICHINCHA_CANTON)
    loja_affiliation = services.affiliation_start(
        actor=None,
        person=loja_worker,
        employer=loja_employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=on,
        notice_date=on,
        salary="800.00",
    )
    quito_affiliation = services.affiliation_start(
        actor=None,
        person=quito_worker,
        employer=quito_employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=on,
        notice_date=on,
        salary="1200.00",
    )
    return {
        "loja_employer": loja_employer,
        "quito_employer": quito_employer,
        "loja_worker": loja_worker,
        "quito_worker": quito_worker,
        "loja_affiliation": loja_affiliation,
        "quito_affiliation": quito_affiliation,
    }
