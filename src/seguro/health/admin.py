"""Health in the admin, in Spanish. Rows are scoped (health.scope): attentions, checks and
transplants by unit, invoices, agreements and liabilities by province. Nothing is changed or
deleted here; what can be added (units, staff, professionals, providers, agreements, annexed
dispensaries' agreements, invoices,
transplants, ambulances) is saved by a service through a ServiceForm (admin_forms). Coverage
checks and attentions are made on the pages, after a check; invoices are reviewed there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from seguro.health import admin_forms, scope
from seguro.health.models import (
    Ambulance,
    AnnexAgreement,
    Attention,
    CoverageCheck,
    EmployerHealthLiability,
    ExternalProvider,
    HealthUnit,
    InvoiceLine,
    Professional,
    ProviderAgreement,
    ProviderInvoice,
    Referral,
    Transplant,
    UnitStaff,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only, except adding through ``add_form`` (a ServiceForm) when one is set."""

    show_full_result_count = False
    add_form: Any = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.add_form is not None and super().has_add_permission(request)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None and self.add_form is not None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = None
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None and self.add_form is not None:
            form = self.add_form
            return [*form.Meta.fields, *form.declared_fields]
        return super().get_fields(request, obj)

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.run_service(request.user)
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # the service saved everything

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HealthUnit)
class HealthUnitAdmin(ReadOnlyAdmin):
    add_form = admin_forms.HealthUnitForm
    list_display = ("code", "name", "kind", "level", "canton", "active")
    list_filter = ("kind", "level", "canton__province")
    search_fields = ("code", "name")


@admin.register(UnitStaff)
class UnitStaffAdmin(ReadOnlyAdmin):
    add_form = admin_forms.UnitStaffForm
    list_display = ("user", "unit")
    search_fields = ("user__username", "unit__name")


@admin.register(Professional)
class ProfessionalAdmin(ReadOnlyAdmin):
    add_form = admin_forms.ProfessionalForm
    list_display = ("full_name", "specialty", "unit", "license_number", "active")
    list_filter = ("specialty",)
    search_fields = ("full_name", "license_number")


@admin.register(ExternalProvider)
class ExternalProviderAdmin(ReadOnlyAdmin):
    add_form = admin_forms.ExternalProviderForm
    list_display = ("name", "tax_id", "kind", "canton")
    list_filter = ("kind",)
    search_fields = ("name", "tax_id")


@admin.register(ProviderAgreement)
class ProviderAgreementAdmin(ReadOnlyAdmin):
    add_form = admin_forms.ProviderAgreementForm
    list_display = ("number", "provider", "valid_from", "valid_to", "ceiling_cents", "renews")
    search_fields = ("number", "provider__name")
    date_hierarchy = "valid_to"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.agreement_visible(request.user).select_related("provider", "renews")


@admin.register(AnnexAgreement)
class AnnexAgreementAdmin(ReadOnlyAdmin):
    add_form = admin_forms.AnnexAgreementForm
    list_display = ("number", "unit", "institution", "valid_from", "valid_to", "renews")
    search_fields = ("number", "institution", "institution_tax_id", "unit__name")
    date_hierarchy = "valid_to"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.annex_agreement_visible(request.user).select_related("unit", "renews")


@admin.register(CoverageCheck)
class CoverageCheckAdmin(ReadOnlyAdmin):
    list_display = (
        "checked_on",
        "person",
        "unit",
        "covered",
        "attend",
        "basis_label",
        "checked_by",
    )
    list_filter = ("covered", "emergency", "basis")
    search_fields = ("person__national_id",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.coverage_check_visible(request.user).select_related("person", "unit")


@admin.register(Attention)
class AttentionAdmin(ReadOnlyAdmin):
    list_display = ("attended_on", "person", "unit", "kind", "diagnosis_code", "professional")
    list_filter = ("kind", "emergency", "unit__kind")
    search_fields = ("person__national_id", "diagnosis_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.attention_visible(request.user).select_related(
            "person", "unit", "professional"
        )


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("referred_on", "attention", "agreement", "service_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = scope.attention_visible(request.user).values("pk")
        return Referral.objects.filter(attention_id__in=visible)


class InvoiceLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = InvoiceLine
    extra = 0
    can_delete = False
    readonly_fields = (
        "line_number",
        "service_code",
        "service_date",
        "quantity",
        "unit_price_cents",
        "amount_cents",
        "accepted",
        "rejection_reason",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProviderInvoice)
class ProviderInvoiceAdmin(ReadOnlyAdmin):
    add_form = admin_forms.ProviderInvoiceForm
    list_display = ("number", "agreement", "issued_on", "state", "claimed_cents", "accepted_cents")
    list_filter = ("state",)
    search_fields = ("number", "agreement__provider__name")
    inlines = [InvoiceLineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.invoice_visible(request.user).select_related("agreement__provider")


@admin.register(EmployerHealthLiability)
class EmployerHealthLiabilityAdmin(ReadOnlyAdmin):
    list_display = ("created_on", "employer", "attention", "amount_cents", "state")
    list_filter = ("state",)
    search_fields = ("employer__tax_id", "employer__name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.liability_visible(request.user).select_related("employer")


@admin.register(Transplant)
class TransplantAdmin(ReadOnlyAdmin):
    add_form = admin_forms.TransplantForm
    list_display = ("registered_on", "organ", "recipient", "unit", "state")
    list_filter = ("state", "organ")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope.at_units_visible(request.user, Transplant.objects.all())


@admin.register(Ambulance)
class AmbulanceAdmin(ReadOnlyAdmin):
    add_form = admin_forms.AmbulanceForm
    list_display = ("plate", "unit", "kind", "state")
    list_filter = ("kind", "state")
