"""Shared fixtures: registry data made through the services, and users of every role."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from seguro.registry.models import Canton, Province
from seguro.registry.territory import territory_load
from tests import factories

CHROMIUM = os.environ.get("SEGURO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("SEGURO_SCREENSHOTS", "var/screenshots"))

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    with django_db_blocker.unblock():
        # A transactional test empties every table; the territory is migration data, and the
        # serialized copy Django keeps is out of reach once Playwright has started an event loop.
        if transactional and not Province.objects.exists():
            territory_load(Province, Canton)
        if connection.vendor == "sqlite":
            guard.create(None, _SqlRunner())
    if connection.vendor != "sqlite":
        yield
        return
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run (Playwright's sync API allows one at a time)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No está Chromium en {CHROMIUM}: instálelo con 'apt-get install -y chromium' "
            "(o ejecute 'bash scripts/system-deps.sh')."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="es-EC", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot(page: Any) -> Any:
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
