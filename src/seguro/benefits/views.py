"""Pages of benefits. Thin: check the role and scope, call a selector or one service, render.

- the benefits officer opens a claim for a person, checks its documents, computes it and pays it;
- the approver sees the computed claims and approves or denies them (never one they computed);
- the affiliate follows their claims, reads their contribution statement and simulates their
  old-age pension from their real history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from seguro.benefits import selectors, services
from seguro.benefits.kinds import spec_of
from seguro.benefits.models import (
    Claim,
    ClaimKind,
    ClaimState,
    SurvivorRelationship,
    UnemploymentCause,
)
from seguro.core.errors import DomainError
from seguro.core.roles import user_roles
from seguro.registry.models import Employer


def _denied(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "benefits/denied.html", {"what": what}, status=403)


def _is_officer(user: Any) -> bool:
    return bool(user.has_perm("benefits.change_claim"))


def _is_approver(user: Any) -> bool:
    return bool(user.is_superuser or "approver" in user_roles(user))


def _date(text: str | None, default: date | None = None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return default


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    links = []
    if _is_officer(user):
        links += [
            ("benefits:claim-new", "Nueva solicitud", "Abrir una solicitud para un afiliado."),
            ("benefits:claims", "Solicitudes", "Documentos, cálculo, pagos."),
        ]
    if _is_approver(user):
        links.append(
            ("benefits:approvals", "Por aprobar", "Solicitudes calculadas que esperan decisión.")
        )
    if selectors.own_person(user) is not None:
        links += [
            ("benefits:claims", "Mis solicitudes", "El estado de sus trámites."),
            ("benefits:my-statement", "Mis aportes", "Historia laboral y cuentas individuales."),
            ("benefits:simulator", "Simular mi jubilación", "Si me jubilo el día…"),
        ]
    return render(request, "benefits/index.html", {"links": links})


@login_required
def claims(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("benefits.view_claim") and selectors.own_person(user) is None:
        return _denied(request, "las solicitudes de prestaciones")
    state = request.GET.get("estado") or None
    if state not in (None, *ClaimState.values):
        state = None
    rows = selectors.claims(user=user, state=state)[:300]
    return render(
        request,
        "benefits/claims.html",
        {"claims": rows, "state": state, "states": ClaimState.choices},
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    if not _is_approver(request.user):
        return _denied(request, "las solicitudes por aprobar")
    rows = selectors.pending_decisions(user=request.user)[:300]
    return render(request, "benefits/approvals.html", {"claims": rows})


def _beneficiaries(request: HttpRequest, text: str) -> list[tuple[Any, str]]:
    """Lines "cédula;parentesco" → (person, relationship)."""
    labels = {str(label).lower(): value for value, label in SurvivorRelationship.choices}
    labels.update({value: value for value in SurvivorRelationship.values})
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        national_id, _, relationship = (part.strip() for part in line.partition(";"))
        person = selectors.person_by_id_number(user=request.user, national_id=national_id)
        if person is None:
            raise DomainError(
                f"no se encontró la cédula {national_id!r}.", field="beneficiarios", row=number
            )
        if relationship.lower() not in labels:
            raise DomainError(
                f"parentesco {relationship!r}: use cónyuge, hijo o padre.",
                field="beneficiarios",
                row=number,
            )
        result.append((person, labels[relationship.lower()]))
    return result


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("benefits.add_claim"):
        return _denied(request, "el registro de solicitudes")
    context: dict[str, Any] = {
        "kinds": ClaimKind.choices,
        "causes": UnemploymentCause.choices,
        "data": request.POST or {"presentada": date.today().isoformat()},
    }
    if request.method == "POST":
        post = request.POST
        try:
            applicant = selectors.person_by_id_number(
                user=request.user, national_id=post.get("cedula", "")
            )
            if applicant is None:
                raise DomainError("no se encontró esa cédula en su ámbito.", field="cédula")
            deceased = None
            if post.get("causante", "").strip():
                deceased = selectors.person_by_id_number(
                    user=request.user, national_id=post["causante"]
                )
                if deceased is None:
                    raise DomainError("no se encontró la cédula del causante.", field="causante")
            days = post.get("dias", "").strip()
            claim = services.claim_file(
                actor=request.user,
                kind=post.get("prestacion", ""),
                applicant=applicant,
                filed_on=_date(post.get("presentada"), date.today()) or date.today(),
                event_date=_date(post.get("fecha_hecho")),
                deceased=deceased,
                beneficiaries=_beneficiaries(request, post.get("beneficiarios", "")),
                days=int(days) if days.isdigit() else None,
                incapacity_percent=post.get("porcentaje") or None,
                cause=post.get("causa", ""),
                accident_reference=post.get("aviso", ""),
                expenses=post.get("gastos") or None,
            )
        except DomainError as exc:
            context["error"] = exc.as_text()
            return render(request, "benefits/claim_new.html", context, status=400)
        messages.success(request, f"Solicitud N.º {claim.pk} registrada.")
        return redirect("benefits:claim", pk=claim.pk)
    return render(request, "benefits/claim_new.html", context)


def _act(request: HttpRequest, claim: Claim) -> str:
    """Run the posted action on the claim; return the success message."""
    action = request.POST.get("accion")
    user: Any = request.user
    today = date.today()
    if action in ("documentos", "calcular", "pagar") and not _is_officer(user):
        raise DomainError("su usuario no puede tramitar solicitudes.", field="usuario")
    if action == "documentos":
        services.claim_documents_check(
            actor=user, claim=claim, codes=request.POST.getlist("documento")
        )
        return "Documentos verificados."
    if action == "calcular":
        services.claim_compute(actor=user, claim=claim)
        return "Solicitud calculada."
    if action == "aprobar":
        services.claim_approve(
            actor=user, claim=claim, on=today, note=request.POST.get("motivo", "")
        )
        return "Solicitud aprobada."
    if action == "negar":
        services.claim_deny(actor=user, claim=claim, reason=request.POST.get("motivo", ""))
        return "Solicitud negada."
    if action == "pagar":
        instalment = services.claim_pay(actor=user, claim=claim, on=today)
        return f"Pago {instalment.number} registrado."
    raise DomainError("acción desconocida.", field="acción")


def _plan_with_names(claim: Claim) -> list[dict[str, Any]]:
    """The planned liabilities with the employers' names (for the approver to read)."""
    plan = (claim.outputs or {}).get("employer_liability", [])
    names = dict(
        Employer.objects.filter(pk__in=[p["employer_id"] for p in plan]).values_list("pk", "name")
    )
    return [{**p, "employer": names.get(p["employer_id"], p["employer_id"])} for p in plan]


@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.claim_detail(user=user, pk=pk)
    if found is None:
        return _denied(request, f"la solicitud N.º {pk}")
    error = None
    if request.method == "POST":
        try:
            messages.success(request, _act(request, found))
            return redirect("benefits:claim", pk=pk)
        except DomainError as exc:
            error = exc.as_text()
            found = selectors.claim_detail(user=user, pk=pk) or found
    spec = spec_of(found.kind)
    context = {
        "claim": found,
        "documents": list(found.documents.select_related("checked_by")),
        "beneficiaries": list(found.beneficiaries.select_related("person")),
        "instalments": list(found.instalments.all()),
        "liabilities": list(found.liabilities.select_related("employer")),
        "plan": _plan_with_names(found),
        "is_officer": _is_officer(user),
        "is_approver": _is_approver(user),
        "computed_by_me": found.computed_by_id == user.pk,
        "is_pension": bool(spec.pension_kind),
        "error": error,
    }
    return render(request, "benefits/claim.html", context, status=400 if error else 200)


@login_required
def my_statement(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(request.user)
    if person is None:
        return _denied(request, "un estado de aportes: su usuario no es de un afiliado")
    on = date.today()
    data = selectors.contribution_statement(person=person, on=on)
    return render(request, "benefits/my_statement.html", {"person": person, "on": on, **data})


@login_required
def simulator(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(request.user)
    if person is None:
        return _denied(request, "el simulador: su usuario no es de un afiliado")
    on = _date(request.GET.get("fecha"))
    context: dict[str, Any] = {"person": person, "asked": request.GET.get("fecha", "")}
    if request.GET.get("fecha") and on is None:
        context["error"] = "Escriba una fecha válida (AAAA-MM-DD)."
    elif on is not None and on <= person.birth_date:
        context["error"] = "La fecha debe ser posterior a su nacimiento."
    elif on is not None:
        context["sim"] = selectors.old_age_simulation(person=person, on=on)
    return render(request, "benefits/simulator.html", context)
