"""Health reads (always scoped): agreements about to expire, attentions, invoices, the rural
insurance's organisations, families and heads with their monthly contributions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from seguro.contributions.models import Obligation, ObligationKind
from seguro.health import scope
from seguro.health.models import (
    Attention,
    HealthUnit,
    InvoiceState,
    ProviderAgreement,
    ProviderInvoice,
)
from seguro.health.services._common import units_of, usd
from seguro.ledger.models import EntryKind, Fund
from seguro.ledger.selectors import ledger_totals
from seguro.registry.models import RuralFamily
from seguro.registry.scope import rural_family_visible

# How far ahead the network office looks for agreements to renew: an operating choice, not law.
DEFAULT_EXPIRY_DAYS = 90


def expiry_days() -> int:
    return int(getattr(settings, "HEALTH_AGREEMENT_EXPIRY_DAYS", DEFAULT_EXPIRY_DAYS))


def agreements_expiring(*, user: Any, on: date, within_days: int) -> QuerySet[ProviderAgreement]:
    """Agreements in force on ``on`` that end within ``within_days`` days and are not renewed."""
    return (
        scope.agreement_visible(user)
        .filter(
            valid_from__lte=on,
            valid_to__gte=on,
            valid_to__lte=on + timedelta(days=within_days),
            renewed_by__isnull=True,
        )
        .select_related("provider")
        .order_by("valid_to", "number")
    )


def agreement_committed_cents(agreement: ProviderAgreement) -> int:
    total = agreement.invoices.filter(
        state__in=(InvoiceState.APPROVED, InvoiceState.PAID)
    ).aggregate(total=Sum("accepted_cents"))["total"]
    return int(total or 0)


def agreements(*, user: Any) -> QuerySet[ProviderAgreement]:
    return (
        scope.agreement_visible(user)
        .select_related("provider", "renews")
        .annotate(n_services=Count("services"))
        .order_by("provider__name", "valid_from")
    )


def attentions(*, user: Any) -> QuerySet[Attention]:
    return scope.attention_visible(user).select_related(
        "person", "unit", "professional", "coverage_check"
    )


def units_for(user: Any) -> QuerySet[HealthUnit]:
    if user is None or getattr(user, "is_superuser", False):
        return HealthUnit.objects.filter(active=True)
    return HealthUnit.objects.filter(pk__in=units_of(user), active=True)


def invoices(*, user: Any, state: str | None = None) -> QuerySet[ProviderInvoice]:
    rows = scope.invoice_visible(user).select_related("agreement__provider")
    return rows.filter(state=state) if state else rows


def invoice_detail(*, user: Any, pk: int) -> ProviderInvoice | None:
    return invoices(user=user).filter(pk=pk).prefetch_related("lines__patient").first()


def health_paid_by_period(*, year: int, province_code: str | None) -> list[dict[str, Any]]:
    """What the health fund paid providers, by month (from the ledger)."""
    rows = ledger_totals(
        kind=EntryKind.BENEFIT_PAID,
        period_from=date(year, 1, 1),
        period_to=date(year, 12, 1),
        province_code=province_code,
        group_by=("fund", "period"),
    )
    return [r for r in rows if r["fund"] == Fund.HEALTH]


@dataclass(frozen=True)
class RuralFamilyRow:
    organisation: str
    canton: str
    family_id: int
    head: str
    head_id: str
    members: int
    contribution: Any
    paid: bool | None  # None: no obligation for the month


def rural_contributions(*, user: Any, period: date) -> list[RuralFamilyRow]:
    """Families in force in the month, with the head's contribution (obligation rural_head)."""
    month_end = (period.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    families = (
        rural_family_visible(user)
        .filter(valid_from__lte=month_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period))
        .select_related("organisation__canton", "head")
        .annotate(
            n_members=Count(
                "members",
                filter=Q(members__valid_from__lte=month_end)
                & (Q(members__valid_to__isnull=True) | Q(members__valid_to__gte=period)),
            )
        )
        .order_by("organisation__name", "head__last_names")
    )
    family_list: list[RuralFamily] = list(families[:2000])
    obligations = {
        o.person_id: o
        for o in Obligation.objects.filter(
            kind=ObligationKind.RURAL_HEAD,
            period=period,
            person_id__in=[f.head_id for f in family_list],
        )
    }
    rows = []
    for family in family_list:
        obligation = obligations.get(family.head_id)
        rows.append(
            RuralFamilyRow(
                organisation=family.organisation.name,
                canton=family.organisation.canton.name,
                family_id=family.pk,
                head=f"{family.head.last_names} {family.head.first_names}",
                head_id=family.head.identifier,
                members=getattr(family, "n_members", 0),
                contribution=usd(obligation.total_cents) if obligation else None,
                paid=(obligation.paid_on is not None) if obligation else None,
            )
        )
    return rows
