"""Health test data: a unit with staff and a professional, affiliates with a history, an
agreement with tariffs. Built through the services (actor None = the system)."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.health import services
from seguro.health.models import HealthUnit, Professional, UnitKind
from seguro.registry import services as registry
from seguro.registry.models import Pensioner, Person, Regime
from tests import factories

_serial = iter(range(1, 10_000))


def unit(kind: str = UnitKind.HEALTH_CENTRE_B, canton: str = "1103", level: int = 1) -> HealthUnit:
    n = next(_serial)
    return services.unit_register(
        actor=None,
        code=f"U{n:04d}",
        name=f"Unidad de prueba {n}",
        kind=kind,
        level=level,
        canton_code=canton,
    )


def professional(at: HealthUnit, specialty: str = "Medicina general") -> Professional:
    n = next(_serial)
    return services.professional_register(
        actor=None,
        license_number=f"ACESS-{n:05d}",
        full_name=f"Dra. Profesional {n}",
        specialty=specialty,
        unit=at,
    )


def staff(at: HealthUnit, role: str = "health_staff") -> Any:
    user = factories.user(role)
    services.unit_staff_assign(actor=None, user=user, unit=at)
    return user


def affiliate(
    *,
    months: int,
    last_month: date,
    employer: Any = None,
    paid: bool = True,
    birth_date: date = date(1985, 3, 10),
    since: date = date(2020, 1, 1),
) -> Person:
    """A private employee in force since ``since`` with ``months`` paid (or unpaid) months
    ending with ``last_month``."""
    employer = employer or factories.employer()
    person = factories.person(birth_date=birth_date)
    registry.affiliation_start(
        actor=None,
        person=person,
        employer=employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=since,
        notice_date=since,
        salary="800.00",
    )
    start_index = last_month.year * 12 + last_month.month - 1 - (months - 1)
    start = date(start_index // 12, start_index % 12 + 1, 1)
    if months:
        factories.contribution_months(
            person,
            start=start,
            months=months,
            salary="800.00",
            employer=employer,
            paid_on=date(2000, 1, 1) if paid else None,
        )
    return person


def pensioner(since: date = date(2015, 1, 1)) -> Person:
    person = factories.person(birth_date=date(1950, 1, 1))
    Pensioner.objects.create(person=person, kind="old_age", valid_from=since)
    return person
