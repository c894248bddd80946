"""Benefit reads for the pages, always through the user's scope (benefits.scope)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from seguro.benefits import scope
from seguro.benefits.calculation import rule_run
from seguro.benefits.funds import fund_statement
from seguro.benefits.models import Claim, ClaimState, FundKind
from seguro.contributions.history import contribution_history
from seguro.registry.models import Person
from seguro.registry.scope import person_visible, scope_of
from seguro.rules.errors import RuleError


def claims(*, user: Any, state: str | None = None) -> QuerySet[Claim]:
    rows = scope.visible(user, Claim).select_related("applicant", "deceased", "computed_by")
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-filed_on", "-id")


def pending_decisions(*, user: Any) -> QuerySet[Claim]:
    """Computed claims waiting for a second person's decision."""
    return claims(user=user, state=ClaimState.COMPUTED)


def claim_detail(*, user: Any, pk: int) -> Claim | None:
    return (
        scope.visible(user, Claim)
        .select_related("applicant", "deceased", "computed_by", "decided_by")
        .filter(pk=pk)
        .first()
    )


def person_by_id_number(*, user: Any, national_id: str) -> Person | None:
    national_id = (national_id or "").strip()
    if not national_id:
        return None
    return person_visible(user).filter(national_id=national_id).select_related("canton").first()


def own_person(user: Any) -> Person | None:
    person_id = scope_of(user).person_id
    return Person.objects.filter(pk=person_id).first() if person_id else None


def contribution_statement(*, person: Person, on: date) -> dict[str, Any]:
    """The affiliate's statement: the history's counts, salaries by year, individual accounts."""
    history = contribution_history(person.pk, on)
    by_year: dict[str, list[Decimal]] = defaultdict(list)
    for period, salary in history.salary_history:
        by_year[period[:4]].append(salary)
    years = [
        {"year": year, "months": len(s), "total": sum(s, Decimal(0))}
        for year, s in sorted(by_year.items(), reverse=True)
    ]
    return {
        "history": history,
        "years": years,
        "unpaid": [p for p, _ in history.unpaid_periods],
        "severance": fund_statement(person.pk, FundKind.SEVERANCE, on),
        "reserve_fund": fund_statement(person.pk, FundKind.RESERVE_FUND, on),
    }


def old_age_simulation(*, person: Person, on: date) -> dict[str, Any]:
    """What the old-age pension would be if the person retired on ``on`` ("si me jubilo el
    día X"): the old_age_pension rule on their real history, or why they do not qualify."""
    history = contribution_history(person.pk, on)
    inputs = {**history.rule_inputs(), "birth_date": person.birth_date.isoformat()}
    result: dict[str, Any] = {"on": on, "history": history}
    try:
        outputs, explanation = rule_run("old_age_pension", on, inputs)
    except RuleError as exc:
        result["error"] = str(exc)
        return result
    result.update(outputs=outputs, explanation=explanation)
    return result
