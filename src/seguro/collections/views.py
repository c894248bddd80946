"""Pages of collections. Thin: check the permission and scope, call a selector or a service,
render. Employers see their statement, receipts and agreements; collections officers (and
auditors, read-only) see arrears by territory, agreements, coactive cases and targets."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seguro.collections import scope, selectors
from seguro.collections.bankfile import BankFileError
from seguro.collections.models import AgreementStatus, CaseState
from seguro.collections.payments import bank_file_import
from seguro.core.errors import DomainError
from seguro.registry.models import Canton, Province
from seguro.registry.scope import scope_of


def _on(request: HttpRequest) -> date:
    try:
        return min(date.fromisoformat(request.GET.get("fecha", "")), date.today())
    except ValueError:
        return date.today()


def _denied(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "collections/denied.html", {"what": what}, status=403)


def _is_staff(request: HttpRequest) -> bool:
    return scope.staff_province(request.user)[0]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    links = []
    if user.has_perm("collections.view_payment"):
        links += [
            (
                "collections:statement",
                "Estado de cuenta",
                "Capital, intereses y multas por período.",
            ),
            ("collections:receipts", "Comprobantes de pago", "Pagos registrados y su imputación."),
        ]
    if user.has_perm("collections.view_paymentagreement"):
        links.append(
            ("collections:agreements", "Convenios de pago", "Cuotas, vencimientos y estado.")
        )
    if _is_staff(request) and user.has_perm("collections.view_enforcementcase"):
        links += [
            ("collections:arrears", "Mora patronal", "Cartera vencida por provincia y cantón."),
            ("collections:cases", "Coactiva", "Juicios coactivos y valores recuperados."),
        ]
    if _is_staff(request) and user.has_perm("collections.view_collectiontarget"):
        links.append(("collections:targets", "Metas", "Cumplimiento de metas de recaudación."))
    if _is_staff(request) and user.has_perm("collections.add_bankimport"):
        links.append(
            ("collections:bank-import", "Importar pagos", "Archivo del banco recaudador (CSV).")
        )
    return render(request, "collections/index.html", {"links": links})


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collections.view_payment"):
        return _denied(request, "el estado de cuenta")
    tax_id = request.GET.get("ruc", "").strip()
    employer = selectors.employer_for(user=request.user, tax_id=tax_id)
    if employer is None:
        if _is_staff(request) and not tax_id:
            return render(request, "collections/statement.html", {"ask": True})
        return _denied(request, "el estado de cuenta de ese empleador")
    on = _on(request)
    data = selectors.statement_of_account(user=request.user, employer=employer, on=on)
    if data is None:
        return _denied(request, "el estado de cuenta de ese empleador")
    own = scope_of(request.user).employer_id is not None
    return render(request, "collections/statement.html", {"s": data, "on": on, "own": own})


@login_required
def receipts(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collections.view_payment"):
        return _denied(request, "los comprobantes de pago")
    employer = None
    tax_id = request.GET.get("ruc", "").strip()
    if tax_id:
        employer = selectors.employer_for(user=request.user, tax_id=tax_id)
        if employer is None:
            return _denied(request, "los comprobantes de ese empleador")
    rows = selectors.receipts(user=request.user, employer=employer)[:200]
    return render(request, "collections/receipts.html", {"payments": rows, "employer": employer})


@login_required
def receipt(request: HttpRequest, number: int) -> HttpResponse:
    if not request.user.has_perm("collections.view_payment"):
        return _denied(request, "los comprobantes de pago")
    data = selectors.receipt(user=request.user, number=number)
    if data is None:
        return _denied(request, f"el comprobante {number}")
    return render(request, "collections/receipt.html", data)


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collections.view_paymentagreement"):
        return _denied(request, "los convenios de pago")
    status = request.GET.get("estado") or None
    if status not in (None, *AgreementStatus.values):
        status = None
    rows = selectors.agreements(user=request.user, status=status)[:500]
    return render(
        request,
        "collections/agreements.html",
        {"agreements": rows, "status": status, "statuses": AgreementStatus.choices},
    )


@login_required
def agreement(request: HttpRequest, number: int) -> HttpResponse:
    if not request.user.has_perm("collections.view_paymentagreement"):
        return _denied(request, "los convenios de pago")
    data = selectors.agreement_detail(user=request.user, number=number)
    if data is None:
        return _denied(request, f"el convenio {number}")
    return render(request, "collections/agreement.html", data)


@login_required
def arrears(request: HttpRequest) -> HttpResponse:
    allowed, limited = scope.staff_province(request.user)
    if not (allowed and request.user.has_perm("collections.view_enforcementcase")):
        return _denied(request, "la cartera en mora")
    province_code = request.GET.get("provincia") or limited
    canton_code = request.GET.get("canton") or None
    if limited and province_code != limited:
        return _denied(request, "la cartera de otra provincia")
    province = Province.objects.filter(code=province_code).first() if province_code else None
    canton = None
    if canton_code:
        canton = Canton.objects.filter(code=canton_code, province=province).first()
        if canton is None:
            return _denied(request, "ese cantón")
    on = date.today()
    data = selectors.arrears_by_territory(
        user=request.user,
        on=on,
        province_code=province.code if province else None,
        canton_code=canton.code if canton else None,
    )
    context = {**data, "on": on, "province": province, "canton": canton, "national": not limited}
    return render(request, "collections/arrears.html", context)


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    if not (_is_staff(request) and request.user.has_perm("collections.view_enforcementcase")):
        return _denied(request, "los juicios coactivos")
    state = request.GET.get("estado") or None
    if state not in (None, *CaseState.values):
        state = None
    context = {
        "cases": selectors.enforcement_cases(user=request.user, state=state)[:500],
        "recovered": selectors.recovered_by_province_year(user=request.user),
        "state": state,
        "states": CaseState.choices,
    }
    return render(request, "collections/cases.html", context)


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    if not (_is_staff(request) and request.user.has_perm("collections.view_collectiontarget")):
        return _denied(request, "las metas de recaudación")
    try:
        year = int(request.GET.get("anio", ""))
    except ValueError:
        year = date.today().year
    rows = selectors.targets_compliance(user=request.user, year=year)
    return render(request, "collections/targets.html", {"rows": rows, "year": year})


@login_required
def bank_import(request: HttpRequest) -> HttpResponse:
    if not (_is_staff(request) and request.user.has_perm("collections.add_bankimport")):
        return _denied(request, "la importación de pagos")
    errors: list[DomainError] = []
    if request.method == "POST":
        upload = request.FILES.get("archivo")
        if upload is None:
            errors = [DomainError("elija el archivo del banco.", field="archivo")]
        else:
            try:
                batch = bank_file_import(
                    actor=request.user, file_name=upload.name or "", content=upload.read()
                )
            except BankFileError as exc:
                errors = exc.errors
            except DomainError as exc:
                errors = [exc]
            else:
                messages.success(
                    request,
                    f"Se registraron {batch.row_count} pagos del archivo {batch.file_name}.",
                )
                return redirect("collections:receipts")
    return render(request, "collections/bank_import.html", {"errors": errors}, status=200)
