"""Effective dates are guarded by the database itself, not only by the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from seguro.registry.models import Affiliation, Dependent, Regime
from tests import factories

pytestmark = pytest.mark.django_db


def _affiliation(person, employer, start, end=None) -> Affiliation:
    return Affiliation(
        person=person,
        employer=employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=start,
        valid_to=end,
        entry_notice_date=start,
    )


def test_database_refuses_exit_before_entry() -> None:
    row = _affiliation(
        factories.person(), factories.employer(), date(2024, 5, 1), date(2024, 4, 30)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_database_refuses_dependency_without_employer() -> None:
    row = _affiliation(factories.person(), None, date(2024, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_database_refuses_child_dependent_without_end_date() -> None:
    row = Dependent(
        holder=factories.person(),
        person=factories.person(birth_date=date(2015, 1, 1)),
        kind="child",
        valid_from=date(2024, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint: PostgreSQL")
def test_postgresql_refuses_overlapping_affiliations_with_the_same_employer() -> None:
    person, employer = factories.person(), factories.employer()
    _affiliation(person, employer, date(2024, 1, 1), date(2024, 6, 30)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _affiliation(person, employer, date(2024, 6, 30)).save()
    _affiliation(person, employer, date(2024, 7, 1)).save()  # the next day is free
