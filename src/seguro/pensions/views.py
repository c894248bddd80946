"""Pages of pensions. Thin: check permission and scope, call a selector, render. Benefits
officers (and auditors, finance, approvers: read-only) search pensioners and open a pension;
a pensioner sees their own payments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seguro.pensions import selectors


def _denied(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "pensions/denied.html", {"what": what}, status=403)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("pensions.view_pension"):
        if selectors.own_payments(user) is not None:
            return redirect("pensions:own")
        return _denied(request, "las pensiones")
    query = request.GET.get("q", "")
    results = selectors.pension_search(user, query) if query else []
    return render(
        request,
        "pensions/index.html",
        {"query": query, "results": results, "searched": bool(query)},
    )


@login_required
def detail(request: HttpRequest, pension_id: int) -> HttpResponse:
    if not request.user.has_perm("pensions.view_pension"):
        return _denied(request, "esta pensión")
    found = selectors.pension_detail(request.user, pension_id)
    if found is None:
        return _denied(request, "esta pensión")
    return render(request, "pensions/detail.html", found)


@login_required
def own(request: HttpRequest) -> HttpResponse:
    payments = selectors.own_payments(request.user)
    if payments is None:
        return _denied(request, "pagos de pensión propios (su usuario no es de un pensionista)")
    return render(request, "pensions/own.html", {"payments": payments})
