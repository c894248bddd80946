"""Benefit test data made through the services: an affiliate with a working life, and a claim
walked through its states by an officer (maker) and an approver (checker)."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.benefits import services
from seguro.benefits.models import Claim
from seguro.registry import services as registry_services
from seguro.registry.models import Employer, Person, Regime
from tests import factories

REGISTRY_START = date(2002, 1, 1)


def affiliate(
    *,
    birth_date: date = date(1964, 3, 10),
    start: date,
    months: int,
    salary: str | dict[int, str],
    employer: Employer | None = None,
    regime: str = Regime.PRIVATE_EMPLOYEE,
    exit_on: date | None = None,
    skip: frozenset[date] = frozenset(),
    sex: str = "F",
) -> Person:
    """A person with one affiliation from ``start`` (ended on ``exit_on``) and ``months`` paid
    months of contributions at ``salary``."""
    person = factories.person(birth_date=birth_date, sex=sex)
    dependency = regime in ("private_employee", "public_servant", "bank_or_local_government")
    if dependency and employer is None:
        employer = factories.employer()
    # The registry's affiliation rules begin in 2001; older working years are history only.
    valid_from = max(start, REGISTRY_START)
    affiliation = registry_services.affiliation_start(
        actor=None,
        person=person,
        employer=employer if dependency else None,
        regime=regime,
        valid_from=valid_from,
        notice_date=valid_from,
        salary=salary if isinstance(salary, str) else salary[valid_from.year],
    )
    if exit_on is not None:
        registry_services.affiliation_end(
            actor=None, affiliation=affiliation, valid_to=exit_on, notice_date=exit_on
        )
    factories.contribution_months(
        person,
        start=start,
        months=months,
        salary=salary,
        employer=employer if dependency else None,
        regime=regime,
        skip=skip,
    )
    return person


def died(person: Person, on: date) -> Person:
    return registry_services.person_record_death(actor=None, person=person, death_date=on)


def computed(officer: Any, **claim: Any) -> Claim:
    """File a claim, check every document and compute it, as the officer."""
    filed = services.claim_file(actor=officer, **claim)
    codes = list(filed.documents.values_list("code", flat=True))
    checked = services.claim_documents_check(actor=officer, claim=filed, codes=codes)
    return services.claim_compute(actor=officer, claim=checked)


def approved(officer: Any, approver: Any, on: date, **claim: Any) -> Claim:
    return services.claim_approve(actor=approver, claim=computed(officer, **claim), on=on)
