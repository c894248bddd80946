"""Control recommendations, agreements and citizen requests in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.institution import services
from seguro.institution.admin.base import InstitutionAdmin, _scoped_units
from seguro.institution.models import (
    AuditRecommendation,
    CitizenRequest,
    InterinstitutionalAgreement,
    RecommendationStatus,
    RequestStatus,
)


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
    list_display = (
        "memo_number",
        "memo_date",
        "issuer",
        "responsible_unit",
        "deadline",
        "status",
        "is_overdue",
    )
    list_filter = (
        "status",
        OverdueFilter,
        "issuer",
        "responsible_unit__province",
        "responsible_unit",
    )
    search_fields = ("memo_number", "additional_memo_number", "report_reference", "text")
    date_hierarchy = "memo_date"
    add_fields = (
        "issuer",
        "memo_number",
        "memo_date",
        "additional_memo_number",
        "additional_memo_date",
        "report_reference",
        "text",
        "responsible_unit",
        "deadline",
    )
    readonly_on_change = add_fields
    change_fields = ("status", "evidence", "evidence_date")
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
    readonly_on_change = (
        "unit",
        "kind",
        "counterpart",
        "counterpart_tax_id",
        "object",
        "signed_on",
    )
    add_fields = (*readonly_on_change, "valid_to")
    change_fields = ("valid_to",)


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
    add_fields = ("unit", "kind", "channel", "received_on", "subject")
    readonly_on_change = ("number", *add_fields, "answer_days")
    change_fields = ("status", "answered_on", "answer")
    list_select_related = ("unit",)
