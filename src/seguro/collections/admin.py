"""Collections in the admin, in Spanish. Rows are scoped (collections.scope); every save is a
service call through a ServiceForm (its validation runs the service in a rolled-back
transaction, so the officer sees the service's message next to the form). Nothing is deleted.
Auditors hold only view permissions: the admin shows them everything read-only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.collections import scope
from seguro.collections._common import usd
from seguro.collections.agreements import agreement_reactivate, agreement_sign, agreements_review
from seguro.collections.control import FindingInput, collection_target_set, inspection_record
from seguro.collections.enforcement import credit_title_issue, enforcement_case_transition
from seguro.collections.models import (
    AgreementInstalment,
    AgreementStatus,
    BankImport,
    CaseState,
    CollectionTarget,
    CreditTitle,
    EnforcementCase,
    EnforcementStateChange,
    FindingKind,
    Fine,
    Inspection,
    InspectionFinding,
    Payment,
    PaymentAgreement,
    PaymentAllocation,
)
from seguro.collections.payments import payment_register
from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.registry.models import Person
from seguro.registry.scope import employer_visible, person_visible


class CollectionsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only rows in the user's scope; saves through the form's service; no deletes."""

    add_fields: tuple[str, ...] = ()
    change_fields: tuple[str, ...] = ()
    readonly_on_change: tuple[str, ...] = ()
    changeable = False
    show_full_result_count = False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return list(self.add_fields)
        return [*self.readonly_on_change, *self.change_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_on_change if obj is not None else ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        base = super().get_queryset(request)
        return base.filter(pk__in=scope.visible(request.user, self.model).values("pk"))

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else []  # histories exist once the row does

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(self.add_fields) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is not None and not self.changeable:
            return False
        return allowed and (obj is None or scope.is_visible(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

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
        pass  # histories are read-only inlines


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _scoped_debtors(form: forms.ModelForm) -> None:  # type: ignore[type-arg]
    actor = getattr(form, "actor", None)
    if "employer" in form.fields:
        form.fields["employer"].queryset = employer_visible(actor)  # type: ignore[attr-defined]
    if "person" in form.fields:
        form.fields["person"].queryset = person_visible(actor)  # type: ignore[attr-defined]


class PaymentForm(ServiceForm):
    amount = forms.DecimalField(label="valor (USD)", max_digits=14, decimal_places=2)

    class Meta:
        model = Payment
        fields = ["employer", "person", "paid_on", "bank_reference"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_debtors(self)

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        return payment_register(
            actor=actor,
            paid_on=data["paid_on"],
            amount=data["amount"],
            employer=data.get("employer"),
            person=data.get("person"),
            bank_reference=data.get("bank_reference") or None,
        )


class AllocationInline(ReadOnlyInline):
    model = PaymentAllocation
    fields = ("seq", "component", "obligation", "fine", "amount_cents", "in_arrears", "instalment")
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(CollectionsAdmin):
    form = PaymentForm
    add_fields = ("employer", "person", "paid_on", "amount", "bank_reference")
    readonly_on_change = (
        "receipt_number",
        "employer",
        "person",
        "paid_on",
        "amount_cents",
        "source",
        "bank_reference",
        "bank_import",
        "registered_at",
        "registered_by",
    )
    list_display = ("receipt_number", "paid_on", "employer", "person", "usd", "source")
    list_filter = ("source", "province_code")
    search_fields = (
        "=receipt_number",
        "=employer__tax_id",
        "=person__national_id",
        "=bank_reference",
    )
    autocomplete_fields = ("employer", "person")
    inlines = [AllocationInline]
    date_hierarchy = "paid_on"

    @admin.display(description="valor (USD)")
    def usd(self, obj: Payment) -> str:
        return f"{usd(obj.amount_cents):,.2f}"


@admin.register(BankImport)
class BankImportAdmin(CollectionsAdmin):
    """Bank files are imported on the page /cobranzas/pagos/importar/ (every row checked)."""

    list_display = ("file_name", "imported_at", "row_count", "total_cents", "imported_by")
    readonly_on_change = ("file_name", "sha256", "row_count", "total_cents", "imported_at")


@admin.register(Fine)
class FineAdmin(CollectionsAdmin):
    """Fines are imposed by `seguro collections fines` (late entry notices)."""

    list_display = ("employer", "kind", "period", "due_date", "amount_cents", "paid_cents")
    list_filter = ("kind", "province_code")
    search_fields = ("=employer__tax_id",)
    readonly_on_change = (
        "kind",
        "employer",
        "affiliation",
        "period",
        "due_date",
        "imposed_on",
        "base_salary_cents",
        "contribution_cents",
        "rate",
        "amount_cents",
        "paid_cents",
    )


class AgreementForm(ServiceForm):
    reactivate_on = forms.DateField(label="reactivar el (convenio caído)", required=False)

    class Meta:
        model = PaymentAgreement
        fields = ["employer", "signed_on", "instalment_count"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_debtors(self)

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            if not data.get("reactivate_on"):
                raise DomainError("indique la fecha de reactivación.", field="reactivar el")
            return agreement_reactivate(
                actor=actor,
                agreement=PaymentAgreement.objects.get(pk=self.instance.pk),
                on=data["reactivate_on"],
            )
        return agreement_sign(
            actor=actor,
            employer=data["employer"],
            on=data["signed_on"],
            instalments=data["instalment_count"],
        )


class InstalmentInline(ReadOnlyInline):
    model = AgreementInstalment
    fields = ("version", "number", "due_date", "amount_cents", "paid_cents", "paid_on")
    readonly_fields = fields


@admin.register(PaymentAgreement)
class PaymentAgreementAdmin(CollectionsAdmin):
    form = AgreementForm
    changeable = True
    add_fields = ("employer", "signed_on", "instalment_count")
    change_fields = ("reactivate_on",)
    readonly_on_change = (
        "number",
        "employer",
        "signed_on",
        "status",
        "version",
        "instalment_count",
        "max_instalments",
        "debt_cents",
        "fallen_on",
        "reactivated_on",
        "case",
    )
    list_display = ("number", "employer", "signed_on", "status", "instalment_count", "debt_cents")
    list_filter = ("status", "province_code")
    search_fields = ("=number", "=employer__tax_id")
    autocomplete_fields = ("employer",)
    inlines = [InstalmentInline]
    actions = ["review_defaults"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == AgreementStatus.FALLEN)  # type: ignore[attr-defined]

    @admin.action(description="Revisar cuotas impagas hoy (LSS Art. 91)")
    def review_defaults(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        fallen = []
        for agreement in queryset.filter(status=AgreementStatus.ACTIVE):
            try:
                fallen += agreements_review(
                    actor=request.user, on=date.today(), employer=agreement.employer
                )
            except DomainError as exc:
                self.message_user(request, exc.as_text(), messages.ERROR)
        self.message_user(request, f"Convenios caídos: {len(fallen)}.", messages.INFO)


class CreditTitleForm(ServiceForm):
    class Meta:
        model = CreditTitle
        fields = ["employer", "issued_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_debtors(self)

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        case = credit_title_issue(actor=actor, employer=data["employer"], on=data["issued_on"])
        return case.title


@admin.register(CreditTitle)
class CreditTitleAdmin(CollectionsAdmin):
    form = CreditTitleForm
    add_fields = ("employer", "issued_on")
    readonly_on_change = (
        "number",
        "employer",
        "reason",
        "issued_on",
        "issued_by",
        "principal_cents",
        "interest_cents",
        "fines_cents",
        "total_cents",
    )
    list_display = ("number", "employer", "issued_on", "reason", "total_cents")
    list_filter = ("reason", "province_code")
    search_fields = ("=number", "=employer__tax_id")
    autocomplete_fields = ("employer",)


class CaseForm(ServiceForm):
    to_state = forms.ChoiceField(label="pasar a", choices=CaseState.choices)
    on = forms.DateField(label="fecha del cambio")
    note = forms.CharField(label="observación", max_length=300, required=False)

    class Meta:
        model = EnforcementCase
        fields: list[str] = []

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        return enforcement_case_transition(
            actor=actor,
            case=EnforcementCase.objects.get(pk=self.instance.pk),
            to_state=data["to_state"],
            on=data["on"],
            note=data.get("note") or "",
        )


class StateChangeInline(ReadOnlyInline):
    model = EnforcementStateChange
    fields = ("on", "from_state", "to_state", "note", "actor", "recorded_at")
    readonly_fields = fields


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(CollectionsAdmin):
    form = CaseForm
    changeable = True
    change_fields = ("to_state", "on", "note")
    readonly_on_change = ("title", "employer", "state", "state_since", "opened_on")
    list_display = ("title", "employer", "state", "state_since", "opened_on")
    list_filter = ("state", "province_code")
    search_fields = ("=title__number", "=employer__tax_id")
    inlines = [StateChangeInline]


class InspectionForm(ServiceForm):
    findings = forms.CharField(
        label="hallazgos",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=(
            "Uno por línea: tipo (no_afiliado o subdeclarado);cédula;AAAA-MM;salario declarado;"
            "salario verificado. Ej.: no_afiliado;1100000001;2024-03;0;600.00"
        ),
    )

    class Meta:
        model = Inspection
        fields = ["employer", "inspected_on", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_debtors(self)

    def _findings(self) -> list[FindingInput]:
        kinds = {
            "no_afiliado": FindingKind.UNREPORTED_WORKER,
            "subdeclarado": FindingKind.UNDER_DECLARED,
        }
        result = []
        for row, line in enumerate(self.cleaned_data.get("findings", "").splitlines(), start=1):
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split(";")]
            if len(cells) != 5 or cells[0] not in kinds:
                raise DomainError("use tipo;cédula;AAAA-MM;declarado;verificado.", row=row)
            person = Person.objects.filter(national_id=cells[1]).first()
            if person is None:
                raise DomainError(f"no hay una persona con la cédula {cells[1]}.", row=row)
            try:
                period = date.fromisoformat(f"{cells[2]}-01")
            except ValueError:
                raise DomainError(
                    f"{cells[2]!r} no es AAAA-MM.", field="período", row=row
                ) from None
            result.append(FindingInput(kinds[cells[0]], person, period, cells[4], cells[3] or "0"))
        return result

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        return inspection_record(
            actor=actor,
            employer=data["employer"],
            inspected_on=data["inspected_on"],
            findings=self._findings(),
            notes=data.get("notes") or "",
        )


class FindingInline(ReadOnlyInline):
    model = InspectionFinding
    fields = (
        "kind",
        "person",
        "period",
        "declared_salary_cents",
        "actual_salary_cents",
        "assessed_cents",
        "obligation",
    )
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(CollectionsAdmin):
    form = InspectionForm
    add_fields = ("employer", "inspected_on", "notes", "findings")
    readonly_on_change = ("number", "employer", "inspected_on", "inspector", "notes")
    list_display = ("number", "employer", "inspected_on", "inspector")
    list_filter = ("province_code",)
    search_fields = ("=number", "=employer__tax_id")
    autocomplete_fields = ("employer",)
    inlines = [FindingInline]


class TargetForm(ServiceForm):
    amount = forms.DecimalField(label="meta (USD)", max_digits=14, decimal_places=2)

    class Meta:
        model = CollectionTarget
        fields = ["province_code", "year", "kind"]

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        source: Any = self.instance if self.instance.pk else None
        return collection_target_set(
            actor=actor,
            province_code=source.province_code if source else data["province_code"],
            year=source.year if source else data["year"],
            kind=source.kind if source else data["kind"],
            amount=data["amount"],
        )


@admin.register(CollectionTarget)
class CollectionTargetAdmin(CollectionsAdmin):
    form = TargetForm
    changeable = True
    add_fields = ("province_code", "year", "kind", "amount")
    change_fields = ("amount",)
    readonly_on_change = ("province_code", "year", "kind", "target_cents")
    list_display = ("province_code", "year", "kind", "target_cents")
    list_filter = ("year", "kind", "province_code")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            form.base_fields["amount"].initial = usd(obj.target_cents)
        return form
