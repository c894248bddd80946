"""Benefits in the admin, in Spanish and read-only: claims are filed, checked, computed,
decided and paid on the benefit pages (each step a service with its audit event); the admin
lets staff search and read them, scoped to their rows (benefits.scope). Nothing is deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.benefits import scope
from seguro.benefits.models import (
    Claim,
    ClaimBeneficiary,
    ClaimDocument,
    ClaimInstalment,
    EmployerLiability,
    FundAccount,
    FundMovement,
)
from seguro.rules.money import from_cents


class ReadOnlyScoped(admin.ModelAdmin):  # type: ignore[type-arg]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        base = super().get_queryset(request)
        return base.filter(pk__in=scope.visible(request.user, self.model).values("pk"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DocumentInline(ReadOnlyInline):
    model = ClaimDocument
    fields = ("label", "checked_by", "checked_at")


class BeneficiaryInline(ReadOnlyInline):
    model = ClaimBeneficiary
    fields = ("person", "relationship")


class InstalmentInline(ReadOnlyInline):
    model = ClaimInstalment
    fields = ("number", "due_on", "fund_cents", "account_cents", "paid_on", "ledger_key")


@admin.register(Claim)
class ClaimAdmin(ReadOnlyScoped):
    list_display = (
        "id",
        "kind",
        "applicant",
        "filed_on",
        "state",
        "amount",
        "computed_by",
        "decided_by",
    )
    list_filter = ("state", "kind")
    search_fields = ("applicant__national_id", "applicant__last_names", "deceased__national_id")
    date_hierarchy = "filed_on"
    inlines = (DocumentInline, BeneficiaryInline, InstalmentInline)

    @admin.display(description="monto (USD)")
    def amount(self, obj: Claim) -> Any:
        return from_cents(obj.amount_cents) if obj.amount_cents is not None else "—"


@admin.register(EmployerLiability)
class EmployerLiabilityAdmin(ReadOnlyScoped):
    list_display = ("employer", "claim", "amount", "periodicity", "state", "created_on")
    list_filter = ("state", "periodicity")
    search_fields = ("employer__tax_id", "employer__name")

    @admin.display(description="valor (USD)")
    def amount(self, obj: EmployerLiability) -> Any:
        return from_cents(obj.amount_cents)


class MovementInline(ReadOnlyInline):
    model = FundMovement
    fields = ("kind", "period", "amount_cents", "instalment")


@admin.register(FundAccount)
class FundAccountAdmin(ReadOnlyScoped):
    list_display = ("person", "kind", "province_code")
    list_filter = ("kind",)
    search_fields = ("person__national_id", "person__last_names")
    inlines = (MovementInline,)
