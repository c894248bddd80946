"""Users of the benefits tests: a benefits officer (maker) and an approver (checker) of Loja."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories


@pytest.fixture
def officer(db: Any) -> Any:
    return factories.user("benefits_officer", province="11")


@pytest.fixture
def approver(db: Any) -> Any:
    return factories.user("approver", province="11")
