"""Pensions in the admin, in Spanish. Pensions, shares and payments are read-only here (they
come from claims, the revaluation and the payroll); deductions are added through their service.
Rows are scoped to the people the user may see. Nothing is deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.core.admin_forms import ServiceForm
from seguro.pensions.models import (
    PayrollRun,
    Pension,
    PensionBeneficiary,
    PensionDeduction,
    PensionPayment,
    PensionRevaluation,
)
from seguro.pensions.selectors import pension_visible
from seguro.pensions.services import pension_deduction_add
from seguro.rules.money import from_cents


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BeneficiaryInline(ReadOnlyInline):
    model = PensionBeneficiary
    fields = ("person", "relationship", "share_cents", "valid_from", "valid_to", "end_reason")
    readonly_fields = fields


class DeductionInline(ReadOnlyInline):
    model = PensionDeduction
    fields = ("person", "kind", "monthly_amount_cents", "valid_from", "valid_to", "reference")
    readonly_fields = fields


@admin.register(Pension)
class PensionAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "holder", "deceased", "start", "end_date", "usd", "region")
    list_filter = ("kind", "region", "monthly_bonuses")
    search_fields = ("=holder__national_id", "=beneficiaries__person__national_id")
    inlines = [BeneficiaryInline, DeductionInline]
    raw_id_fields = ("holder", "deceased", "pensioner")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(pk__in=pension_visible(request.user))

    @admin.display(description="pensión base (USD)")
    def usd(self, obj: Pension) -> str:
        return f"{from_cents(obj.base_amount_cents):,.2f}"


class DeductionForm(ServiceForm):
    class Meta:
        model = PensionDeduction
        fields = [
            "pension",
            "person",
            "kind",
            "monthly_amount_cents",
            "valid_from",
            "valid_to",
            "reference",
        ]

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        return pension_deduction_add(
            actor=actor,
            pension=data["pension"],
            person=data["person"],
            kind=data["kind"],
            monthly_amount_cents=data["monthly_amount_cents"],
            valid_from=data["valid_from"],
            valid_to=data.get("valid_to"),
            reference=data.get("reference") or "",
        )


@admin.register(PensionDeduction)
class PensionDeductionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = DeductionForm
    list_display = ("pension", "person", "kind", "monthly_amount_cents", "valid_from", "valid_to")
    list_filter = ("kind",)
    raw_id_fields = ("pension", "person")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = pension_visible(request.user)
        return super().get_queryset(request).filter(pension__in=visible)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.run_service(request.user)
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})


@admin.register(PensionPayment)
class PensionPaymentAdmin(ReadOnlyAdmin):
    list_display = ("period", "person", "fund", "pension_cents", "net_cents")
    list_filter = ("period", "fund")
    search_fields = ("=person__national_id",)
    raw_id_fields = ("pension", "beneficiary", "person")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = pension_visible(request.user)
        return super().get_queryset(request).filter(pension__in=visible)


@admin.register(PensionRevaluation)
class PensionRevaluationAdmin(ReadOnlyAdmin):
    list_display = ("year", "rate", "pensions")


@admin.register(PayrollRun)
class PayrollRunAdmin(ReadOnlyAdmin):
    list_display = ("period",)
