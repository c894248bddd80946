"""Shared fixtures: registry data made through the services, and users of every role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from importlib import import_module
from typing import Any

import pytest
from django.db import connection

from tests import factories


@pytest.fixture
def make_person() -> Callable[..., Any]:
    return factories.person


@pytest.fixture
def make_employer() -> Callable[..., Any]:
    return factories.employer


@pytest.fixture
def make_user() -> Callable[..., Any]:
    return factories.user


@pytest.fixture
def loja_and_pichincha(db: Any) -> dict[str, Any]:
    """Two provinces' worth of registry: an employer with a worker in each, and an affiliate."""
    return factories.two_provinces(on=date(2024, 1, 2))


@pytest.fixture(autouse=True)
def ledger_guard_around_flush(
    request: pytest.FixtureRequest, django_db_blocker: Any
) -> Iterator[None]:
    """SQLite empties tables with DELETE after a transactional test, which the ledger's
    append-only triggers refuse; lift them for that flush and put them back before each test.
    (PostgreSQL flushes with TRUNCATE, which row triggers do not see.)"""
    guard = import_module("seguro.ledger.migrations.0002_append_only")
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    if connection.vendor != "sqlite":
        yield
        return
    with django_db_blocker.unblock():
        guard.create(None, _SqlRunner())
    yield
    if transactional:
        with django_db_blocker.unblock():
            guard.drop(None, _SqlRunner())


class _SqlRunner:
    """The two things the migration's functions use of a schema editor."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
