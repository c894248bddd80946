"""Employer pages for payroll declarations: upload, list with versions, one declaration, the file
format. An employer user works on its own employer; staff open an employer in their scope with
``?ruc=``."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from seguro.contributions import intake
from seguro.contributions.declarations import (
    DeclarationRejected,
    declarations_visible,
    period_parse,
)
from seguro.contributions.models import PayrollDeclaration
from seguro.core.errors import DomainError
from seguro.registry import scope
from seguro.registry.models import Employer


def _employer_for(request: HttpRequest, ruc: str | None) -> Employer | None:
    """The employer the page is about: the user's own, or (staff) the one of ``ruc`` in scope."""
    user_scope = scope.scope_of(request.user)
    if user_scope.employer_id:
        return Employer.objects.filter(pk=user_scope.employer_id).first()
    if not ruc or not getattr(request.user, "is_staff", False):
        return None
    return scope.employer_visible(request.user).filter(tax_id=ruc.strip()).first()


def _no_employer(request: HttpRequest, ruc: str | None) -> HttpResponse:
    return render(
        request,
        "contributions/no_employer.html",
        {"ruc": ruc, "staff": getattr(request.user, "is_staff", False)},
        status=403 if not ruc else 404,
    )


def _previous_month() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


class UploadForm(forms.Form):
    periodo = forms.CharField(
        label="Mes declarado",
        widget=forms.DateInput(attrs={"type": "month", "aria-describedby": "periodo-ayuda"}),
    )
    archivo = forms.FileField(
        label="Archivo de la planilla (CSV o XLSX)",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx", "aria-describedby": "archivo-ayuda"}
        ),
    )

    def clean_archivo(self) -> Any:
        upload = self.cleaned_data["archivo"]
        if upload.size and upload.size > intake.MAX_BYTES:
            limit = intake.MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"El archivo supera {limit} MB.")
        return upload


def _cents_to_dollars(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


@login_required
def declaration_upload(request: HttpRequest) -> HttpResponse:
    ruc = request.POST.get("ruc") or request.GET.get("ruc")
    employer = _employer_for(request, ruc)
    if employer is None:
        return _no_employer(request, ruc)
    errors: list[DomainError] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["archivo"]
            try:
                period = period_parse(form.cleaned_data["periodo"])
                declaration = intake.declaration_submit_file(
                    actor=request.user,
                    employer=employer,
                    period=period,
                    filename=upload.name,
                    content=upload.read(),
                )
            except DeclarationRejected as exc:
                errors = exc.errors
            except DomainError as exc:
                errors = [exc]
            else:
                messages.success(request, "Planilla recibida y guardada.")
                return redirect("contributions:detail", declaration_id=declaration.pk)
    else:
        form = UploadForm(initial={"periodo": f"{_previous_month():%Y-%m}"})
    context = {
        "employer": employer,
        "form": form,
        "errors": errors,
        "ruc": ruc if not scope.scope_of(request.user).employer_id else None,
    }
    return render(request, "contributions/upload.html", context)


@login_required
def declaration_list(request: HttpRequest) -> HttpResponse:
    ruc = request.GET.get("ruc")
    employer = _employer_for(request, ruc)
    if employer is None:
        return _no_employer(request, ruc)
    rows = declarations_visible(request.user).filter(employer=employer)
    period_text = request.GET.get("periodo", "").strip()
    period_error = None
    if period_text:
        try:
            rows = rows.filter(period=period_parse(period_text))
        except DomainError as exc:
            period_error = exc.message
    page = Paginator(rows.order_by("-period", "-version"), 48).get_page(request.GET.get("pagina"))
    context = {
        "employer": employer,
        "page": page,
        "rows": [(d, _cents_to_dollars(d.total_salary_cents)) for d in page.object_list],
        "periodo": period_text,
        "period_error": period_error,
        "ruc": ruc if not scope.scope_of(request.user).employer_id else None,
    }
    return render(request, "contributions/list.html", context)


@login_required
def declaration_detail(request: HttpRequest, declaration_id: int) -> HttpResponse:
    declaration = (
        declarations_visible(request.user)
        .select_related("employer", "replaces", "submitted_by")
        .filter(pk=declaration_id)
        .first()
    )
    if declaration is None:
        raise Http404("No existe esa planilla en su ámbito.")
    lines = declaration.lines.select_related("person").order_by("row_number")
    page = Paginator(lines, 100).get_page(request.GET.get("pagina"))
    replaced_by = PayrollDeclaration.objects.filter(replaces=declaration).first()
    staff_view = not scope.scope_of(request.user).employer_id
    context = {
        "declaration": declaration,
        "total": _cents_to_dollars(declaration.total_salary_cents),
        "page": page,
        "replaced_by": replaced_by,
        "ruc": declaration.employer.tax_id if staff_view else None,
        "lines": [(line, _cents_to_dollars(line.salary_cents)) for line in page.object_list],
    }
    return render(request, "contributions/detail.html", context)


@login_required
def format_page(request: HttpRequest) -> HttpResponse:
    text = intake.FORMAT_DOC.read_text(encoding="utf-8")
    return render(request, "contributions/format.html", {"text": text})


def _sample(path: Any, content_type: str) -> FileResponse:
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=content_type
    )


@login_required
def sample_csv(request: HttpRequest) -> FileResponse:
    return _sample(intake.SAMPLE_CSV, "text/csv; charset=utf-8")


@login_required
def sample_xlsx(request: HttpRequest) -> FileResponse:
    return _sample(
        intake.SAMPLE_XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
