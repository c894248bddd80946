"""Fixtures of the institution tests: Loja's 2022 institutional data loaded through the demo
loader. The browser fixtures (page, screenshot) come from tests/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest

from seguro.institution.demo_data import institution_load_loja_2022
from seguro.institution.models import OrganisationalUnit


@pytest.fixture
def loja_2022(db: Any) -> dict[str, Any]:
    """The Loja 2022 report's institutional data; returns the loader's summary."""
    return institution_load_loja_2022(seed=2022)


@pytest.fixture
def unit(db: Any) -> Any:
    """A function making a unit (a coordination of a new provincial directorate)."""
    from seguro.institution import services

    made: dict[str, OrganisationalUnit] = {}

    def make(province: str = "11", code: str | None = None) -> OrganisationalUnit:
        head_code = f"DIR-{province}"
        if head_code not in made:
            made[head_code] = OrganisationalUnit.objects.filter(code=head_code).first() or (
                services.unit_register(
                    actor=None,
                    code=head_code,
                    name=f"Dirección provincial {province}",
                    kind="provincial_directorate",
                    province_code=province,
                )
            )
        return services.unit_register(
            actor=None,
            code=code or f"COORD-{province}-{len(made)}-{OrganisationalUnit.objects.count()}",
            name=f"Coordinación de prueba {province}",
            kind="coordination",
            parent=made[head_code],
        )

    return make
