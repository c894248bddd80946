"""The institution in the admin, in Spanish. Rows are scoped to the user's province
(institution.scope); every save is a service call through a ServiceForm (validation runs the
service in a rolled-back transaction so the Spanish message shows next to the form). Auditors
hold only view permissions, so they read everything and change nothing; nothing is deleted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.core.errors import DomainError
from seguro.institution import scope, services
from seguro.institution.models import (
    AuditRecommendation,
    BudgetLine,
    CitizenRequest,
    Indicator,
    IndicatorTarget,
    InterinstitutionalAgreement,
    OrganisationalUnit,
    ProcurementProcess,
    ProcurementStage,
    ProcurementStageChange,
    Programme,
    RecommendationStatus,
    RequestStatus,
    StrategicObjective,
    Workshop,
)
from seguro.registry.admin import ServiceForm


class InstitutionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only the rows in the user's scope; saves through the form's service; no deletes."""

    add_fields: tuple[str, ...] = ()  # the form on "add"
    change_fields: tuple[str, ...] = ()  # what may be edited on "change"
    readonly_on_change: tuple[str, ...] = ()  # shown, not edited, on "change"
    show_full_result_count = False

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return list(self.add_fields)
        return [*self.readonly_on_change, *self.change_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        base = super().get_queryset(request)
        return base.filter(pk__in=scope.visible(request.user, self.model).values("pk"))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or scope.is_visible(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_on_change if obj is not None else ()

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
        pass  # inlines are read-only histories


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _scoped_units(form: forms.ModelForm, *names: str) -> None:  # type: ignore[type-arg]
    """Offer only the units the acting user may write to."""
    actor = getattr(form, "actor", None)
    for name in names:
        if name in form.fields:
            field: Any = form.fields[name]
            field.queryset = scope.visible(actor, OrganisationalUnit).filter(active=True)


class UnitForm(ServiceForm):
    class Meta:
        model = OrganisationalUnit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "province",
            "contact_phone",
            "contact_email",
            "active",
        ]

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            return services.unit_update(
                actor=actor,
                unit=OrganisationalUnit.objects.get(pk=self.instance.pk),
                name=data["name"],
                short_name=data.get("short_name", ""),
                contact_phone=data.get("contact_phone", ""),
                contact_email=data.get("contact_email", ""),
                active=data.get("active", True),
            )
        province = data.get("province")
        return services.unit_register(
            actor=actor,
            code=data["code"],
            name=data["name"],
            short_name=data.get("short_name", ""),
            kind=data["kind"],
            parent=data.get("parent"),
            province_code=province.code if province else None,
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
        )


@admin.register(OrganisationalUnit)
class UnitAdmin(InstitutionAdmin):
    form = UnitForm
    list_display = ("code", "name", "short_name", "kind", "province", "parent", "active")
    list_filter = ("kind", "province", "active")
    search_fields = ("=code", "name", "short_name")
    readonly_on_change = ("code", "kind", "parent", "province")
    list_select_related = ("province", "parent")


class BudgetLineForm(ServiceForm):
    OPERATIONS = [
        ("", "— elija una operación —"),
        ("commit", "Comprometer (suma al comprometido)"),
        ("accrue", "Devengar (suma al devengado)"),
        ("reform", "Reforma presupuestaria (nuevo presupuesto vigente)"),
    ]
    operation = forms.ChoiceField(label="operación", choices=OPERATIONS, required=False)
    amount = forms.DecimalField(
        label="valor (USD)", max_digits=14, decimal_places=2, required=False
    )
    reason = forms.CharField(label="motivo de la reforma", max_length=300, required=False)

    class Meta:
        model = BudgetLine
        fields = ["unit", "year", "item_code", "item_name", "appropriated"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "unit")

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if not self.instance.pk:
            return services.budget_line_record(
                actor=actor,
                unit=data["unit"],
                year=data["year"],
                item_code=data["item_code"],
                item_name=data["item_name"],
                appropriated=data["appropriated"],
            )
        line = BudgetLine.objects.get(pk=self.instance.pk)
        operation, amount = data.get("operation"), data.get("amount")
        if not operation or amount is None:
            raise DomainError("elija una operación e indique su valor.", field="operación")
        if operation == "commit":
            return services.budget_commit(actor=actor, line=line, amount=amount)
        if operation == "accrue":
            return services.budget_accrue(actor=actor, line=line, amount=amount)
        return services.budget_appropriation_change(
            actor=actor, line=line, appropriated=amount, reason=data.get("reason", "")
        )


@admin.register(BudgetLine)
class BudgetLineAdmin(InstitutionAdmin):
    form = BudgetLineForm
    list_display = ("year", "unit", "item_code", "item_name", "appropriated", "committed")
    list_display = (*list_display, "accrued", "execution_rate")
    list_filter = ("year", "unit__province", "unit")
    search_fields = ("=item_code", "item_name", "unit__name", "=unit__code")
    readonly_on_change = ("unit", "year", "item_code", "item_name", "appropriated")
    readonly_on_change = (*readonly_on_change, "committed", "accrued")
    list_select_related = ("unit",)

    @admin.display(description="% ejec.")
    def execution_rate(self, obj: BudgetLine) -> str:
        value = obj.execution_rate
        return "—" if value is None else f"{value * 100:.0f} %"


class StageChangeInline(ReadOnlyInline):
    model = ProcurementStageChange
    fields = ("stage", "on", "note")
    readonly_fields = fields


class ProcurementForm(ServiceForm):
    next_stage = forms.ChoiceField(
        label="siguiente etapa",
        choices=[("", "—")]
        + [(s.value, s.label) for s in ProcurementStage if s != ProcurementStage.PLANNED],
        required=False,
    )
    stage_date = forms.DateField(label="fecha de la etapa", required=False)
    stage_note = forms.CharField(label="observación", max_length=300, required=False)
    planned_on = forms.DateField(label="fecha de inclusión en el PAC", required=False)

    class Meta:
        model = ProcurementProcess
        fields = [
            "code",
            "unit",
            "year",
            "procurement_type",
            "category",
            "object",
            "budget",
            "budget_line",
            "awarded_amount",
            "supplier_name",
            "supplier_tax_id",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "unit")

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if not self.instance.pk:
            if not data.get("planned_on"):
                raise DomainError("indique la fecha de inclusión en el PAC.", field="fecha")
            return services.procurement_process_plan(
                actor=actor,
                unit=data["unit"],
                code=data["code"],
                year=data["year"],
                procurement_type=data["procurement_type"],
                category=data["category"],
                object=data["object"],
                budget=data["budget"],
                budget_line=data.get("budget_line"),
                planned_on=data["planned_on"],
            )
        process = ProcurementProcess.objects.get(pk=self.instance.pk)
        stage, on = data.get("next_stage"), data.get("stage_date")
        if not stage or on is None:
            raise DomainError("elija la siguiente etapa y su fecha.", field="etapa")
        if stage == ProcurementStage.AWARDED:
            return services.procurement_award(
                actor=actor,
                process=process,
                on=on,
                amount=data.get("awarded_amount") or 0,
                supplier_name=data.get("supplier_name", ""),
                supplier_tax_id=data.get("supplier_tax_id", ""),
            )
        return services.procurement_stage_advance(
            actor=actor, process=process, stage=stage, on=on, note=data.get("stage_note", "")
        )


@admin.register(ProcurementProcess)
class ProcurementAdmin(InstitutionAdmin):
    form = ProcurementForm
    list_display = ("code", "year", "procurement_type", "object", "stage", "awarded_amount")
    list_display = (*list_display, "supplier_tax_id", "unit")
    list_filter = ("year", "procurement_type", "stage", "category", "unit__province", "unit")
    search_fields = ("=code", "=supplier_tax_id", "supplier_name", "object")
    readonly_on_change = ("code", "unit", "year", "procurement_type", "category", "object")
    readonly_on_change = (*readonly_on_change, "budget", "budget_line", "stage")
    inlines = [StageChangeInline]
    list_select_related = ("unit",)


@admin.register(ProcurementStageChange)
class StageChangeAdmin(InstitutionAdmin):
    list_display = ("process", "stage", "on", "note")
    list_filter = ("stage",)
    search_fields = ("=process__code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class RecommendationForm(ServiceForm):
    class Meta:
        model = AuditRecommendation
        fields = [
            "issuer",
            "memo_number",
            "memo_date",
            "additional_memo_number",
            "additional_memo_date",
            "report_reference",
            "text",
            "responsible_unit",
            "deadline",
            "status",
            "evidence",
            "evidence_date",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "responsible_unit")

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            return services.audit_recommendation_update_status(
                actor=actor,
                recommendation=AuditRecommendation.objects.get(pk=self.instance.pk),
                status=data.get("status") or RecommendationStatus.PENDING,
                evidence=data.get("evidence", ""),
                evidence_date=data.get("evidence_date"),
            )
        return services.audit_recommendation_register(
            actor=actor,
            issuer=data["issuer"],
            memo_number=data["memo_number"],
            memo_date=data["memo_date"],
            additional_memo_number=data.get("additional_memo_number", ""),
            additional_memo_date=data.get("additional_memo_date"),
            report_reference=data.get("report_reference", ""),
            recommendation=data["text"],
            responsible_unit=data["responsible_unit"],
            deadline=data.get("deadline"),
        )


class OverdueFilter(admin.SimpleListFilter):
    title = "vencimiento"
    parameter_name = "vencida"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("si", "Vencidas hoy")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        from datetime import date

        from seguro.institution.models import OPEN_RECOMMENDATION

        if self.value() == "si":
            return queryset.filter(status__in=OPEN_RECOMMENDATION, deadline__lt=date.today())
        return queryset


@admin.register(AuditRecommendation)
class RecommendationAdmin(InstitutionAdmin):
    form = RecommendationForm
    list_display = ("memo_number", "memo_date", "issuer", "responsible_unit", "deadline")
    list_display = (*list_display, "status", "is_overdue")
    list_filter = ("status", OverdueFilter, "issuer", "responsible_unit__province")
    list_filter = (*list_filter, "responsible_unit")
    search_fields = ("memo_number", "additional_memo_number", "report_reference", "text")
    date_hierarchy = "memo_date"
    readonly_on_change = ("issuer", "memo_number", "memo_date", "additional_memo_number")
    readonly_on_change = (*readonly_on_change, "additional_memo_date", "report_reference")
    readonly_on_change = (*readonly_on_change, "text", "responsible_unit", "deadline")
    list_select_related = ("responsible_unit",)

    @admin.display(description="vencida", boolean=True)
    def is_overdue(self, obj: AuditRecommendation) -> bool:
        from datetime import date

        return obj.overdue(date.today())


class AgreementForm(ServiceForm):
    class Meta:
        model = InterinstitutionalAgreement
        fields = [
            "unit",
            "kind",
            "counterpart",
            "counterpart_tax_id",
            "object",
            "signed_on",
            "valid_to",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "unit")

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            return services.agreement_update(
                actor=actor,
                agreement=InterinstitutionalAgreement.objects.get(pk=self.instance.pk),
                valid_to=data.get("valid_to"),
            )
        return services.agreement_register(
            actor=actor,
            unit=data["unit"],
            kind=data["kind"],
            counterpart=data["counterpart"],
            counterpart_tax_id=data.get("counterpart_tax_id", ""),
            object=data["object"],
            signed_on=data["signed_on"],
            valid_to=data.get("valid_to"),
        )


@admin.register(InterinstitutionalAgreement)
class AgreementAdmin(InstitutionAdmin):
    form = AgreementForm
    list_display = ("counterpart", "kind", "unit", "signed_on", "valid_to")
    list_filter = ("kind", "unit__province", "unit")
    search_fields = ("counterpart", "=counterpart_tax_id", "object")
    date_hierarchy = "signed_on"
    readonly_on_change = ("unit", "kind", "counterpart", "counterpart_tax_id", "object")
    readonly_on_change = (*readonly_on_change, "signed_on")


class ObjectiveForm(ServiceForm):
    class Meta:
        model = StrategicObjective
        fields = ["code", "name"]

    def run_service(self, actor: Any) -> Model:
        if self.instance.pk:
            raise DomainError("un objetivo estratégico no se modifica; registre uno nuevo.")
        data = self.cleaned_data
        return services.strategic_objective_register(
            actor=actor, code=data["code"], name=data["name"]
        )


@admin.register(StrategicObjective)
class ObjectiveAdmin(InstitutionAdmin):
    form = ObjectiveForm
    list_display = ("code", "name")
    search_fields = ("=code", "name")
    readonly_on_change = ("code", "name")


class TargetInline(ReadOnlyInline):
    model = IndicatorTarget
    fields = ("year", "target", "achieved")
    readonly_fields = fields


class IndicatorForm(ServiceForm):
    class Meta:
        model = Indicator
        fields = ["objective", "unit", "name", "measure"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "unit")

    def run_service(self, actor: Any) -> Model:
        if self.instance.pk:
            raise DomainError("un indicador no se modifica; registre sus metas y resultados.")
        data = self.cleaned_data
        return services.indicator_register(
            actor=actor,
            objective=data["objective"],
            unit=data.get("unit"),
            name=data["name"],
            measure=data["measure"],
        )


@admin.register(Indicator)
class IndicatorAdmin(InstitutionAdmin):
    form = IndicatorForm
    list_display = ("name", "objective", "unit", "measure")
    list_filter = ("objective", "unit__province", "unit")
    search_fields = ("name",)
    readonly_on_change = ("objective", "unit", "name", "measure")
    inlines = [TargetInline]


class TargetForm(ServiceForm):
    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "year", "target", "achieved"]

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if self.instance.pk:
            row = IndicatorTarget.objects.get(pk=self.instance.pk)
            if data.get("achieved") is None:
                raise DomainError("indique el resultado alcanzado.", field="resultado")
            return services.indicator_achievement_record(
                actor=actor, indicator=row.indicator, year=row.year, achieved=data["achieved"]
            )
        return services.indicator_target_set(
            actor=actor, indicator=data["indicator"], year=data["year"], target=data["target"]
        )


@admin.register(IndicatorTarget)
class TargetAdmin(InstitutionAdmin):
    form = TargetForm
    list_display = ("indicator", "year", "target", "achieved", "compliance_display")
    list_filter = ("year",)
    search_fields = ("indicator__name",)
    readonly_on_change = ("indicator", "year", "target")

    @admin.display(description="cumplimiento")
    def compliance_display(self, obj: IndicatorTarget) -> str:
        value = obj.compliance
        return "—" if value is None else f"{value * 100:.0f} %"


class WorkshopInline(ReadOnlyInline):
    model = Workshop
    fields = ("name", "unit", "held_on", "participants")
    readonly_fields = fields


class ProgrammeForm(ServiceForm):
    class Meta:
        model = Programme
        fields = ["code", "name", "policy", "description"]

    def run_service(self, actor: Any) -> Model:
        if self.instance.pk:
            raise DomainError("un programa no se modifica desde aquí.")
        data = self.cleaned_data
        return services.programme_register(
            actor=actor,
            code=data["code"],
            name=data["name"],
            policy=data["policy"],
            description=data.get("description", ""),
        )


@admin.register(Programme)
class ProgrammeAdmin(InstitutionAdmin):
    form = ProgrammeForm
    list_display = ("code", "name", "policy")
    list_filter = ("policy",)
    search_fields = ("=code", "name")
    readonly_on_change = ("code", "name", "policy", "description")
    inlines = [WorkshopInline]


class WorkshopForm(ServiceForm):
    class Meta:
        model = Workshop
        fields = ["programme", "unit", "name", "held_on", "participants"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "unit")

    def run_service(self, actor: Any) -> Model:
        if self.instance.pk:
            raise DomainError("un taller registrado no se modifica.")
        data = self.cleaned_data
        return services.workshop_record(
            actor=actor,
            programme=data["programme"],
            unit=data["unit"],
            name=data["name"],
            held_on=data["held_on"],
            participants=data["participants"],
        )


@admin.register(Workshop)
class WorkshopAdmin(InstitutionAdmin):
    form = WorkshopForm
    list_display = ("name", "programme", "unit", "held_on", "participants")
    list_filter = ("programme", "unit__province", "unit")
    search_fields = ("name",)
    date_hierarchy = "held_on"
    readonly_on_change = ("programme", "unit", "name", "held_on", "participants")


class CitizenRequestForm(ServiceForm):
    class Meta:
        model = CitizenRequest
        fields = [
            "unit",
            "kind",
            "channel",
            "received_on",
            "subject",
            "status",
            "answered_on",
            "answer",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped_units(self, "unit")

    def run_service(self, actor: Any) -> Model:
        data = self.cleaned_data
        if not self.instance.pk:
            return services.citizen_request_register(
                actor=actor,
                unit=data["unit"],
                kind=data["kind"],
                channel=data["channel"],
                received_on=data["received_on"],
                subject=data["subject"],
            )
        request = CitizenRequest.objects.get(pk=self.instance.pk)
        if data.get("status") == RequestStatus.IN_PROGRESS and not data.get("answered_on"):
            return services.citizen_request_take(actor=actor, request=request)
        if not data.get("answered_on"):
            raise DomainError("para responder indique la fecha de respuesta.", field="respuesta")
        return services.citizen_request_answer(
            actor=actor,
            request=request,
            answered_on=data["answered_on"],
            answer=data.get("answer", ""),
        )


@admin.register(CitizenRequest)
class CitizenRequestAdmin(InstitutionAdmin):
    form = CitizenRequestForm
    list_display = ("number", "kind", "channel", "received_on", "status", "answer_days", "unit")
    list_filter = ("status", "kind", "channel", "unit__province", "unit")
    search_fields = ("=number", "subject")
    date_hierarchy = "received_on"
    readonly_on_change = ("unit", "kind", "channel", "received_on", "subject")
    list_select_related = ("unit",)
