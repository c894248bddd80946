"""Row scope of health:

- superusers and the system see every row;
- health staff see the coverage checks of their units (UnitStaff) and every attention of the
  patients their units attended (continuity of care), nothing of other units' patients;
- auditors read everything (within their province when their scope names one);
- provider invoices, agreements and employer liabilities are money: finance, auditors and
  health staff read them, by the provider's (employer's) province when the user has one.
Nobody else sees health rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from seguro.core.roles import user_roles
from seguro.health.models import (
    AnnexAgreement,
    Attention,
    CoverageCheck,
    EmployerHealthLiability,
    ProviderAgreement,
    ProviderInvoice,
)
from seguro.health.services._common import units_of
from seguro.registry.scope import scope_of

MONEY_ROLES = frozenset({"finance", "auditor", "health_staff"})


def _everything(user: Any) -> bool:
    return user is None or bool(getattr(user, "is_superuser", False))


def _province(user: Any) -> tuple[bool, str | None]:
    """(institute staff with a scope, their province or None for national)."""
    scope = scope_of(user)
    if scope.everything:
        return True, None
    if scope.province_code and not (scope.employer_id or scope.person_id):
        return True, scope.province_code
    return False, None


def attention_visible(user: Any) -> QuerySet[Attention]:
    rows = Attention.objects.all()
    if _everything(user):
        return rows
    units = units_of(user)
    if units:
        patients = Attention.objects.filter(unit_id__in=units).values("person_id")
        return rows.filter(person_id__in=patients)
    if "auditor" in user_roles(user):
        staff, province = _province(user)
        if not staff:
            return rows.none()
        return rows.filter(unit__canton__province_id=province) if province else rows
    return rows.none()


def coverage_check_visible(user: Any) -> QuerySet[CoverageCheck]:
    return at_units_visible(user, CoverageCheck.objects.all())


def at_units_visible(user: Any, rows: QuerySet[Any]) -> QuerySet[Any]:
    """Rows with a ``unit``: those of the user's units (auditors: all, or their province)."""
    if _everything(user):
        return rows
    units = units_of(user)
    if units:
        return rows.filter(unit_id__in=units)
    if "auditor" in user_roles(user):
        staff, province = _province(user)
        if not staff:
            return rows.none()
        return rows.filter(unit__canton__province_id=province) if province else rows
    return rows.none()


def _money_rows(user: Any, rows: QuerySet[Any], province_path: str) -> QuerySet[Any]:
    if _everything(user):
        return rows
    if not (MONEY_ROLES & user_roles(user)):
        return rows.none()
    staff, province = _province(user)
    if not staff:
        return rows.none()
    return rows.filter(**{province_path: province}) if province else rows


def invoice_visible(user: Any) -> QuerySet[ProviderInvoice]:
    # Invoices and agreements belong to the directorate that administers the agreement.
    return _money_rows(user, ProviderInvoice.objects.all(), "agreement__province_id")


def agreement_visible(user: Any) -> QuerySet[ProviderAgreement]:
    return _money_rows(user, ProviderAgreement.objects.all(), "province_id")


def annex_agreement_visible(user: Any) -> QuerySet[AnnexAgreement]:
    # Contracts: the money roles of the dispensary's province (auditors read them all).
    return _money_rows(user, AnnexAgreement.objects.all(), "unit__canton__province_id")


def liability_visible(user: Any) -> QuerySet[EmployerHealthLiability]:
    return _money_rows(user, EmployerHealthLiability.objects.all(), "employer__canton__province_id")
