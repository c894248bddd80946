"""Provider invoices: registered as the provider sends them, reviewed line by line against the
agreement (service, validity, tariff, ceiling), approved by a second person and paid through
the ledger (fund health, kind benefit_paid, one batch per invoice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Sum

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.health.models import (
    InvoiceLine,
    InvoiceState,
    ProviderAgreement,
    ProviderInvoice,
)
from seguro.health.services._common import money_cents, usd
from seguro.ledger.models import EntryKind, Fund
from seguro.ledger.services import POSTING_SCHEMA, ledger_post
from seguro.registry.models import Person

INVOICE_JOB = "health-invoice"
INVOICE_DOCUMENT = "provider_invoice"
COMMITTED = (InvoiceState.APPROVED, InvoiceState.PAID)


@dataclass(frozen=True)
class LineInput:
    service_code: str
    service_date: date
    quantity: int
    unit_price: Any  # dollars, as typed
    patient: Person | None = None


@transaction.atomic
def invoice_register(
    *,
    actor: Any,
    agreement: ProviderAgreement,
    number: str,
    issued_on: date,
    lines: list[LineInput],
) -> ProviderInvoice:
    if not number.strip():
        raise DomainError("el número de factura es obligatorio.", field="número")
    if not lines:
        raise DomainError("la factura no tiene líneas.", field="líneas")
    if ProviderInvoice.objects.filter(agreement=agreement, number=number.strip()).exists():
        raise DomainError(f"la factura {number} ya fue registrada.", field="número")
    invoice = ProviderInvoice.objects.create(
        agreement=agreement, number=number.strip(), issued_on=issued_on
    )
    claimed = 0
    for index, line in enumerate(lines, start=1):
        if line.quantity < 1:
            raise DomainError(f"línea {index}: la cantidad debe ser al menos 1.", field="cantidad")
        price = money_cents(line.unit_price, f"precio unitario de la línea {index}")
        InvoiceLine.objects.create(
            invoice=invoice,
            line_number=index,
            service_code=line.service_code.strip().upper(),
            service_date=line.service_date,
            patient=line.patient,
            quantity=line.quantity,
            unit_price_cents=price,
            amount_cents=price * line.quantity,
        )
        claimed += price * line.quantity
    invoice.claimed_cents = claimed
    invoice.save(update_fields=["claimed_cents"])
    audit_event_record(
        actor=actor,
        action="health_invoice.register",
        target=invoice,
        summary=f"Factura {invoice.number} de {agreement.provider.name} por {usd(claimed)} USD",
        data={"agreement": agreement.number, "lines": len(lines), "claimed_cents": claimed},
    )
    return invoice


def _text(cents: int) -> str:
    """Dollars as written in Spanish messages (decimal comma)."""
    return str(usd(cents)).replace(".", ",")


def _committed_cents(agreement: ProviderAgreement, excluding: int) -> int:
    total = (
        ProviderInvoice.objects.filter(agreement=agreement, state__in=COMMITTED)
        .exclude(pk=excluding)
        .aggregate(total=Sum("accepted_cents"))["total"]
    )
    return int(total or 0)


def _line_review(
    line: InvoiceLine, agreement: ProviderAgreement, tariffs: dict[str, int], room: int
) -> tuple[str, list[dict[str, Any]]]:
    """The reason a line is rejected ('' when accepted) and the checks made, in order."""
    steps: list[dict[str, Any]] = []
    tariff = tariffs.get(line.service_code)
    if tariff is None:
        return f"El servicio {line.service_code} no consta en el convenio {agreement.number}.", [
            {"step": "Servicio incluido en el convenio", "value": False}
        ]
    steps.append({"step": f"Tarifa del convenio para {line.service_code}", "value": usd(tariff)})
    if not agreement.valid_from <= line.service_date <= agreement.valid_to:
        return (
            f"El servicio del {line.service_date:%d/%m/%Y} está fuera de la vigencia del convenio "
            f"({agreement.valid_from:%d/%m/%Y} a {agreement.valid_to:%d/%m/%Y}).",
            [*steps, {"step": "Fecha dentro de la vigencia", "value": False}],
        )
    if line.unit_price_cents > tariff:
        return (
            f"El precio unitario {_text(line.unit_price_cents)} supera la tarifa del convenio "
            f"{_text(tariff)} para {line.service_code}.",
            [*steps, {"step": "Precio unitario facturado", "value": usd(line.unit_price_cents)}],
        )
    steps.append({"step": "Valor de la línea", "value": usd(line.amount_cents)})
    if line.amount_cents > room:
        return (
            f"Con esta línea se supera el monto máximo del convenio "
            f"({_text(agreement.ceiling_cents)}); disponible {_text(room)}.",
            [*steps, {"step": "Saldo disponible del monto máximo", "value": usd(room)}],
        )
    return "", [*steps, {"step": "Saldo disponible antes de la línea", "value": usd(room)}]


@transaction.atomic
def invoice_review(*, actor: Any, invoice: ProviderInvoice, on: date) -> ProviderInvoice:
    """Check every line; the lines that pass are accepted in order while the ceiling allows."""
    invoice = ProviderInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.state not in (InvoiceState.RECEIVED, InvoiceState.REVIEWED):
        raise DomainError(
            f"la factura está {invoice.get_state_display().lower()}; ya no se revisa.",
            field="estado",
        )
    agreement = ProviderAgreement.objects.select_for_update().get(pk=invoice.agreement_id)
    tariffs = dict(agreement.services.values_list("code", "tariff_cents"))
    room = agreement.ceiling_cents - _committed_cents(agreement, invoice.pk)
    accepted = 0
    rejected: list[int] = []
    for line in invoice.lines.order_by("line_number"):
        reason, steps = _line_review(line, agreement, tariffs, room)
        line.accepted = not reason
        line.rejection_reason = reason
        line.explanation = [
            {"step": s["step"], "value": str(s["value"]) if s["value"] is not None else None}
            for s in steps
        ]
        line.save(update_fields=["accepted", "rejection_reason", "explanation"])
        if reason:
            rejected.append(line.line_number)
        else:
            accepted += line.amount_cents
            room -= line.amount_cents
    invoice.accepted_cents = accepted
    invoice.state = InvoiceState.REVIEWED
    invoice.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    invoice.reviewed_on = on
    invoice.save(update_fields=["accepted_cents", "state", "reviewed_by", "reviewed_on"])
    audit_event_record(
        actor=actor,
        action="health_invoice.review",
        target=invoice,
        summary=(
            f"Factura {invoice.number}: aceptado {usd(accepted)} de {usd(invoice.claimed_cents)};"
            f" líneas rechazadas: {', '.join(map(str, rejected)) or 'ninguna'}"
        ),
        data={"accepted_cents": accepted, "rejected_lines": rejected},
    )
    return invoice


@transaction.atomic
def invoice_approve(*, actor: Any, invoice: ProviderInvoice) -> ProviderInvoice:
    """A second person approves what the review accepted (maker-checker)."""
    invoice = ProviderInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.state != InvoiceState.REVIEWED:
        raise DomainError("solo se aprueba una factura revisada.", field="estado")
    actor_id = getattr(actor, "pk", None)
    if actor_id is not None and actor_id == invoice.reviewed_by_id:
        raise DomainError(
            "quien revisó la factura no puede aprobarla; debe aprobarla otra persona.",
            field="aprobador",
        )
    agreement = ProviderAgreement.objects.select_for_update().get(pk=invoice.agreement_id)
    if invoice.accepted_cents + _committed_cents(agreement, invoice.pk) > agreement.ceiling_cents:
        raise DomainError(
            "desde la revisión se aprobaron otras facturas y esta supera el monto máximo del "
            "convenio; revísela de nuevo.",
            field="monto máximo",
        )
    invoice.state = InvoiceState.APPROVED
    invoice.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    invoice.save(update_fields=["state", "approved_by"])
    audit_event_record(
        actor=actor,
        action="health_invoice.approve",
        target=invoice,
        summary=f"Factura {invoice.number} aprobada por {usd(invoice.accepted_cents)} USD",
        data={"accepted_cents": invoice.accepted_cents},
    )
    return invoice


@transaction.atomic
def invoice_pay(*, actor: Any, invoice: ProviderInvoice, paid_on: date) -> ProviderInvoice:
    """Pay the accepted amount: one ledger batch per invoice (its key is the invoice's)."""
    invoice = ProviderInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.state != InvoiceState.APPROVED:
        raise DomainError("solo se paga una factura aprobada.", field="estado")
    key = f"health-invoice:{invoice.pk}"
    frame = pl.DataFrame(
        [
            {
                "fund": Fund.HEALTH.value,
                "kind": EntryKind.BENEFIT_PAID.value,
                "amount_cents": invoice.accepted_cents,
                "period": date(paid_on.year, paid_on.month, 1),
                "province_code": invoice.agreement.province_id,  # the paying directorate
                "employer_id": None,
                "person_id": None,
                "document_type": INVOICE_DOCUMENT,
                "document_id": invoice.pk,
            }
        ],
        schema=POSTING_SCHEMA,
    )
    ledger_post(
        key=key, job=INVOICE_JOB, period=date(paid_on.year, paid_on.month, 1), entries=frame
    )
    invoice.state = InvoiceState.PAID
    invoice.paid_on = paid_on
    invoice.ledger_key = key
    invoice.save(update_fields=["state", "paid_on", "ledger_key"])
    audit_event_record(
        actor=actor,
        action="health_invoice.pay",
        target=invoice,
        summary=f"Factura {invoice.number} pagada: {usd(invoice.accepted_cents)} USD",
        data={"ledger_key": key, "paid_on": paid_on},
    )
    return invoice
