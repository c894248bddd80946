"""Pages of health. Thin: check the permission and the unit, call a selector or a service,
render. Unit staff check coverage and record attentions; finance, auditors and the network
office read agreements and invoices; invoices are reviewed, approved and paid here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seguro.core.errors import DomainError
from seguro.health import scope, selectors, services
from seguro.health.models import Attention, AttentionKind, InvoiceState, Professional
from seguro.registry.models import Person
from seguro.registry.scope import scope_of


def _denied(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "health/denied.html", {"what": what}, status=403)


def _date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return default


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    links = []
    if selectors.units_for(user).exists() and user.has_perm("health.add_coveragecheck"):
        links.append(
            ("health:coverage", "Verificar cobertura", "Antes de atender: cobertura y atención.")
        )
    if user.has_perm("health.view_attention"):
        links.append(("health:attentions", "Atenciones", "Atenciones de los pacientes."))
    if user.has_perm("health.view_providerinvoice"):
        links += [
            ("health:invoices", "Facturas de prestadores", "Revisión, aprobación y pago."),
            ("health:agreements", "Convenios", "Prestadores externos, tarifas y vencimientos."),
        ]
    if user.has_perm("registry.view_ruralfamily"):
        links.append(
            ("health:rural", "Seguro Social Campesino", "Organizaciones, familias y aportes.")
        )
    return render(request, "health/index.html", {"links": links})


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    units = selectors.units_for(user)
    if not (user.has_perm("health.add_coveragecheck") and units.exists()):
        return _denied(request, "la verificación de cobertura (no está asignado a una unidad)")
    errors: list[DomainError] = []
    form: dict[str, Any] = {
        "cedula": "",
        "fecha": date.today().isoformat(),
        "unidad": "",
        "emergencia": False,
    }
    if request.method == "POST":
        form = {
            "cedula": request.POST.get("cedula", "").strip(),
            "fecha": request.POST.get("fecha", ""),
            "unidad": request.POST.get("unidad", ""),
            "emergencia": request.POST.get("emergencia") == "1",
        }
        person = Person.objects.filter(national_id=form["cedula"]).first()
        unit_id = request.POST.get("unidad", "")
        unit = units.filter(pk=int(unit_id) if unit_id.isdigit() else 0).first()
        on = _date(str(form["fecha"]), date.today())
        if person is None:
            errors.append(DomainError("no hay una persona con esa cédula.", field="cédula"))
        elif unit is None:
            errors.append(DomainError("elija su unidad.", field="unidad"))
        elif on > date.today():
            errors.append(DomainError("la fecha está en el futuro.", field="fecha"))
        else:
            try:
                check = services.coverage_check(
                    actor=user, person=person, on=on, emergency=bool(form["emergencia"]), unit=unit
                )
            except DomainError as exc:
                errors.append(exc)
            else:
                return redirect("health:check", pk=check.pk)
    context = {"units": units, "form": form, "errors": errors}
    return render(request, "health/coverage.html", context, status=400 if errors else 200)


def _check_for(request: HttpRequest, pk: int) -> Any:
    return (
        scope.coverage_check_visible(request.user)
        .select_related("person", "unit")
        .filter(pk=pk)
        .first()
    )


@login_required
def check(request: HttpRequest, pk: int) -> HttpResponse:
    found = _check_for(request, pk)
    if found is None:
        return _denied(request, "esa verificación de cobertura")
    errors: list[DomainError] = []
    attention = Attention.objects.filter(coverage_check=found).first()
    if request.method == "POST" and attention is None:
        if not request.user.has_perm("health.add_attention"):
            return _denied(request, "el registro de atenciones")
        professional = Professional.objects.filter(
            pk=request.POST.get("profesional") or 0, unit=found.unit
        ).first()
        if professional is None:
            errors.append(DomainError("elija el profesional que atiende.", field="profesional"))
        else:
            try:
                attention = services.attention_record(
                    actor=request.user,
                    check=found,
                    professional=professional,
                    kind=request.POST.get("tipo", ""),
                    diagnosis_code=request.POST.get("diagnostico", ""),
                    cost=request.POST.get("costo", ""),
                    notes=request.POST.get("observaciones", ""),
                )
            except DomainError as exc:
                errors.append(exc)
            else:
                messages.success(request, "Atención registrada.")
                return redirect("health:attentions")
    context = {
        "check": found,
        "attention": attention,
        "professionals": Professional.objects.filter(unit=found.unit, active=True)
        if found.unit
        else [],
        "kinds": AttentionKind.choices,
        "errors": errors,
        "posted": request.POST,
    }
    return render(request, "health/check.html", context, status=400 if errors else 200)


@login_required
def attentions(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("health.view_attention"):
        return _denied(request, "las atenciones")
    rows = selectors.attentions(user=request.user)[:500]
    return render(request, "health/attentions.html", {"attentions": rows})


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("health.view_provideragreement"):
        return _denied(request, "los convenios")
    try:
        days = max(1, int(request.GET.get("dias", "")))
    except ValueError:
        days = selectors.expiry_days()
    today = date.today()
    context = {
        "agreements": selectors.agreements(user=request.user)[:500],
        "expiring": selectors.agreements_expiring(user=request.user, on=today, within_days=days),
        "days": days,
    }
    return render(request, "health/agreements.html", context)


@login_required
def invoices(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("health.view_providerinvoice"):
        return _denied(request, "las facturas de prestadores")
    state = request.GET.get("estado") or None
    if state not in (None, *InvoiceState.values):
        state = None
    year = date.today().year
    province = scope_of(request.user).province_code
    context = {
        "invoices": selectors.invoices(user=request.user, state=state)[:500],
        "state": state,
        "states": InvoiceState.choices,
        "paid": selectors.health_paid_by_period(year=year, province_code=province),
        "year": year,
    }
    return render(request, "health/invoices.html", context)


ACTIONS = {"revisar": "review", "aprobar": "approve", "pagar": "pay"}


@login_required
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("health.view_providerinvoice"):
        return _denied(request, "las facturas de prestadores")
    found = selectors.invoice_detail(user=request.user, pk=pk)
    if found is None:
        return _denied(request, "esa factura")
    errors: list[DomainError] = []
    if request.method == "POST":
        if not request.user.has_perm("health.change_providerinvoice"):
            return _denied(request, "la revisión de facturas")
        action = ACTIONS.get(request.POST.get("accion", ""))
        try:
            if action == "review":
                services.invoice_review(actor=request.user, invoice=found, on=date.today())
                messages.success(request, "Factura revisada línea por línea.")
            elif action == "approve":
                services.invoice_approve(actor=request.user, invoice=found)
                messages.success(request, "Factura aprobada.")
            elif action == "pay":
                services.invoice_pay(actor=request.user, invoice=found, paid_on=date.today())
                messages.success(request, "Factura pagada y registrada en el libro mayor.")
            else:
                raise DomainError("acción desconocida.", field="acción")
        except DomainError as exc:
            errors.append(exc)
        else:
            return redirect("health:invoice", pk=found.pk)
    context = {
        "invoice": found,
        "lines": found.lines.all(),
        "can_change": request.user.has_perm("health.change_providerinvoice"),
        "errors": errors,
    }
    return render(request, "health/invoice.html", context, status=400 if errors else 200)


@login_required
def rural(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("registry.view_ruralfamily"):
        return _denied(request, "las familias del Seguro Social Campesino")
    today = date.today()
    default = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    period = _date((request.GET.get("periodo") or "") + "-01", default)
    rows = selectors.rural_contributions(user=request.user, period=period)
    return render(request, "health/rural.html", {"rows": rows, "period": period})
