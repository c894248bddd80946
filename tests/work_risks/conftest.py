"""Fixtures of the work-risks tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests import factories

USERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "loja_user": lambda w: factories.user("employer", employer=w["loja_employer"]),
    "quito_user": lambda w: factories.user("employer", employer=w["quito_employer"]),
    "loja_officer": lambda w: factories.user("benefits_officer", province="11"),
    "quito_officer": lambda w: factories.user("benefits_officer", province="17"),
    "worker_user": lambda w: factories.user("affiliate", person=w["loja_worker"]),
}


class World(dict[str, Any]):
    """Registry rows, and users made on first use (password hashing is slow)."""

    def __missing__(self, key: str) -> Any:
        if key not in USERS:
            raise KeyError(key)
        self[key] = USERS[key](self)
        return self[key]


@pytest.fixture
def world(db: Any) -> World:
    """A Loja and a Pichincha employer, each with a worker affiliated since 02-jan-2024, and
    users: each employer, a Loja and a Pichincha benefits officer, the Loja worker."""
    return World(factories.two_provinces(on=date(2024, 1, 2)))
