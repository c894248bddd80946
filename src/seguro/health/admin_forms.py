"""Admin forms of health whose save is a service call (core.admin_forms.ServiceForm): units,
staff, professionals, providers, agreements (services typed one per line), invoices (lines
typed one per line), transplants and ambulances."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Model

from seguro.core.admin_forms import ServiceForm
from seguro.core.errors import DomainError
from seguro.health import services
from seguro.health.models import (
    Ambulance,
    AnnexAgreement,
    ExternalProvider,
    HealthUnit,
    Professional,
    ProviderAgreement,
    ProviderInvoice,
    Transplant,
    UnitStaff,
)
from seguro.registry.models import Person


def _rows(text: str, width: tuple[int, int], field: str) -> list[list[str]]:
    rows = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split(";")]
        if not width[0] <= len(parts) <= width[1]:
            raise DomainError(
                f"se esperaban {width[0]} a {width[1]} valores separados por «;».",
                field=field,
                row=number,
            )
        rows.append(parts)
    return rows


def parse_services(text: str) -> list[services.ServiceTariff]:
    """One service a line: ``código; descripción; tarifa``."""
    return [services.ServiceTariff(c, d, t) for c, d, t in _rows(text, (3, 3), "servicios")]


def parse_lines(text: str) -> list[services.LineInput]:
    """One line a row: ``código; fecha AAAA-MM-DD; cantidad; precio unitario[; cédula]``."""
    lines = []
    for number, row in enumerate(_rows(text, (4, 5), "líneas"), start=1):
        try:
            day = date.fromisoformat(row[1])
            quantity = int(row[2])
        except ValueError:
            raise DomainError(
                "la fecha va como AAAA-MM-DD y la cantidad es un número entero.",
                field="líneas",
                row=number,
            ) from None
        patient = None
        if len(row) == 5 and row[4]:
            patient = Person.objects.filter(national_id=row[4]).first()
            if patient is None:
                raise DomainError(f"no hay una persona con cédula {row[4]}.", row=number)
        lines.append(services.LineInput(row[0], day, quantity, row[3], patient))
    return lines


class HealthUnitForm(ServiceForm):
    class Meta:
        model = HealthUnit
        fields = ["code", "name", "kind", "level", "canton"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.unit_register(
            actor=actor,
            code=d["code"],
            name=d["name"],
            kind=d["kind"],
            level=d["level"],
            canton_code=d["canton"].code,
        )


class UnitStaffForm(ServiceForm):
    class Meta:
        model = UnitStaff
        fields = ["user", "unit"]

    def run_service(self, actor: Any) -> Model:
        return services.unit_staff_assign(
            actor=actor, user=self.cleaned_data["user"], unit=self.cleaned_data["unit"]
        )


class ProfessionalForm(ServiceForm):
    class Meta:
        model = Professional
        fields = ["license_number", "full_name", "specialty", "unit"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.professional_register(
            actor=actor,
            license_number=d["license_number"],
            full_name=d["full_name"],
            specialty=d["specialty"],
            unit=d["unit"],
        )


class ExternalProviderForm(ServiceForm):
    class Meta:
        model = ExternalProvider
        fields = ["tax_id", "name", "kind", "canton"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.provider_register(
            actor=actor,
            tax_id=d["tax_id"],
            name=d["name"],
            kind=d["kind"],
            canton_code=d["canton"].code,
        )


class ProviderAgreementForm(ServiceForm):
    ceiling = forms.DecimalField(label="monto máximo (USD)", max_digits=14, decimal_places=2)
    service_lines = forms.CharField(
        label="servicios y tarifas",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Uno por línea: código; descripción; tarifa en USD (HD01; Hemodiálisis; 120.00).",
    )

    class Meta:
        model = ProviderAgreement
        fields = ["provider", "number", "valid_from", "valid_to", "renews"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.agreement_sign(
            actor=actor,
            provider=d["provider"],
            number=d["number"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            ceiling=d["ceiling"],
            services=parse_services(d["service_lines"]),
            renews=d.get("renews"),
        )


class AnnexAgreementForm(ServiceForm):
    class Meta:
        model = AnnexAgreement
        fields = [
            "unit",
            "institution",
            "institution_tax_id",
            "number",
            "valid_from",
            "valid_to",
            "renews",
        ]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.annex_agreement_sign(
            actor=actor,
            unit=d["unit"],
            institution=d["institution"],
            institution_tax_id=d["institution_tax_id"],
            number=d["number"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
            renews=d.get("renews"),
        )


class ProviderInvoiceForm(ServiceForm):
    invoice_lines = forms.CharField(
        label="líneas",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Una por línea: código; fecha AAAA-MM-DD; cantidad; precio unitario; cédula del "
            "paciente (opcional)."
        ),
    )

    class Meta:
        model = ProviderInvoice
        fields = ["agreement", "number", "issued_on"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.invoice_register(
            actor=actor,
            agreement=d["agreement"],
            number=d["number"],
            issued_on=d["issued_on"],
            lines=parse_lines(d["invoice_lines"]),
        )


class TransplantForm(ServiceForm):
    class Meta:
        model = Transplant
        fields = ["organ", "recipient", "unit", "registered_on", "state"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.transplant_register(
            actor=actor,
            organ=d["organ"],
            recipient=d["recipient"],
            unit=d["unit"],
            on=d["registered_on"],
            state=d["state"],
        )


class AmbulanceForm(ServiceForm):
    cost = forms.DecimalField(
        label="costo de adquisición (USD)", max_digits=14, decimal_places=2, required=False
    )

    class Meta:
        model = Ambulance
        fields = ["plate", "unit", "kind", "state", "acquired_on"]

    def run_service(self, actor: Any) -> Model:
        d = self.cleaned_data
        return services.ambulance_register(
            actor=actor,
            plate=d["plate"],
            unit=d["unit"],
            kind=d["kind"],
            state=d["state"],
            acquired_on=d.get("acquired_on"),
            cost=d.get("cost"),
        )
