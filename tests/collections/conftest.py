"""Fixtures of the collections tests: employers in Loja and Pichincha, users of each role."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories


@pytest.fixture
def loja_employer(db: Any) -> Any:
    return factories.employer(canton=factories.LOJA_CANTON)


@pytest.fixture
def quito_employer(db: Any) -> Any:
    return factories.employer(canton=factories.PICHINCHA_CANTON)


@pytest.fixture
def officer(db: Any) -> Any:
    """A collections officer of Loja (province 11)."""
    return factories.user("collections_officer", province="11")
