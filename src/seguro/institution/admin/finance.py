"""Units, budget lines and procurement processes in the admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.institution import services
from seguro.institution.admin.base import InstitutionAdmin, _listing, _scoped_units
from seguro.institution.models import (
    BudgetLine,
    OrganisationalUnit,
    ProcurementProcess,
    ProcurementStage,
    ProcurementStageChange,
)


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
    add_fields = (
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "province",
        "contact_phone",
        "contact_email",
    )
    readonly_on_change = ("code", "kind", "parent", "province")
    change_fields = ("name", "short_name", "contact_phone", "contact_email", "active")
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
    list_display = (
        "year",
        "unit",
        "item_code",
        "item_name",
        "appropriated",
        "committed",
        "accrued",
        "execution_rate",
    )
    list_filter = ("year", "unit__province", "unit")
    search_fields = ("=item_code", "item_name", "unit__name", "=unit__code")
    add_fields = ("unit", "year", "item_code", "item_name", "appropriated")
    readonly_on_change = (*add_fields, "committed", "accrued")
    change_fields = ("operation", "amount", "reason")
    list_select_related = ("unit",)

    @admin.display(description="% ejec.")
    def execution_rate(self, obj: BudgetLine) -> str:
        value = obj.execution_rate
        return "—" if value is None else f"{value * 100:.0f} %"


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
    list_display = (
        "code",
        "year",
        "procurement_type",
        "object",
        "stage",
        "awarded_amount",
        "supplier_tax_id",
        "unit",
    )
    list_filter = ("year", "procurement_type", "stage", "category", "unit__province", "unit")
    search_fields = ("=code", "=supplier_tax_id", "supplier_name", "object")
    add_fields = (
        "code",
        "unit",
        "year",
        "procurement_type",
        "category",
        "object",
        "budget",
        "budget_line",
        "planned_on",
    )
    readonly_on_change = (*add_fields[:-1], "stage", "stage_history", "awarded_on", "contract_date")
    change_fields = (
        "next_stage",
        "stage_date",
        "stage_note",
        "awarded_amount",
        "supplier_name",
        "supplier_tax_id",
    )

    @admin.display(description="historial de etapas")
    def stage_history(self, obj: ProcurementProcess) -> str:
        return _listing(
            f"{c.get_stage_display()}: {c.on:%d/%m/%Y}" + (f" ({c.note})" if c.note else "")
            for c in obj.stage_changes.order_by("on", "id")
        )

    list_select_related = ("unit",)


@admin.register(ProcurementStageChange)
class StageChangeAdmin(InstitutionAdmin):
    list_display = ("process", "stage", "on", "note")
    readonly_on_change = ("process", "stage", "on", "note")
    list_filter = ("stage",)
    search_fields = ("=process__code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
