"""Helpers shared by the pension services: survivors' shares (the survivors_pension rule), age
limits, money conversions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from seguro.core.errors import DomainError
from seguro.pensions.models import Relationship
from seguro.registry.models import Person
from seguro.rules import default_parameters
from seguro.rules.api import compute
from seguro.rules.errors import RuleError
from seguro.rules.money import from_cents, to_cents

SURVIVOR_RELATIONSHIPS = (Relationship.SPOUSE, Relationship.CHILD, Relationship.PARENT)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, month=3, day=1)


def child_age_limit(on: date) -> int:
    """Orphans receive their share until this age (excluded); a dated parameter."""
    return int(default_parameters().value("pensions.survivors.child_age_limit", on))


def child_limit_date(birth_date: date, on: date) -> date:
    """The birthday on which a child's share ends (the age limit in force on ``on``)."""
    return add_years(birth_date, child_age_limit(on))


def rule(
    name: str, on: date, inputs: dict[str, Any], field: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run a rule; its refusal becomes a DomainError naming the field."""
    try:
        return compute(name, on, inputs)
    except RuleError as exc:
        raise DomainError(str(exc), field=field) from None


@dataclass(frozen=True)
class SurvivorShares:
    """The survivors_pension outputs in cents, with the rule's explanation."""

    spouse_cents: int
    child_cents: int
    parent_cents: int
    explanation: list[dict[str, Any]]

    def for_relationship(self, relationship: str) -> int:
        return {
            Relationship.SPOUSE: self.spouse_cents,
            Relationship.CHILD: self.child_cents,
            Relationship.PARENT: self.parent_cents,
        }[Relationship(relationship)]


def survivors_shares(
    base_cents: int, on: date, relationships: list[str], *, field: str = "beneficiarios"
) -> SurvivorShares:
    """Shares of a montepío for the group still entitled on ``on`` (spouse, children, parents)."""
    spouses = relationships.count(Relationship.SPOUSE)
    if spouses > 1:
        raise DomainError("el montepío admite un solo cónyuge o conviviente.", field=field)
    outputs, explanation = rule(
        "survivors_pension",
        on,
        {
            "deceased_pension": from_cents(base_cents),
            "spouse": spouses == 1,
            "children": relationships.count(Relationship.CHILD),
            "parents": relationships.count(Relationship.PARENT),
        },
        field,
    )
    return SurvivorShares(
        spouse_cents=to_cents(outputs["spouse_share"]),
        child_cents=to_cents(outputs["child_share"]),
        parent_cents=to_cents(outputs["parent_share"]),
        explanation=explanation,
    )


def require_alive(person: Person, on: date, field: str) -> None:
    if person.death_date is not None and person.death_date <= on:
        raise DomainError(
            f"la persona {person.identifier} falleció el {person.death_date:%d/%m/%Y}.",
            field=field,
        )


def dollars(cents: int) -> Decimal:
    return from_cents(cents)
