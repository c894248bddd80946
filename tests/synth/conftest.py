"""Fixtures: the synthetic registry loaded at a small scale (fresh per test: loads take well
under a second at these scales)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from seguro.synth.services import synth_registry

LOJA_SCALE = 0.01
NATIONAL_SCALE = 0.001


@pytest.fixture
def load_registry(db: Any) -> Callable[..., dict[str, Any]]:
    def load(scope: str = "loja-2022", scale: float = LOJA_SCALE, **options: Any) -> dict[str, Any]:
        return synth_registry(scope=scope, scale=scale, progress=False, **options)

    return load


@pytest.fixture
def loja(load_registry: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return load_registry("loja-2022", LOJA_SCALE)


@pytest.fixture
def national(load_registry: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return load_registry("national-2023", NATIONAL_SCALE)
