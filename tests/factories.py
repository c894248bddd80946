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


def contribution_months(
    person: Person,
    *,
    start: date,
    months: int,
    salary: str | dict[int, str],
    employer: Employer | None = None,
    regime: str = Regime.PRIVATE_EMPLOYEE,
    paid_on: date | None = date(2000, 1, 1),
    skip: frozenset[date] = frozenset(),
) -> None:
    """Contribution history written directly (as a close would leave it): one record a month from
    ``start`` for ``months`` months. ``salary`` is one amount or one per calendar year.
    ``paid_on`` None leaves the obligations unpaid (employer in arrears); a date before the
    period means "paid on its due date"."""
    from decimal import Decimal

    from seguro.contributions.models import ContributionRecord, Obligation
    from seguro.contributions.selectors import due_date_of

    period = start.replace(day=1)
    for _ in range(months):
        if period not in skip:
            amount = salary if isinstance(salary, str) else salary[period.year]
            cents = int(Decimal(amount) * 100)
            due = due_date_of(period)
            paid = None if paid_on is None else max(paid_on, due)
            debtor = {"employer": employer} if employer else {"person": person}
            obligation, _ = Obligation.objects.get_or_create(
                period=period,
                kind="payroll" if employer else "voluntary",
                **debtor,
                defaults={
                    "province_code": person.canton_id[:2],
                    "canton_code": person.canton_id,
                    "employee_cents": 0,
                    "employer_cents": 0,
                    "reserve_fund_cents": 0,
                    "spouse_extension_cents": 0,
                    "total_cents": 0,
                    "due_date": due,
                    "paid_on": paid,
                },
            )
            ContributionRecord.objects.create(
                person=person,
                employer=employer,
                obligation=obligation,
                period=period,
                regime=regime,
                salary_cents=cents,
                days_worked=30,
                employee_cents=0,
                employer_cents=0,
                reserve_fund_cents=0,
            )
        period = date(period.year + period.month // 12, period.month % 12 + 1, 1)
