"""The public accountability report: anyone may read it (no login), as the law requires."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from seguro.core.errors import DomainError
from seguro.registry.models import Province
from seguro.reports.build import report_build, scope_for
from seguro.reports.figures import Scope
from seguro.reports.render import report_context, report_pdf


def _scope(request: HttpRequest) -> Scope:
    raw_year = request.GET.get("anio") or str(date.today().year - 1)
    try:
        year = int(raw_year)
    except ValueError:
        raise DomainError(f"el año '{raw_year}' no es válido.", field="año") from None
    return scope_for(year, request.GET.get("provincia") or None)


def _query(scope: Scope) -> str:
    query = f"?anio={scope.year}"
    return query + (f"&provincia={scope.province_code}" if scope.province_code else "")


def report_page(request: HttpRequest) -> HttpResponse:
    try:
        scope = _scope(request)
    except DomainError as exc:
        return render(request, "reports/error.html", {"message": exc.as_text()}, status=400)
    context = report_context(report_build(scope))
    context.update(
        provinces=Province.objects.order_by("name"),
        pdf_url=reverse("reports:pdf") + _query(scope),
        json_url=reverse("reports:json") + _query(scope),
    )
    return render(request, "reports/report_page.html", context)


def report_pdf_download(request: HttpRequest) -> HttpResponse:
    try:
        scope = _scope(request)
    except DomainError as exc:
        return render(request, "reports/error.html", {"message": exc.as_text()}, status=400)
    response = HttpResponse(report_pdf(report_build(scope)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rendicion-{scope.slug}.pdf"'
    return response


def report_json_download(request: HttpRequest) -> HttpResponse:
    try:
        scope = _scope(request)
    except DomainError as exc:
        return JsonResponse({"error": exc.as_text()}, status=400)
    return JsonResponse(report_build(scope).as_json(), json_dumps_params={"ensure_ascii": False})
