"""Reads of pensions, scoped: staff see the pensions of the people in their scope (province or
national); a person sees their own shares and payments."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from seguro.pensions.models import Pension, PensionPayment
from seguro.registry.scope import person_visible, scope_of

SEARCH_LIMIT = 50


def pension_visible(user: Any) -> QuerySet[Pension]:
    scope = scope_of(user)
    if scope.everything:
        return Pension.objects.all()
    if scope.nothing or scope.employer_id:
        return Pension.objects.none()
    people = person_visible(user).values("id")
    return Pension.objects.filter(
        Q(beneficiaries__person_id__in=people) | Q(holder_id__in=people)
    ).distinct()


def pension_search(user: Any, text: str) -> list[Pension]:
    """Pensions whose holder, deceased or beneficiary matches a cédula or surnames."""
    text = text.strip()
    if len(text) < 3:
        return []
    if text.isdigit():
        match = Q(beneficiaries__person__national_id=text) | Q(holder__national_id=text)
    else:
        match = Q(beneficiaries__person__last_names__icontains=text) | Q(
            holder__last_names__icontains=text
        )
    found = (
        pension_visible(user)
        .filter(match)
        .select_related("holder", "deceased")
        .distinct()
        .order_by("id")
    )
    return list(found[:SEARCH_LIMIT])


def pension_detail(user: Any, pension_id: int) -> dict[str, Any] | None:
    pension = (
        pension_visible(user).select_related("holder", "deceased").filter(pk=pension_id).first()
    )
    if pension is None:
        return None
    return {
        "pension": pension,
        "beneficiaries": list(
            pension.beneficiaries.select_related("person").order_by("person_id", "valid_from")
        ),
        "deductions": list(pension.deductions.select_related("person").order_by("valid_from")),
        # Through the shares: the payments' (beneficiary, period) index serves this.
        "payments": list(
            PensionPayment.objects.filter(beneficiary__pension=pension)
            .select_related("person")
            .order_by("-period", "person_id")[:60]
        ),
    }


def own_payments(user: Any) -> list[PensionPayment] | None:
    """The payments of the person the user is (None if the user is not a person)."""
    scope = scope_of(user)
    if not scope.person_id:
        return None
    return list(
        PensionPayment.objects.filter(person_id=scope.person_id)
        .select_related("pension", "person")
        .order_by("-period", "id")[:120]
    )
