"""Pension test data made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.pensions.models import Pension
from seguro.pensions.services import BeneficiaryShare, pension_grant
from seguro.registry import services as registry_services
from tests import factories

STEP = [{"step": "pensión calculada en la prueba", "value": "—"}]


def old_age(
    *,
    kind: str = "old_age",
    amount_cents: int = 80_000,
    start: date = date(2023, 1, 1),
    region: str = "sierra",
    canton: str = factories.LOJA_CANTON,
    years: int = 30,
    **extra: Any,
) -> Pension:
    holder = factories.person(canton=canton, birth_date=date(1955, 3, 1))
    return pension_grant(
        actor=None,
        kind=kind,
        holder=holder,
        deceased=None,
        start=start,
        amount_cents=amount_cents,
        region=region,
        beneficiaries=[BeneficiaryShare(holder, "holder")],
        explanation=STEP,
        source="prueba",
        years_of_contributions=years,
        **extra,
    )


def widow_and_two_children(
    *, start: date = date(2024, 1, 1), base_cents: int = 100_000
) -> dict[str, Any]:
    """A deceased pensioner of 1000.00; widow, a child born 2006-07-10 and one born 2010-02-01."""
    deceased = factories.person(birth_date=date(1960, 1, 1), sex="M")
    registry_services.person_record_death(actor=None, person=deceased, death_date=date(2023, 12, 5))
    widow = factories.person(birth_date=date(1965, 4, 4))
    elder = factories.person(birth_date=date(2006, 7, 10))
    younger = factories.person(birth_date=date(2010, 2, 1))
    pension = pension_grant(
        actor=None,
        kind="survivors",
        holder=None,
        deceased=deceased,
        start=start,
        amount_cents=base_cents,
        region="sierra",
        beneficiaries=[
            BeneficiaryShare(widow, "spouse"),
            BeneficiaryShare(elder, "child"),
            BeneficiaryShare(younger, "child"),
        ],
        explanation=STEP,
        source="solicitud 1",
    )
    return {"pension": pension, "widow": widow, "elder": elder, "younger": younger}
