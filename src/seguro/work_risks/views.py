"""Pages of work risks. Thin: check the permission and scope, call a selector or a service,
render. Employers file accident notices and see whether they were on time; the benefits
officer lists notices (late ones flagged), investigates and qualifies them, follows disease
cases and the prevention trainings by province and year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from seguro.core.errors import DomainError
from seguro.registry.models import Person, Province
from seguro.registry.scope import person_visible, scope_of
from seguro.work_risks import selectors, services
from seguro.work_risks.forms import AccidentQualifyForm, AccidentReportForm, DiseaseQualifyForm
from seguro.work_risks.models import CaseState, DiseaseState
from seguro.work_risks.scope import is_staff


def _denied(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "work_risks/denied.html", {"what": what}, status=403)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    links = []
    if user.has_perm("work_risks.add_accidentreport"):
        links.append(("work_risks:accident-new", "Presentar aviso de accidente", "Aviso al IESS."))
    if user.has_perm("work_risks.view_accidentreport"):
        links.append(
            ("work_risks:accidents", "Avisos de accidentes", "Presentados, tardíos, calificados.")
        )
    if user.has_perm("work_risks.view_occupationaldiseasecase"):
        links.append(("work_risks:diseases", "Enfermedades profesionales", "Casos y calificación."))
    if is_staff(user) and user.has_perm("work_risks.view_training"):
        links.append(
            ("work_risks:trainings", "Capacitaciones en prevención", "Por provincia y año.")
        )
    return render(request, "work_risks/index.html", {"links": links})


@login_required
def accidents(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("work_risks.view_accidentreport"):
        return _denied(request, "los avisos de accidentes")
    late = {"si": True, "no": False}.get(request.GET.get("tardio", ""))
    state = request.GET.get("estado") or None
    if state not in (None, *CaseState.values):
        state = None
    rows = selectors.accident_reports(user=request.user, late=late, state=state)[:500]
    context = {
        "reports": rows,
        "late": request.GET.get("tardio", ""),
        "state": state,
        "states": CaseState.choices,
        "staff": is_staff(request.user),
    }
    return render(request, "work_risks/accidents.html", context)


def _person(request: HttpRequest, national_id: str) -> Person | None:
    person = person_visible(request.user).filter(national_id=national_id).first()
    if person is None and scope_of(request.user).employer_id:
        # A worker the employer never affiliated can still be reported (C.D. 517 Art. 14 a).
        person = Person.objects.filter(national_id=national_id).first()
    return person


@login_required
def accident_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("work_risks.add_accidentreport"):
        return _denied(request, "la presentación de avisos de accidentes")
    scope = scope_of(request.user)
    own_employer = scope.employer_id is not None
    if not (own_employer or is_staff(request.user)):
        return _denied(request, "la presentación de avisos de accidentes")
    form = AccidentReportForm(request.POST or None, employer_fixed=own_employer)
    error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employer = (
                selectors.employer_for(user=request.user, tax_id=data.get("tax_id", ""))
                if not own_employer
                else selectors.employer_visible_own(user=request.user)
            )
            if employer is None:
                raise DomainError("el empleador no existe o no está en su ámbito.", field="RUC")
            person = _person(request, data["national_id"].strip())
            if person is None:
                raise DomainError("no hay una persona registrada con esa cédula.", field="cédula")
            report = services.accident_report_file(
                actor=request.user,
                person=person,
                employer=employer,
                accident_date=data["accident_date"],
                accident_time=data.get("accident_time"),
                canton=data["canton"],
                place=data["place"],
                kind=data["kind"],
                description=data["description"],
                injuries=data["injuries"],
                leave_days=data["leave_days"],
                reported_on=data.get("reported_on") or None,
            )
        except DomainError as exc:
            error = exc
        else:
            if report.late:
                messages.warning(
                    request,
                    f"Aviso N.º {report.pk} registrado FUERA DE TÉRMINO: el plazo venció el "
                    f"{report.due_date:%d/%m/%Y}. Se generó responsabilidad patronal.",
                )
            else:
                messages.success(
                    request,
                    f"Aviso N.º {report.pk} registrado a tiempo (plazo hasta el "
                    f"{report.due_date:%d/%m/%Y}).",
                )
            return redirect("work_risks:accident", pk=report.pk)
    return render(request, "work_risks/accident_new.html", {"form": form, "error": error})


@login_required
def accident(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("work_risks.view_accidentreport"):
        return _denied(request, "los avisos de accidentes")
    data = selectors.accident_report_detail(user=request.user, pk=pk)
    if data is None:
        return _denied(request, f"el aviso N.º {pk}")
    can_act = is_staff(request.user) and request.user.has_perm("work_risks.change_accidentreport")
    context = {**data, "can_act": can_act, "qualify_form": AccidentQualifyForm()}
    return render(request, "work_risks/accident.html", context)


def _act(request: HttpRequest, pk: int) -> Any:
    if not (is_staff(request.user) and request.user.has_perm("work_risks.change_accidentreport")):
        return None
    data = selectors.accident_report_detail(user=request.user, pk=pk)
    return data["report"] if data else None


@require_POST
@login_required
def accident_investigate(request: HttpRequest, pk: int) -> HttpResponse:
    report = _act(request, pk)
    if report is None:
        return _denied(request, f"la investigación del aviso N.º {pk}")
    try:
        investigation = services.accident_investigation_open(actor=request.user, report=report)
    except DomainError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, f"Se abrió la investigación N.º {investigation.pk}.")
    return redirect("work_risks:accident", pk=pk)


@require_POST
@login_required
def accident_qualify(request: HttpRequest, pk: int) -> HttpResponse:
    report = _act(request, pk)
    if report is None:
        return _denied(request, f"la calificación del aviso N.º {pk}")
    form = AccidentQualifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Complete la calificación: resolución, fecha y decisión.")
        return redirect("work_risks:accident", pk=pk)
    try:
        services.accident_qualify(actor=request.user, report=report, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.as_text())
    else:
        messages.success(request, "Calificación registrada.")
    return redirect("work_risks:accident", pk=pk)


@login_required
def diseases(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("work_risks.view_occupationaldiseasecase"):
        return _denied(request, "los casos de enfermedad profesional")
    state = request.GET.get("estado") or None
    rows = selectors.disease_cases(user=request.user, state=state)[:500]
    context = {"cases": rows, "state": state, "states": DiseaseState.choices}
    return render(request, "work_risks/diseases.html", context)


@login_required
def disease(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("work_risks.view_occupationaldiseasecase"):
        return _denied(request, "los casos de enfermedad profesional")
    data = selectors.disease_case_detail(user=request.user, pk=pk)
    if data is None:
        return _denied(request, f"el caso N.º {pk}")
    can_act = is_staff(request.user) and request.user.has_perm(
        "work_risks.change_occupationaldiseasecase"
    )
    if request.method == "POST" and can_act:
        case = data["case"]
        try:
            if request.POST.get("accion") == "comite":
                services.disease_case_to_committee(actor=request.user, case=case)
                messages.success(request, "Caso enviado al Comité de Valuación.")
            else:
                form = DiseaseQualifyForm(request.POST)
                if not form.is_valid():
                    raise DomainError("complete la resolución del Comité.")
                services.disease_case_qualify(actor=request.user, case=case, **form.cleaned_data)
                messages.success(request, "Resolución del Comité registrada.")
        except DomainError as exc:
            messages.error(request, exc.as_text())
        return redirect("work_risks:disease", pk=pk)
    context = {**data, "can_act": can_act, "qualify_form": DiseaseQualifyForm()}
    return render(request, "work_risks/disease.html", context)


@login_required
def trainings(request: HttpRequest) -> HttpResponse:
    if not (is_staff(request.user) and request.user.has_perm("work_risks.view_training")):
        return _denied(request, "las capacitaciones en prevención")
    try:
        year = int(request.GET.get("anio", ""))
    except ValueError:
        year = date.today().year
    limited = scope_of(request.user).province_code
    province_code = limited or request.GET.get("provincia") or None
    counts = selectors.training_counts(user=request.user, year=year, province_code=province_code)
    rows = selectors.trainings(user=request.user, year=year, province_code=province_code)
    context = {
        **counts,
        "trainings": rows[:500],
        "province_code": province_code,
        "provinces": [] if limited else Province.objects.all(),
    }
    return render(request, "work_risks/trainings.html", context)
