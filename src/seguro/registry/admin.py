"""The registry in the admin, in Spanish. Reads are scoped to the user's rows; writes go through
the services (a form's validation runs the service in a rolled-back transaction, so the clerk
sees the service's Spanish message next to the form; saving runs it for real)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.registry import scope, services
from seguro.registry.models import (
    Affiliation,
    Canton,
    Dependent,
    Employer,
    Pensioner,
    Person,
    Province,
    RuralFamily,
    RuralMember,
    RuralOrganisation,
    SalaryRecord,
    UserScope,
)


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shows only the rows in the user's scope and saves through the form's service."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        base = super().get_queryset(request)
        return base.filter(pk__in=scope.visible(request.user, self.model).values("pk"))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or scope.is_visible(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # registry rows are ended with dates, never deleted

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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # No many-to-many fields; the inlines are read-only, saving them writes nothing.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class PersonForm(ServiceForm):
    class Meta:
        model = Person
        fields = [
            "national_id",
            "passport",
            "first_names",
            "last_names",
            "sex",
            "birth_date",
            "canton",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("national_id", "passport"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            return services.person_update(
                actor=actor,
                person=Person.objects.get(pk=self.instance.pk),
                first_names=data["first_names"],
                last_names=data["last_names"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                canton_code=data["canton"].code,
            )
        return services.person_register(
            actor=actor,
            national_id=data.get("national_id") or None,
            passport=data.get("passport") or None,
            first_names=data["first_names"],
            last_names=data["last_names"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            canton_code=data["canton"].code,
        )


class ProvinceFilter(admin.SimpleListFilter):
    title = "provincia"
    parameter_name = "provincia"
    path = "canton__province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(p.code, p.name) for p in Province.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{f"{self.path}_id": self.value()})
        return queryset


def province_filter(path: str) -> type[ProvinceFilter]:
    return type("ProvinceFilter", (ProvinceFilter,), {"path": path})


class CantonFilter(admin.SimpleListFilter):
    """Cantons of the chosen province (or of the user's province), not all 221 at once."""

    title = "cantón"
    parameter_name = "canton"
    path = "canton"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        province = request.GET.get("provincia") or scope.scope_of(request.user).province_code
        cantons = Canton.objects.all()
        if province:
            cantons = cantons.filter(province_id=province)
        return [(c.code, c.name) for c in cantons]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(**{f"{self.path}_id": self.value()})
        return queryset


def canton_filter(path: str) -> type[CantonFilter]:
    return type("CantonFilter", (CantonFilter,), {"path": path})


class SalaryRecordInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SalaryRecord
    extra = 0
    can_delete = False
    readonly_fields = ("valid_from", "salary")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AffiliationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Affiliation
    fk_name = "person"
    extra = 0
    can_delete = False
    fields = ("regime", "employer", "valid_from", "valid_to", "entry_notice_late")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    form = PersonForm
    list_display = (
        "national_id",
        "passport",
        "last_names",
        "first_names",
        "sex",
        "birth_date",
        "canton",
        "death_date",
    )
    search_fields = ("=national_id", "=passport", "last_names", "first_names")
    list_filter = (province_filter("canton__province"), canton_filter("canton"), "sex")
    autocomplete_fields = ("canton",)
    readonly_fields = ("death_date",)
    inlines = [AffiliationInline]
    list_select_related = ("canton",)
    show_full_result_count = False


class EmployerForm(ServiceForm):
    class Meta:
        model = Employer
        fields = ["tax_id", "name", "canton", "legal_representative"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "tax_id" in self.fields:
            self.fields["tax_id"].disabled = True

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            return services.employer_update(
                actor=actor,
                employer=Employer.objects.get(pk=self.instance.pk),
                name=data["name"],
                canton_code=data["canton"].code,
                legal_representative=data.get("legal_representative"),
            )
        return services.employer_register(
            actor=actor,
            tax_id=data["tax_id"],
            name=data["name"],
            canton_code=data["canton"].code,
            legal_representative=data.get("legal_representative"),
        )


@admin.register(Employer)
class EmployerAdmin(ScopedAdmin):
    form = EmployerForm
    list_display = ("tax_id", "name", "kind", "sector", "canton")
    search_fields = ("=tax_id", "name")
    list_filter = (
        province_filter("canton__province"),
        canton_filter("canton"),
        "kind",
        "sector",
    )
    autocomplete_fields = ("canton", "legal_representative")
    list_select_related = ("canton",)
    show_full_result_count = False


class AffiliationForm(ServiceForm):
    salary = forms.DecimalField(
        label="salario de aportación (USD)", max_digits=12, decimal_places=2, required=False
    )

    class Meta:
        model = Affiliation
        fields = [
            "person",
            "employer",
            "regime",
            "valid_from",
            "entry_notice_date",
            "valid_to",
            "exit_notice_date",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names: tuple[str, ...]
        if self.instance.pk:
            names = ("person", "employer", "regime", "valid_from", "entry_notice_date", "salary")
        else:
            names = ("valid_to", "exit_notice_date")
            if "salary" in self.fields:
                self.fields["salary"].required = True
        for name in names:
            if name in self.fields:
                self.fields[name].disabled = True

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            if not data.get("valid_to"):
                raise DomainError("para registrar la salida indique la fecha de fin.", field="fin")
            return services.affiliation_end(
                actor=actor,
                affiliation=Affiliation.objects.get(pk=self.instance.pk),
                valid_to=data["valid_to"],
                notice_date=data.get("exit_notice_date"),
            )
        return services.affiliation_start(
            actor=actor,
            person=data["person"],
            employer=data.get("employer"),
            regime=data["regime"],
            valid_from=data["valid_from"],
            notice_date=data.get("entry_notice_date"),
            salary=data["salary"],
        )


@admin.register(Affiliation)
class AffiliationAdmin(ScopedAdmin):
    form = AffiliationForm
    list_display = ("person", "employer", "regime", "valid_from", "valid_to", "entry_notice_late")
    search_fields = (
        "=person__national_id",
        "=employer__tax_id",
        "person__last_names",
        "employer__name",
    )
    list_filter = (
        province_filter("person__canton__province"),
        canton_filter("person__canton"),
        "regime",
        "entry_notice_late",
    )
    autocomplete_fields = ("person", "employer")
    list_select_related = ("person", "employer")
    inlines = [SalaryRecordInline]
    show_full_result_count = False


class DependentForm(ServiceForm):
    class Meta:
        model = Dependent
        fields = ["holder", "person", "kind", "valid_from"]

    def run_service(self, actor: Any) -> Model:
        if self.instance.pk:
            raise DomainError("un dependiente no se modifica; registre uno nuevo.")
        data = self.cleaned_data
        return services.dependent_add(
            actor=actor,
            holder=data["holder"],
            person=data["person"],
            kind=data["kind"],
            valid_from=data["valid_from"],
        )


@admin.register(Dependent)
class DependentAdmin(ScopedAdmin):
    form = DependentForm
    list_display = ("person", "kind", "holder", "valid_from", "valid_to")
    search_fields = ("=person__national_id", "=holder__national_id", "person__last_names")
    list_filter = (province_filter("holder__canton__province"), "kind")
    autocomplete_fields = ("holder", "person")
    list_select_related = ("person", "holder")
    show_full_result_count = False


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows created by other workflows (the pension claims, the SSC enrolment)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Pensioner)
class PensionerAdmin(ReadOnlyScopedAdmin):
    list_display = ("person", "kind", "valid_from", "valid_to")
    search_fields = ("=person__national_id", "person__last_names")
    list_filter = (province_filter("person__canton__province"), "kind")
    list_select_related = ("person",)
    show_full_result_count = False


@admin.register(RuralOrganisation)
class RuralOrganisationAdmin(ReadOnlyScopedAdmin):
    list_display = ("code", "name", "canton")
    search_fields = ("=code", "name")
    list_filter = (province_filter("canton__province"),)


class RuralMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RuralMember
    extra = 0
    can_delete = False
    fields = ("person", "role", "valid_from", "valid_to")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RuralFamily)
class RuralFamilyAdmin(ReadOnlyScopedAdmin):
    list_display = ("head", "organisation", "valid_from", "valid_to")
    search_fields = ("=head__national_id", "head__last_names", "organisation__name")
    list_filter = (province_filter("organisation__canton__province"),)
    inlines = [RuralMemberInline]
    list_select_related = ("head", "organisation")
    show_full_result_count = False


@admin.register(RuralMember)
class RuralMemberAdmin(ReadOnlyScopedAdmin):
    list_display = ("person", "role", "family", "valid_from", "valid_to")
    search_fields = ("=person__national_id", "person__last_names")
    list_filter = (province_filter("family__organisation__canton__province"), "role")
    list_select_related = ("person",)
    show_full_result_count = False


class TerritoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """INEC's division is loaded by migration and read only here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Province)
class ProvinceAdmin(TerritoryAdmin):
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    search_fields = ("name", "=code")


@admin.register(Canton)
class CantonAdmin(TerritoryAdmin):
    list_display = ("code", "name", "seat", "province")
    list_filter = ("province__region", "province")
    search_fields = ("name", "=code")


class UserScopeForm(ServiceForm):
    class Meta:
        model = UserScope
        fields = ["user", "province", "employer", "person"]

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        province = data.get("province")
        return services.user_scope_set(
            actor=actor,
            user=data["user"],
            province_code=province.code if province else None,
            employer=data.get("employer"),
            person=data.get("person"),
        )


@admin.register(UserScope)
class UserScopeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only superusers manage who sees which rows."""

    form = UserScopeForm
    list_display = ("user", "province", "employer", "person")
    autocomplete_fields = ("employer", "person")
    list_filter = ("province",)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.run_service(request.user)
        obj.pk = saved.pk
