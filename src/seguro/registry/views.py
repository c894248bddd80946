"""Pages of the registry for affiliates and employers (staff work in the admin)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seguro.registry import selectors


def _on(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("fecha", ""))
    except ValueError:
        return date.today()


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    record = selectors.own_record(user=request.user, on=on)
    if record is None:
        return render(
            request, "registry/not_in_scope.html", {"what": "ficha de afiliado"}, status=403
        )
    return render(request, "registry/my_record.html", {**record, "on": on})


@login_required
def my_workers(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    data = selectors.employer_workers(user=request.user, on=on)
    if data is None:
        return render(
            request, "registry/not_in_scope.html", {"what": "nómina del empleador"}, status=403
        )
    return render(request, "registry/my_workers.html", {**data, "on": on})
