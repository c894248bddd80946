"""Pages of the institution: budget execution, procurement, control recommendations and citizen
service. Thin: parse the year, find the user's province, call a selector, render.

Each page needs the view permission of its model (finance and auditors have them) and shows
only the user's province when the user is provincial staff.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seguro.institution import ocds, selectors
from seguro.institution.models import Issuer, RecommendationStatus
from seguro.registry.models import Province


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("anio", ""))
    except ValueError:
        years = selectors.years_with_data()
        return years[0] if years else date.today().year
    return year if 2000 <= year <= date.today().year + 1 else date.today().year


def _on(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("fecha", ""))
    except ValueError:
        return date.today()


def _denied(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "institution/denied.html", {"what": what}, status=403)


def _access(request: HttpRequest, permission: str) -> tuple[bool, str | None, Province | None]:
    """(allowed, province code the user is limited to or asked for, that province)."""
    if not request.user.has_perm(permission):
        return False, None, None
    allowed, province_code = selectors.user_province(request.user)
    if not allowed:
        return False, None, None
    if province_code is None:  # national staff may narrow the page to a province
        province_code = request.GET.get("provincia") or None
    province = Province.objects.filter(code=province_code).first() if province_code else None
    if province_code and province is None:
        province_code = None
    return True, province_code, province


def _context(request: HttpRequest, year: int, province: Province | None) -> dict[str, Any]:
    _allowed, limited_to = selectors.user_province(request.user)
    return {
        "year": year,
        "province": province,
        "provinces": list(Province.objects.all()) if limited_to is None else [],
        "years": selectors.years_with_data() or [year],
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "institution/index.html", {"year": _year(request)})


@login_required
def budget(request: HttpRequest) -> HttpResponse:
    allowed, province_code, province = _access(request, "institution.view_budgetline")
    if not allowed:
        return _denied(request, "la ejecución presupuestaria")
    year = _year(request)
    execution = selectors.budget_execution(year=year, province_code=province_code)
    return render(
        request,
        "institution/budget.html",
        {**_context(request, year, province), "execution": execution},
    )


@login_required
def procurement(request: HttpRequest) -> HttpResponse:
    allowed, province_code, province = _access(request, "institution.view_procurementprocess")
    if not allowed:
        return _denied(request, "los procesos de contratación")
    year = _year(request)
    awarded = selectors.procurement_awarded_by_type(year=year, province_code=province_code)
    processes = selectors.procurement_processes(year=year, province_code=province_code)
    return render(
        request,
        "institution/procurement.html",
        {
            **_context(request, year, province),
            "awarded": awarded,
            "processes": processes[:500],
            "process_count": processes.count(),
        },
    )


@login_required
def procurement_ocds(request: HttpRequest) -> HttpResponse:
    allowed, province_code, _province = _access(request, "institution.view_procurementprocess")
    if not allowed:
        return _denied(request, "los procesos de contratación")
    year = _year(request)
    package = ocds.ocds_release_package(
        year=year, province_code=province_code, uri=request.build_absolute_uri()
    )
    response = HttpResponse(ocds.ocds_json(package), content_type="application/json")
    name = f"ocds-{year}{'-' + province_code if province_code else ''}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    allowed, province_code, province = _access(request, "institution.view_auditrecommendation")
    if not allowed:
        return _denied(request, "las recomendaciones de control")
    on = _on(request)
    items = list(
        selectors.audit_recommendations(province_code=province_code).order_by(
            "memo_date", "memo_number"
        )
    )
    status = request.GET.get("estado", "")
    if status in RecommendationStatus.values:
        items = [i for i in items if i.status == status]
    rows = [{"item": i, "overdue": i.overdue(on)} for i in items]
    overdue = selectors.audit_recommendations_overdue(on=on, province_code=province_code)
    return render(
        request,
        "institution/recommendations.html",
        {
            **_context(request, on.year, province),
            "on": on,
            "rows": rows,
            "overdue_count": overdue.count(),
            "statuses": RecommendationStatus.choices,
            "status": status,
            "issuers": dict(Issuer.choices),
        },
    )


@login_required
def citizen(request: HttpRequest) -> HttpResponse:
    allowed, province_code, province = _access(request, "institution.view_citizenrequest")
    if not allowed:
        return _denied(request, "la atención ciudadana")
    year = _year(request)
    return render(
        request,
        "institution/citizen.html",
        {
            **_context(request, year, province),
            "summary": selectors.citizen_requests_summary(year=year, province_code=province_code),
            "requests": selectors.citizen_requests(year=year, province_code=province_code)[:500],
            "contacts": selectors.units_with_contact(province_code=province_code),
        },
    )
