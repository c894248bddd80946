"""Provider invoices checked line by line against the agreement, approved by a second person
and paid through the ledger; agreements about to expire; renewal."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.health.models import InvoiceState
from seguro.health.selectors import agreements_expiring
from seguro.health.services import (
    LineInput,
    ServiceTariff,
    agreement_renew,
    agreement_sign,
    invoice_approve,
    invoice_pay,
    invoice_register,
    invoice_review,
    provider_register,
)
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from tests import factories

pytestmark = pytest.mark.django_db


def _agreement(number: str = "IESS-LOJ-2024-001", ceiling: str = "1000.00"):
    provider = provider_register(
        actor=None,
        tax_id="1190012345001",
        name="Dializadora Nefroloja",
        kind="dialysis",
        canton_code="1101",
    )
    return agreement_sign(
        actor=None,
        provider=provider,
        number=number,
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 6, 30),
        ceiling=ceiling,
        services=[
            ServiceTariff("HD01", "Hemodiálisis (sesión)", "120.00"),
            ServiceTariff("LAB01", "Hemograma completo", "8.50"),
        ],
    )


def _lines():
    d = date(2024, 3, 10)
    return [
        LineInput("HD01", d, 4, "120.00"),  # 480.00: accepted
        LineInput("LAB01", d, 2, "9.00"),  # 9.00 > tariff 8.50: rejected
        LineInput("RX01", d, 1, "25.00"),  # not in the agreement: rejected
        LineInput("HD01", date(2024, 7, 1), 1, "120.00"),  # after 30-jun: rejected
        LineInput("HD01", d, 5, "120.00"),  # 600.00; 480 + 600 = 1080 > 1000: rejected
        LineInput("LAB01", d, 10, "8.50"),  # 85.00; 480 + 85 = 565 <= 1000: accepted
    ]


def test_invoice_lines_checked_one_by_one_then_approved_by_another_and_paid() -> None:
    agreement = _agreement()
    reviewer = factories.user("health_staff")
    approver = factories.user("health_staff")
    invoice = invoice_register(
        actor=reviewer,
        agreement=agreement,
        number="001-001-000123",
        issued_on=date(2024, 4, 2),
        lines=_lines(),
    )
    # Claimed: 480 + 18 + 25 + 120 + 600 + 85 = 1 328.00.
    assert invoice.claimed_cents == 132800
    invoice = invoice_review(actor=reviewer, invoice=invoice, on=date(2024, 4, 5))
    lines = list(invoice.lines.order_by("line_number"))
    assert [line.accepted for line in lines] == [True, False, False, False, False, True]
    assert lines[1].rejection_reason == (
        "El precio unitario 9,00 supera la tarifa del convenio 8,50 para LAB01."
    )
    assert lines[2].rejection_reason == (
        "El servicio RX01 no consta en el convenio IESS-LOJ-2024-001."
    )
    assert "fuera de la vigencia del convenio" in lines[3].rejection_reason
    assert lines[4].rejection_reason == (
        "Con esta línea se supera el monto máximo del convenio (1000,00); disponible 520,00."
    )
    # Accepted: 480.00 + 85.00 = 565.00.
    assert invoice.accepted_cents == 56500
    with pytest.raises(DomainError, match="no puede aprobarla"):
        invoice_approve(actor=reviewer, invoice=invoice)
    invoice = invoice_approve(actor=approver, invoice=invoice)
    assert invoice.state == InvoiceState.APPROVED
    invoice = invoice_pay(actor=approver, invoice=invoice, paid_on=date(2024, 4, 20))
    assert invoice.state == InvoiceState.PAID
    batch = LedgerBatch.objects.get(key=f"health-invoice:{invoice.pk}")
    entries = list(
        LedgerEntry.objects.filter(batch=batch).values(
            "fund",
            "kind",
            "amount_cents",
            "period",
            "province_code",
            "document_type",
            "document_id",
        )
    )
    assert entries == [
        {
            "fund": "health",
            "kind": "benefit_paid",
            "amount_cents": 56500,
            "period": date(2024, 4, 1),
            "province_code": "11",
            "document_type": "provider_invoice",
            "document_id": invoice.pk,
        }
    ]
    with pytest.raises(DomainError, match="solo se paga una factura aprobada"):
        invoice_pay(actor=approver, invoice=invoice, paid_on=date(2024, 4, 21))
    assert ledger_verify()[1] == []


def test_the_ceiling_counts_invoices_already_approved() -> None:
    agreement = _agreement()
    first = invoice_register(
        actor=None,
        agreement=agreement,
        number="A1",
        issued_on=date(2024, 4, 2),
        lines=[LineInput("HD01", date(2024, 3, 1), 7, "120.00")],  # 840.00
    )
    first = invoice_review(actor=None, invoice=first, on=date(2024, 4, 3))
    invoice_approve(actor=factories.user("health_staff"), invoice=first)
    second = invoice_register(
        actor=None,
        agreement=agreement,
        number="A2",
        issued_on=date(2024, 4, 9),
        lines=[
            LineInput("HD01", date(2024, 3, 2), 2, "120.00"),  # 240 > 1000 - 840 = 160
            LineInput("HD01", date(2024, 3, 3), 1, "120.00"),  # 120 <= 160: accepted
            LineInput("LAB01", date(2024, 3, 3), 5, "8.50"),  # 42.50 > 160 - 120 = 40
        ],
    )
    second = invoice_review(actor=None, invoice=second, on=date(2024, 4, 10))
    assert [x.accepted for x in second.lines.order_by("line_number")] == [False, True, False]
    assert second.accepted_cents == 12000


def test_agreements_expiring_within_n_days_and_renewal() -> None:
    agreement = _agreement()  # ends 30-jun-2024
    # On 1-jun: 29 days left. Within 29 days: listed; within 28: not.
    assert list(agreements_expiring(user=None, on=date(2024, 6, 1), within_days=29)) == [agreement]
    assert not agreements_expiring(user=None, on=date(2024, 6, 1), within_days=28).exists()
    renewed = agreement_renew(
        actor=None,
        agreement=agreement,
        number="IESS-LOJ-2024-077",
        valid_to=date(2029, 6, 30),
        ceiling="50000.00",
    )
    assert renewed.valid_from == date(2024, 7, 1)
    assert sorted(renewed.services.values_list("code", "tariff_cents")) == [
        ("HD01", 12000),
        ("LAB01", 850),
    ]
    assert not agreements_expiring(user=None, on=date(2024, 6, 1), within_days=29).exists()
    with pytest.raises(DomainError, match="ya fue renovado"):
        agreement_renew(
            actor=None,
            agreement=agreement,
            number="X",
            valid_to=date(2030, 1, 1),
            ceiling="1.00",
        )
