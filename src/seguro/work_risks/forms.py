"""Page forms of work risks (labels in Spanish); saving is always a service call in the view."""

from __future__ import annotations

from django import forms

from seguro.registry.models import Canton
from seguro.work_risks.models import AccidentKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccidentReportForm(forms.Form):
    tax_id = forms.CharField(label="RUC del empleador", max_length=13, required=False)
    national_id = forms.CharField(label="Cédula del trabajador", max_length=10)
    accident_date = forms.DateField(label="Fecha del accidente", widget=DATE)
    accident_time = forms.TimeField(
        label="Hora del accidente", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    canton = forms.ModelChoiceField(
        label="Cantón donde ocurrió", queryset=Canton.objects.order_by("province__name", "name")
    )
    place = forms.CharField(label="Lugar", max_length=200)
    kind = forms.ChoiceField(label="Tipo de accidente", choices=AccidentKind.choices)
    description = forms.CharField(label="Descripción de los hechos", widget=forms.Textarea)
    injuries = forms.CharField(label="Lesiones", widget=forms.Textarea(attrs={"rows": 3}))
    leave_days = forms.IntegerField(label="Días de reposo", min_value=0, initial=0)
    reported_on = forms.DateField(label="Fecha del aviso (vacía: hoy)", required=False, widget=DATE)

    def __init__(self, *args: object, employer_fixed: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if employer_fixed:
            del self.fields["tax_id"]
            del self.fields["reported_on"]  # an employer files today
        else:
            self.fields["tax_id"].required = True
        self.fields["canton"].label_from_instance = (  # type: ignore[attr-defined]
            lambda c: f"{c.name} ({c.province.name})"
        )


class AccidentQualifyForm(forms.Form):
    is_work_accident = forms.TypedChoiceField(
        label="Calificación",
        choices=[("si", "Es accidente de trabajo"), ("no", "No es accidente de trabajo")],
        coerce=lambda v: v == "si",
        widget=forms.RadioSelect,
    )
    resolution_number = forms.CharField(label="Número de resolución", max_length=60)
    resolution_date = forms.DateField(label="Fecha de la resolución", widget=DATE)
    resolution_text = forms.CharField(
        label="Fundamento", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DiseaseQualifyForm(forms.Form):
    qualified = forms.TypedChoiceField(
        label="Resolución del Comité",
        choices=[("si", "Es enfermedad profesional"), ("no", "No es enfermedad profesional")],
        coerce=lambda v: v == "si",
        widget=forms.RadioSelect,
    )
    incapacity_percent = forms.DecimalField(
        label="Porcentaje de incapacidad", required=False, max_digits=5, decimal_places=2
    )
    resolution_number = forms.CharField(label="Número de resolución", max_length=60)
    resolution_date = forms.DateField(label="Fecha de la resolución", widget=DATE)
    resolution_text = forms.CharField(
        label="Fundamento", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
