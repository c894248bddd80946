"""A small month to close, built through the registry services, with declarations as an
employer would have filed them (rows written directly: the intake has its own tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.contributions.models import DeclarationLine, PayrollDeclaration
from seguro.registry import services
from seguro.registry.models import Affiliation
from tests import factories

MARCH_2025 = date(2025, 3, 1)


def declare(
    employer: Any, period: date, lines: list[tuple[Affiliation, int]]
) -> PayrollDeclaration:
    declaration = PayrollDeclaration.objects.create(
        employer=employer,
        period=period,
        source="manual",
        line_count=len(lines),
        total_salary_cents=sum(cents for _, cents in lines),
    )
    DeclarationLine.objects.bulk_create(
        DeclarationLine(
            declaration=declaration,
            row_number=i + 2,
            person=affiliation.person,
            affiliation=affiliation,
            salary_cents=cents,
            days_worked=30,
        )
        for i, (affiliation, cents) in enumerate(lines)
    )
    return declaration


def march_2025() -> dict[str, Any]:
    """Loja employer with two workers, a voluntary affiliate with a spouse, a rural head."""
    employer = factories.employer(canton="1101")
    senior = services.affiliation_start(
        actor=None,
        person=factories.person(),
        employer=employer,
        regime="private_employee",
        valid_from=date(2024, 3, 1),  # March 2025 is the 13th month
        notice_date=date(2024, 3, 1),
        salary="1000.00",
    )
    Affiliation.objects.filter(pk=senior.pk).update(reserve_fund_mode="accumulated")
    junior = services.affiliation_start(
        actor=None,
        person=factories.person(),
        employer=employer,
        regime="private_employee",
        valid_from=date(2024, 4, 1),  # March 2025 is the 12th month
        notice_date=date(2024, 4, 1),
        salary="470.00",
    )
    declaration = declare(employer, MARCH_2025, [(senior, 100_000), (junior, 47_000)])
    voluntary = factories.person(canton="1701")
    services.affiliation_start(
        actor=None,
        person=voluntary,
        regime="voluntary",
        valid_from=date(2023, 1, 1),
        notice_date=date(2023, 1, 1),
        salary="470.00",
    )
    services.dependent_add(
        actor=None,
        holder=voluntary,
        person=factories.person(sex="M"),
        kind="spouse",
        valid_from=date(2024, 1, 1),
    )
    rural = factories.person(canton="1103")
    services.affiliation_start(
        actor=None,
        person=rural,
        regime="rural_head_of_family",
        valid_from=date(2020, 1, 1),
        notice_date=date(2020, 1, 1),
        salary="1.00",
    )
    return {
        "employer": employer,
        "declaration": declaration,
        "senior": senior,
        "junior": junior,
        "voluntary": voluntary,
        "rural": rural,
    }
