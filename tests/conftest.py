"""Shared fixtures: registry data made through the services, and users of every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

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
