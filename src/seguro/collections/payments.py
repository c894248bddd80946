"""Payments: registered by hand or imported from a bank file, allocated to the oldest debt
first, posted to the ledger and given a gap-free receipt number, all in one transaction. A
payment at the window is one ledger batch; a bank file's payments are one batch per month of
payment (collections.posting.BankFilePosting).

Allocation order (debts.slots): the oldest due date first (= the oldest period); within a
period interest accrued to the payment date first, then fines, then principal; an active
agreement's instalment by its own due date. Interest goes first because an unpaid interest
balance earns nothing while unpaid principal keeps accruing (LSS Art. 89), so this order is
the one that leaves the debtor the smallest future interest, and it is the order of C.D. 517's
liquidation (interest of each late contribution computed on the day it is paid).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from seguro.collections._common import money_cents, next_number, not_future, require_debtor, usd
from seguro.collections.bankfile import BankFileError, BankRow, bank_file_parse
from seguro.collections.debts import Debtor, Position, Slot, position, slots
from seguro.collections.models import (
    AgreementInstalment,
    AgreementItem,
    AgreementStatus,
    BankImport,
    Component,
    Fine,
    Payment,
    PaymentAllocation,
    PaymentSource,
)
from seguro.collections.posting import BankFilePosting, payment_post
from seguro.contributions.models import Obligation
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry.models import Employer, Person
from seguro.registry.scope import scope_of


@dataclass
class Draft:
    component: str
    amount_cents: int
    in_arrears: bool
    obligation: Obligation | None = None
    fine: Fine | None = None
    item: AgreementItem | None = None
    instalment: AgreementInstalment | None = None


def _instalment_drafts(
    pos: Position, slot: Slot, take: int, paid_on: date, taken: dict[int, int]
) -> list[Draft]:
    drafts = []
    left = take
    for item in pos.items:
        if left == 0:
            break
        free = item.amount_cents - pos.item_paid.get(item.pk, 0) - taken.get(item.pk, 0)
        part = min(left, free)
        if part <= 0:
            continue
        taken[item.pk] = taken.get(item.pk, 0) + part
        left -= part
        due = item.fine.due_date if item.fine else item.obligation.due_date  # type: ignore[union-attr]
        drafts.append(
            Draft(
                item.component,
                part,
                paid_on > due,
                obligation=item.obligation,
                fine=item.fine,
                item=item,
                instalment=slot.instalment,
            )
        )
    if left:  # the schedule sums to the items by construction
        raise DomainError("el calendario del convenio no cuadra con sus rubros.", field="convenio")
    return drafts


def allocation_plan(pos: Position, amount_cents: int) -> list[Draft]:
    """How ``amount_cents`` paid on ``pos.on`` settles the debtor's debts (see module doc)."""
    remaining = amount_cents
    drafts: list[Draft] = []
    taken: dict[int, int] = {}
    for slot in slots(pos):
        if remaining == 0:
            break
        take = min(remaining, slot.owed_cents)
        remaining -= take
        if slot.component == "instalment":
            drafts.extend(_instalment_drafts(pos, slot, take, pos.on, taken))
        elif slot.component == Component.FINE:
            assert slot.fine_line is not None
            fine = slot.fine_line.fine
            drafts.append(Draft(Component.FINE, take, pos.on > fine.due_date, fine=fine))
        else:
            assert slot.line is not None
            obligation = slot.line.obligation
            drafts.append(
                Draft(slot.component, take, pos.on > obligation.due_date, obligation=obligation)
            )
    if remaining:
        raise DomainError(
            f"el valor {usd(amount_cents)} excede la deuda de {pos.debtor.identifier} al "
            f"{pos.on:%d/%m/%Y} ({usd(amount_cents - remaining)} USD, incluidas las "
            "obligaciones por vencer); no se registran pagos en exceso.",
            field="valor",
        )
    return drafts


def _apply(drafts: list[Draft], paid_on: date) -> None:
    """Update the balances the drafts settle (the debtor's row is locked by the caller)."""
    agreements = set()
    for draft in drafts:
        if draft.item is not None:
            draft.item.paid_cents += draft.amount_cents
            draft.item.save(update_fields=["paid_cents"])
            agreements.add(draft.item.agreement_id)
        if draft.instalment is not None:
            instalment = AgreementInstalment.objects.get(pk=draft.instalment.pk)
            instalment.paid_cents += draft.amount_cents
            if instalment.paid_cents == instalment.amount_cents:
                instalment.paid_on = paid_on
            instalment.save(update_fields=["paid_cents", "paid_on"])
        if draft.component == Component.PRINCIPAL:
            obligation = Obligation.objects.get(pk=draft.obligation.pk)  # type: ignore[union-attr]
            obligation.paid_cents += draft.amount_cents
            if obligation.paid_cents == obligation.total_cents:
                obligation.paid_on = paid_on
            obligation.save(update_fields=["paid_cents", "paid_on"])
        elif draft.component == Component.FINE:
            fine = Fine.objects.get(pk=draft.fine.pk)  # type: ignore[union-attr]
            fine.paid_cents += draft.amount_cents
            fine.save(update_fields=["paid_cents"])
    for agreement_id in agreements:
        item_rows = AgreementItem.objects.filter(agreement_id=agreement_id)
        agreement = item_rows.first().agreement  # type: ignore[union-attr]
        current = item_rows.filter(version=agreement.version)
        if all(i.paid_cents == i.amount_cents for i in current):
            agreement.status = AgreementStatus.COMPLETED
            agreement.save(update_fields=["status"])


def _lock_debtor(employer: Employer | None, person: Person | None) -> None:
    """Payments of one debtor are allocated one after another."""
    if employer is not None:
        Employer.objects.select_for_update().filter(pk=employer.pk).first()
    elif person is not None:
        Person.objects.select_for_update().filter(pk=person.pk).first()


@transaction.atomic
def payment_register(
    *,
    actor: Any,
    paid_on: date,
    amount: Any,
    employer: Employer | None = None,
    person: Person | None = None,
    bank_reference: str | None = None,
    bank_import: BankImport | None = None,
    posting: BankFilePosting | None = None,
) -> Payment:
    """Register a payment, allocate it, post it to the ledger and number its receipt. A bank
    file's payments pass the file's ``posting``, which posts them together at its end."""
    require_debtor(actor, employer, person)
    not_future(paid_on, "fecha de pago")
    cents = money_cents(amount, "valor")
    reference = (bank_reference or "").strip() or None
    if reference and Payment.objects.filter(bank_reference=reference).exists():
        raise DomainError(
            f"la referencia bancaria {reference} ya fue registrada; el pago no se cuenta dos "
            "veces.",
            field="referencia_banco",
        )
    _lock_debtor(employer, person)
    debtor = Debtor(employer=employer, person=person)
    last = Payment.objects.filter(**debtor.filter).aggregate(last=Max("paid_on"))["last"]
    if last is not None and paid_on < last:
        raise DomainError(
            f"ya hay un pago de {debtor.identifier} del {last:%d/%m/%Y}; los pagos se registran "
            "en orden de fecha.",
            field="fecha de pago",
        )
    pos = position(debtor, paid_on)
    drafts = allocation_plan(pos, cents)
    payment = Payment.objects.create(
        receipt_number=next_number("receipt"),
        employer=employer,
        person=person,
        province_code=debtor.province_code,
        paid_on=paid_on,
        amount_cents=cents,
        source=PaymentSource.BANK if bank_import or reference else PaymentSource.MANUAL,
        bank_reference=reference,
        bank_import=bank_import,
        registered_by=actor if getattr(actor, "pk", None) else None,
    )
    allocations = PaymentAllocation.objects.bulk_create(
        [
            PaymentAllocation(
                payment=payment,
                seq=seq,
                component=d.component,
                obligation=d.obligation,
                fine=d.fine,
                amount_cents=d.amount_cents,
                in_arrears=d.in_arrears,
                agreement_item=d.item,
                instalment=d.instalment,
            )
            for seq, d in enumerate(drafts, start=1)
        ]
    )
    _apply(drafts, paid_on)
    if posting is None:
        payment.ledger_batch = payment_post(payment, allocations)
        payment.save(update_fields=["ledger_batch"])
    by_component: dict[str, int] = {}
    for d in drafts:
        by_component[d.component] = by_component.get(d.component, 0) + d.amount_cents
    audit_event_record(
        actor=actor,
        action="payment.register",
        target=payment,
        summary=f"Pago {usd(cents)} USD de {debtor.identifier} (comprobante "
        f"{payment.receipt_number})",
        data={
            "paid_on": paid_on,
            "amount_cents": cents,
            "reference": reference,
            "allocated": by_component,
        },
    )
    if posting is not None:
        posting.add(payment, allocations)  # last: a refused payment leaves nothing in it
    return payment


def _debtors(rows: list[BankRow]) -> tuple[dict[str, Employer], dict[str, Person]]:
    tax_ids = [r.debtor_id for r in rows if r.is_tax_id]
    national_ids = [r.debtor_id for r in rows if not r.is_tax_id]
    employers = {
        e.tax_id: e for e in Employer.objects.filter(tax_id__in=tax_ids).select_related("canton")
    }
    people = {
        p.national_id: p
        for p in Person.objects.filter(national_id__in=national_ids).select_related("canton")
        if p.national_id
    }
    return employers, people


@transaction.atomic
def bank_file_import(*, actor: Any, file_name: str, content: bytes) -> BankImport:
    """Import a bank file: every row is checked and registered; any defect refuses the file
    (nothing is stored) with every defect listed by row (:class:`BankFileError`)."""
    scope = scope_of(actor)
    if scope.employer_id or scope.person_id or scope.nothing:
        raise DomainError("solo el personal del instituto importa archivos bancarios.")
    rows, errors = bank_file_parse(content)
    imported = set(
        Payment.objects.filter(bank_reference__in=[r.reference for r in rows]).values_list(
            "bank_reference", flat=True
        )
    )
    employers, people = _debtors(rows)
    valid: list[tuple[BankRow, Employer | None, Person | None]] = []
    for row in rows:
        if row.reference in imported:
            errors.append(
                DomainError(
                    f"la referencia {row.reference} ya fue importada; no se cuenta dos veces.",
                    field="referencia_banco",
                    row=row.row,
                )
            )
            continue
        employer = employers.get(row.debtor_id) if row.is_tax_id else None
        person = people.get(row.debtor_id) if not row.is_tax_id else None
        if employer is None and person is None:
            what = "empleador con el RUC" if row.is_tax_id else "afiliado con la cédula"
            errors.append(
                DomainError(f"no hay un {what} {row.debtor_id}.", field="ruc_o_cedula", row=row.row)
            )
            continue
        valid.append((row, employer, person))
    batch = BankImport.objects.create(
        file_name=file_name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        row_count=len(valid),
        total_cents=sum(r.amount_cents for r, _, _ in valid),
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    posting = BankFilePosting(batch.sha256)
    for row, employer, person in sorted(valid, key=lambda v: (v[0].paid_on, v[0].row)):
        try:
            with transaction.atomic():
                payment_register(
                    actor=actor,
                    paid_on=row.paid_on,
                    amount=usd(row.amount_cents),
                    employer=employer,
                    person=person,
                    bank_reference=row.reference,
                    bank_import=batch,
                    posting=posting,
                )
        except DomainError as exc:
            errors.append(DomainError(exc.message, field=exc.field, row=row.row))
    if errors:
        raise BankFileError(errors)
    posting.post()
    audit_event_record(
        actor=actor,
        action="payment.bank_import",
        target=batch,
        summary=f"Archivo bancario {batch.file_name}: {batch.row_count} pagos, "
        f"{usd(batch.total_cents)} USD",
        data={"sha256": batch.sha256, "rows": batch.row_count},
    )
    return batch
