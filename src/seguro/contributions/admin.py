"""Declarations and employer API tokens in the admin, scoped to the user's rows (registry.scope).

Declarations are read only here (they come from the upload page, the API or the generator);
a token is issued through ``tokens.api_token_issue`` (its text is shown once, in the message
after saving) and revoked with an action; its hash is never shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from seguro.contributions.declarations import declarations_visible
from seguro.contributions.models import DeclarationLine, EmployerApiToken, PayrollDeclaration
from seguro.contributions.tokens import api_token_issue, api_token_revoke, token_hash
from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.registry import scope

INLINE_LINES = 200  # a national employer has thousands of lines: the page shows the first ones


class PeriodFilter(admin.SimpleListFilter):
    """The last 24 months (no query over the whole table to list them)."""

    title = "período"
    parameter_name = "periodo"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        month = timezone.localdate().replace(day=1)
        options = []
        for _ in range(24):
            options.append((month.isoformat(), f"{month:%m/%Y}"))
            month = (month - timedelta(days=1)).replace(day=1)
        return options

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            try:
                return queryset.filter(period=date.fromisoformat(str(self.value())))
            except ValueError:
                return queryset.none()
        return queryset


class DeclarationLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DeclarationLine
    extra = 0
    can_delete = False
    fields = ("row_number", "person", "salary_cents", "days_worked", "novelty")
    readonly_fields = fields
    verbose_name_plural = f"líneas de planilla (las primeras {INLINE_LINES})"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        base = super().get_queryset(request).select_related("person").order_by("row_number")
        first = list(base.values_list("pk", flat=True)[:INLINE_LINES])
        return base.filter(pk__in=first)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PayrollDeclaration)
class PayrollDeclarationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "employer",
        "period",
        "version",
        "status",
        "source",
        "line_count",
        "total_salary_cents",
        "submitted_at",
    )
    search_fields = ("=employer__tax_id",)
    list_filter = (PeriodFilter, "status", "source")
    list_select_related = ("employer",)
    readonly_fields = (
        "employer",
        "period",
        "version",
        "replaces",
        "status",
        "source",
        "submitted_at",
        "submitted_by",
        "line_count",
        "total_salary_cents",
    )
    fields = readonly_fields
    inlines = [DeclarationLineInline]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=declarations_visible(request.user).values("pk"))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ApiTokenForm(ServiceForm):
    """Issuing runs ``api_token_issue``; the form's validation runs it in a rolled-back
    transaction so that its Spanish message shows next to the form."""

    issued: str = ""

    class Meta:
        model = EmployerApiToken
        fields = ["employer", "label"]

    def run_service(self, actor: Any) -> Model:
        if self.instance.pk:
            raise DomainError("un token no se modifica: revóquelo y emita otro.")
        data = self.cleaned_data
        self.issued = api_token_issue(actor=actor, employer=data["employer"], label=data["label"])
        return EmployerApiToken.objects.get(key_hash=token_hash(self.issued))


@admin.register(EmployerApiToken)
class EmployerApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ApiTokenForm
    list_display = ("label", "employer", "created_at", "revoked_at")
    search_fields = ("=employer__tax_id", "label")
    list_filter = ("revoked_at",)
    list_select_related = ("employer",)
    autocomplete_fields = ("employer",)
    actions = ["revoke"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = scope.employer_visible(request.user).values("pk")
        return super().get_queryset(request).filter(employer_id__in=visible)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["employer", "label"]
        return ["employer", "label", "created_at", "revoked_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else ["employer", "label", "created_at", "revoked_at"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "employer":
            kwargs["queryset"] = scope.employer_visible(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # tokens are revoked, not deleted: the audit trail points at them

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.run_service(request.user)
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
        messages.warning(
            request,
            f"Token de API para {saved.employer.tax_id}: {form.issued} — cópielo ahora; no se "
            "volverá a mostrar.",
        )

    @admin.action(description="Revocar los tokens seleccionados")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                api_token_revoke(actor=request.user, token=token)
                done += 1
            except DomainError as exc:
                messages.error(request, exc.as_text())
        messages.success(request, f"Tokens revocados: {done}.")
