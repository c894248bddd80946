"""Procurement processes from the annual plan (PAC) to the contract, in the law's order."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.institution import procurement_law
from seguro.institution.models import (
    BudgetLine,
    OrganisationalUnit,
    ProcurementCategory,
    ProcurementProcess,
    ProcurementStage,
    ProcurementStageChange,
    ProcurementType,
)
from seguro.institution.scope import scope_require_unit
from seguro.institution.services._common import choice, money, text
from seguro.institution.services._common import year as year_check
from seguro.registry import ids

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9\-/.]{2,59}$")


def _stage_name(stage: str) -> str:
    return str(ProcurementStage(stage).label).lower()


def _locked(process: ProcurementProcess, actor: Any) -> ProcurementProcess:
    locked = (
        ProcurementProcess.objects.select_for_update().select_related("unit").get(pk=process.pk)
    )
    scope_require_unit(actor, locked.unit)
    return locked


def _require_transition(process: ProcurementProcess, stage: str, on: date) -> None:
    allowed = procurement_law.stage_successors(process.stage, process.procurement_type)
    if stage not in allowed:
        names = ", ".join(_stage_name(s) for s in allowed) or "ninguna (etapa final)"
        raise DomainError(
            f"un proceso {_stage_name(process.stage)} no puede pasar a "
            f"{_stage_name(stage)}; etapas permitidas: {names}.",
            field="etapa",
        )
    last = process.stage_changes.order_by("-on", "-id").first()
    if last is not None and on < last.on:
        raise DomainError(
            f"la fecha {on:%d/%m/%Y} es anterior a la etapa anterior "
            f"({last.get_stage_display().lower()} el {last.on:%d/%m/%Y}).",
            field="fecha",
        )
    if on > date.today():
        raise DomainError(f"la fecha {on:%d/%m/%Y} está en el futuro.", field="fecha")


@transaction.atomic
def procurement_process_plan(
    *,
    actor: Any,
    unit: OrganisationalUnit,
    code: str,
    year: int,
    procurement_type: str,
    category: str,
    object: str,
    budget: Any,
    planned_on: date,
    budget_line: BudgetLine | None = None,
) -> ProcurementProcess:
    """A process planned in the annual procurement plan (PAC) of a unit."""
    scope_require_unit(actor, unit)
    code = text(code, "código del proceso", 60).upper()
    if not CODE_PATTERN.match(code):
        raise DomainError(
            "el código admite letras, números, guiones, puntos y barras (p. ej. SIE-IESS-001).",
            field="código del proceso",
        )
    if ProcurementProcess.objects.filter(code=code).exists():
        raise DomainError(f"ya existe el proceso {code}.", field="código del proceso")
    plan_year = year_check(year, "año del PAC")
    choice(procurement_type, ProcurementType, "tipo de contratación")
    choice(category, ProcurementCategory, "categoría")
    amount = money(budget, "presupuesto referencial")
    if budget_line is not None and (
        budget_line.unit_id != unit.pk or budget_line.year != plan_year
    ):
        raise DomainError(
            "la partida debe ser de la misma unidad y del mismo año del PAC.",
            field="partida presupuestaria",
        )
    if planned_on > date.today():
        raise DomainError("la fecha de planificación está en el futuro.", field="fecha")
    process = ProcurementProcess.objects.create(
        code=code,
        unit=unit,
        year=plan_year,
        procurement_type=procurement_type,
        category=category,
        object=text(object, "objeto de contratación", 300),
        budget=amount,
        budget_line=budget_line,
        stage=ProcurementStage.PLANNED,
    )
    ProcurementStageChange.objects.create(
        process=process, stage=ProcurementStage.PLANNED, on=planned_on, note="Incluido en el PAC"
    )
    audit_event_record(
        actor=actor,
        action="institution.procurement.plan",
        target=process,
        summary=f"Proceso {code} planificado en el PAC {plan_year}",
        data={"type": procurement_type, "budget": amount, "unit": unit.code},
    )
    return process


@transaction.atomic
def procurement_stage_advance(
    *, actor: Any, process: ProcurementProcess, stage: str, on: date, note: str = ""
) -> ProcurementProcess:
    """Publish, sign the contract, declare deserted or cancel, in the law's order.

    The award has its own service (procurement_award): it needs the amount and the supplier.
    """
    process = _locked(process, actor)
    choice(stage, ProcurementStage, "etapa")
    if stage == ProcurementStage.AWARDED:
        raise DomainError(
            "la adjudicación se registra con su monto y proveedor (adjudicar).", field="etapa"
        )
    _require_transition(process, stage, on)
    before = process.stage
    process.stage = stage
    fields = ["stage"]
    if stage == ProcurementStage.CONTRACT_SIGNED:
        process.contract_date = on
        fields.append("contract_date")
    process.save(update_fields=fields)
    ProcurementStageChange.objects.create(
        process=process, stage=stage, on=on, note=text(note, "observación", 300, required=False)
    )
    audit_event_record(
        actor=actor,
        action="institution.procurement.stage",
        target=process,
        summary=f"Proceso {process.code}: {_stage_name(before)} → {_stage_name(stage)}",
        data={"before": before, "stage": stage, "on": on},
    )
    return process


@transaction.atomic
def procurement_award(
    *,
    actor: Any,
    process: ProcurementProcess,
    on: date,
    amount: Any,
    supplier_name: str,
    supplier_tax_id: str,
) -> ProcurementProcess:
    """Award the process to a supplier (RUC) for an amount."""
    process = _locked(process, actor)
    _require_transition(process, ProcurementStage.AWARDED, on)
    value = money(amount, "monto adjudicado")
    try:
        tax_id, _kind = ids.tax_id_validate(supplier_tax_id)
    except ids.InvalidId as exc:
        raise DomainError(f"RUC inválido: {exc}", field="RUC del proveedor") from None
    process.stage = ProcurementStage.AWARDED
    process.awarded_amount = value
    process.awarded_on = on
    process.supplier_name = text(supplier_name, "proveedor", 200)
    process.supplier_tax_id = tax_id
    process.save(
        update_fields=["stage", "awarded_amount", "awarded_on", "supplier_name", "supplier_tax_id"]
    )
    ProcurementStageChange.objects.create(
        process=process, stage=ProcurementStage.AWARDED, on=on, note=f"Adjudicado a {tax_id}"
    )
    audit_event_record(
        actor=actor,
        action="institution.procurement.award",
        target=process,
        summary=f"Proceso {process.code} adjudicado a {tax_id} por USD {value:,.2f}",
        data={"amount": value, "supplier_tax_id": tax_id, "on": on},
    )
    return process
