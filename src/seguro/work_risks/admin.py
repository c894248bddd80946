"""Work risks in the admin, in Spanish. Rows are scoped (work_risks.scope: province or
employer); every save is a service call through a ServiceForm; nothing is deleted. The day-to-day
work (filing, investigating, qualifying) is on the pages at /riesgos/."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.core.admin_forms import ServiceForm
from seguro.registry.models import Employer
from seguro.registry.scope import employer_visible, person_visible
from seguro.work_risks import scope, services
from seguro.work_risks.models import (
    AccidentReport,
    EmployerLiability,
    Investigation,
    JobAnalysis,
    OccupationalDiseaseCase,
    RiskFactor,
    Training,
    TrainingParticipant,
)


class WorkRisksAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Only rows in the user's scope; saves through the form's service; no deletes."""

    add_fields: tuple[str, ...] = ()
    change_fields: tuple[str, ...] = ()
    readonly_on_change: tuple[str, ...] = ()
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
        return self.inlines if obj is not None else []  # participants exist once it does

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(self.add_fields) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is not None and not self.change_fields:
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
        pass  # the service saved everything


def _scoped(form: forms.ModelForm) -> None:  # type: ignore[type-arg]
    actor = getattr(form, "actor", None)
    for name in ("employer", "other_employers", "employers"):
        if name in form.fields:
            form.fields[name].queryset = employer_visible(actor)  # type: ignore[attr-defined]
    if "person" in form.fields:
        form.fields["person"].queryset = person_visible(actor)  # type: ignore[attr-defined]


class AccidentReportForm(ServiceForm):
    class Meta:
        model = AccidentReport
        fields = [
            "person",
            "employer",
            "accident_date",
            "accident_time",
            "canton",
            "place",
            "kind",
            "description",
            "injuries",
            "leave_days",
            "reported_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self)

    def run_service(self, actor: Any) -> Model:
        return services.accident_report_file(actor=actor, **self.cleaned_data)


@admin.register(AccidentReport)
class AccidentReportAdmin(WorkRisksAdmin):
    form = AccidentReportForm
    add_fields = tuple(AccidentReportForm.Meta.fields)
    readonly_on_change = (
        "person",
        "employer",
        "affiliation",
        "province_code",
        "accident_date",
        "accident_time",
        "canton",
        "place",
        "kind",
        "description",
        "injuries",
        "leave_days",
        "reported_on",
        "reported_by",
        "due_date",
        "late",
        "deadline_explanation",
        "state",
        "is_work_accident",
        "resolution_number",
        "resolution_date",
        "resolution_text",
        "qualified_by",
    )
    list_display = ("pk", "person", "employer", "accident_date", "reported_on", "late", "state")
    list_filter = ("late", "state", "kind", "province_code")
    search_fields = ("=person__national_id", "=employer__tax_id")
    autocomplete_fields = ("person", "employer")
    date_hierarchy = "accident_date"


class DiseaseCaseForm(ServiceForm):
    class Meta:
        model = OccupationalDiseaseCase
        fields = [
            "person",
            "employer",
            "other_employers",
            "icd10_code",
            "disease",
            "exposure",
            "diagnosis_date",
            "reported_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self)

    def run_service(self, actor: Any) -> Model:
        return services.disease_case_file(actor=actor, **self.cleaned_data)


@admin.register(OccupationalDiseaseCase)
class OccupationalDiseaseCaseAdmin(WorkRisksAdmin):
    form = DiseaseCaseForm
    add_fields = tuple(DiseaseCaseForm.Meta.fields)
    readonly_on_change = (
        "person",
        "employer",
        "other_employers",
        "province_code",
        "icd10_code",
        "disease",
        "exposure",
        "diagnosis_date",
        "reported_on",
        "due_date",
        "late",
        "state",
        "resolution_number",
        "resolution_date",
        "incapacity_percent",
        "resolution_text",
    )
    list_display = ("pk", "person", "employer", "icd10_code", "diagnosis_date", "late", "state")
    list_filter = ("state", "late", "province_code")
    search_fields = ("=person__national_id", "=employer__tax_id", "icd10_code")


@admin.register(EmployerLiability)
class EmployerLiabilityAdmin(WorkRisksAdmin):
    """Opened by the services when a notice is late or the worker was not affiliated."""

    readonly_on_change = (
        "employer",
        "province_code",
        "accident_report",
        "disease_case",
        "reason",
        "state",
        "determined_on",
        "surcharge_cents",
        "benefits_cents",
        "total_cents",
        "assessed_on",
        "explanation",
    )
    list_display = ("pk", "employer", "reason", "state", "determined_on", "surcharge_cents")
    list_filter = ("state", "reason", "province_code")
    search_fields = ("=employer__tax_id",)


class InvestigationForm(ServiceForm):
    class Meta:
        model = Investigation
        fields = ["findings", "causes", "recommendations", "finished_on"]

    def run_service(self, actor: Any) -> Model:
        return services.investigation_record(
            actor=actor, investigation=self.instance, **self.cleaned_data
        )


@admin.register(Investigation)
class InvestigationAdmin(WorkRisksAdmin):
    """Opened from the notice's page; the investigator records findings here."""

    form = InvestigationForm
    readonly_on_change = ("accident_report", "disease_case", "investigator", "started_on")
    change_fields = ("findings", "causes", "recommendations", "finished_on")
    list_display = ("pk", "accident_report", "disease_case", "started_on", "finished_on")
    list_filter = ("province_code",)


class JobAnalysisForm(ServiceForm):
    risk_factors = forms.MultipleChoiceField(
        label="factores de riesgo", choices=RiskFactor.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = JobAnalysis
        fields = ["employer", "disease_case", "job_title", "analysed_on", "conclusion"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self)

    def run_service(self, actor: Any) -> Model:
        return services.job_analysis_record(actor=actor, **self.cleaned_data)


@admin.register(JobAnalysis)
class JobAnalysisAdmin(WorkRisksAdmin):
    form = JobAnalysisForm
    add_fields = (
        "employer",
        "disease_case",
        "job_title",
        "analysed_on",
        "risk_factors",
        "conclusion",
    )
    readonly_on_change = (
        "employer",
        "disease_case",
        "job_title",
        "analysed_on",
        "analyst",
        "risk_factors",
        "conclusion",
    )
    list_display = ("job_title", "employer", "analysed_on")
    list_filter = ("province_code",)
    search_fields = ("=employer__tax_id", "job_title")


class TrainingForm(ServiceForm):
    employers = forms.ModelMultipleChoiceField(
        label="empleadores asistentes", queryset=Employer.objects.none(), required=False
    )

    class Meta:
        model = Training
        fields = ["held_on", "topic", "canton", "unit", "unidentified_women", "unidentified_men"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self)

    def run_service(self, actor: Any) -> Model:
        return services.training_record(actor=actor, **self.cleaned_data)


class ParticipantInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TrainingParticipant
    extra = 0
    can_delete = False
    readonly_fields = ("person",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Training)
class TrainingAdmin(WorkRisksAdmin):
    form = TrainingForm
    add_fields = (*TrainingForm.Meta.fields, "employers")
    readonly_on_change = (
        "held_on",
        "topic",
        "canton",
        "unit",
        "employers",
        "unidentified_women",
        "unidentified_men",
        "participant_count",
        "recorded_by",
    )
    inlines = [ParticipantInline]
    list_display = ("held_on", "topic", "canton", "participant_count")
    list_filter = ("province_code",)
    date_hierarchy = "held_on"
