"""Strategic objectives, indicators, programmes and workshops in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model

from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.institution import services
from seguro.institution.admin.base import InstitutionAdmin, _listing, _scoped_units
from seguro.institution.models import (
    Indicator,
    IndicatorTarget,
    Programme,
    StrategicObjective,
    Workshop,
)


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
    add_fields = readonly_on_change = ("code", "name")
    changeable = False


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
    add_fields = ("objective", "unit", "name", "measure")
    readonly_on_change = (*add_fields, "targets")
    changeable = False

    @admin.display(description="metas y resultados")
    def targets(self, obj: Indicator) -> str:
        return _listing(
            f"{t.year}: meta {t.target}, resultado {t.achieved if t.achieved is not None else '—'}"
            for t in obj.targets.order_by("year")
        )


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
    add_fields = readonly_on_change = ("indicator", "year", "target")
    change_fields = ("achieved",)

    @admin.display(description="cumplimiento")
    def compliance_display(self, obj: IndicatorTarget) -> str:
        value = obj.compliance
        return "—" if value is None else f"{value * 100:.0f} %"


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
    add_fields = ("code", "name", "policy", "description")
    readonly_on_change = (*add_fields, "workshop_list")
    changeable = False

    @admin.display(description="talleres")
    def workshop_list(self, obj: Programme) -> str:
        return _listing(
            f"{w.name} ({w.held_on:%d/%m/%Y}, {w.participants} participantes)"
            for w in obj.workshops.order_by("held_on")
        )


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
    add_fields = readonly_on_change = ("programme", "unit", "name", "held_on", "participants")
    changeable = False
