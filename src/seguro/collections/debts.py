"""What a debtor owes on a date: principal, interest and fines per obligation, and the part held
by an active payment agreement. Read-only; the payment services and the selectors share it.

Interest (LSS Art. 89, rule ``arrears_interest``) is never stored as a balance. On a date D the
interest owed on an obligation is its interest *liability* minus the interest already paid:

    liability = Σ interest(principal paid at P_k, due date, P_k)      for each earlier payment
              + interest(principal still unpaid, due date, D)
    owed      = max(0, liability − interest paid up to D)

so a partial payment settles the interest of what it pays, and the rest keeps accruing from the
due date at the rate in force on the liquidation date (Art. 89). While an agreement is active,
what it covers does not accrue: its interest was liquidated (frozen) when it was signed or
reactivated; principal it paid counts with that freeze date. A fallen agreement reopens the
debt: interest accrues again from the due date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from seguro.collections import law
from seguro.collections.models import (
    COMPONENT_RANK,
    AgreementInstalment,
    AgreementItem,
    AgreementStatus,
    Component,
    Fine,
    PaymentAgreement,
    PaymentAllocation,
)
from seguro.contributions.models import Obligation
from seguro.registry.models import Employer, Person


@dataclass(frozen=True)
class Debtor:
    employer: Employer | None = None
    person: Person | None = None

    def __post_init__(self) -> None:
        if (self.employer is None) == (self.person is None):
            raise ValueError("a debtor is an employer or a person")

    @property
    def filter(self) -> dict[str, Any]:
        if self.employer is not None:
            return {"employer": self.employer}
        return {"person": self.person}

    @property
    def province_code(self) -> str:
        holder: Any = self.employer or self.person
        return str(holder.canton.province_id)

    @property
    def identifier(self) -> str:
        if self.employer is not None:
            return self.employer.tax_id
        assert self.person is not None
        return self.person.identifier


@dataclass
class ObligationLine:
    obligation: Obligation
    principal_paid_cents: int
    outstanding_cents: int
    interest_cents: int
    months: int = 0
    annual_rate: Decimal | None = None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    held_interest_cents: int = 0  # part of interest_cents held by the active agreement
    held_principal_cents: int = 0  # part of outstanding_cents held by the active agreement

    @property
    def free_interest_cents(self) -> int:
        return self.interest_cents - self.held_interest_cents

    @property
    def free_principal_cents(self) -> int:
        return self.outstanding_cents - self.held_principal_cents


@dataclass
class FineLine:
    fine: Fine
    outstanding_cents: int
    held_cents: int = 0

    @property
    def free_cents(self) -> int:
        return self.outstanding_cents - self.held_cents


@dataclass
class Slot:
    """One debt a payment can settle, in allocation order (see :func:`slots`)."""

    key: tuple[Any, ...]
    component: str  # interest | fine | principal | instalment
    owed_cents: int
    line: ObligationLine | None = None
    fine_line: FineLine | None = None
    instalment: AgreementInstalment | None = None


@dataclass
class Position:
    debtor: Debtor
    on: date
    obligations: list[ObligationLine]
    fines: list[FineLine]
    agreement: PaymentAgreement | None = None
    items: list[AgreementItem] = field(default_factory=list)
    item_paid: dict[int, int] = field(default_factory=dict)
    instalments: list[AgreementInstalment] = field(default_factory=list)  # unpaid at `on`

    @property
    def principal_cents(self) -> int:
        return sum(line.outstanding_cents for line in self.obligations)

    @property
    def interest_cents(self) -> int:
        return sum(line.interest_cents for line in self.obligations)

    @property
    def fines_cents(self) -> int:
        return sum(line.outstanding_cents for line in self.fines)

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.interest_cents + self.fines_cents

    def overdue(self) -> tuple[list[ObligationLine], list[FineLine]]:
        """Obligations past their due date and fines past theirs, with something owed."""
        lines = [
            line
            for line in self.obligations
            if line.obligation.due_date < self.on
            and (line.outstanding_cents or line.interest_cents)
        ]
        fines = [f for f in self.fines if f.fine.due_date < self.on and f.outstanding_cents]
        return lines, fines


def _allocations(obligation_ids: list[int], fine_ids: list[int]) -> list[PaymentAllocation]:
    return list(
        PaymentAllocation.objects.filter(
            Q(obligation_id__in=obligation_ids) | Q(fine_id__in=fine_ids)
        )
        .select_related("payment", "agreement_item")
        .order_by("payment__paid_on", "payment_id", "seq")
    )


def active_agreement(debtor: Debtor, on: date) -> PaymentAgreement | None:
    if debtor.employer is None:
        return None
    return PaymentAgreement.objects.filter(
        employer=debtor.employer, status=AgreementStatus.ACTIVE, version_start__lte=on
    ).first()


def interest_liability(
    obligation: Obligation,
    outstanding_cents: int,
    principal_payments: list[tuple[date, int]],
    on: date,
) -> dict[str, Any]:
    """Interest accrued on an obligation up to ``on`` (see the module docstring)."""
    due = obligation.due_date
    total = 0
    for paid_on, amount in principal_payments:
        if paid_on > due:
            total += law.interest(amount, due, paid_on)["cents"]
    result: dict[str, Any] = {"cents": total, "months": 0, "annual_rate": None, "explanation": []}
    if outstanding_cents > 0 and on > due:
        current = law.interest(outstanding_cents, due, on)
        result.update(current)
        result["cents"] = total + current["cents"]
    return result


def position(debtor: Debtor, on: date) -> Position:
    """Everything the debtor owes on ``on`` (payments of that day included)."""
    obligations = list(
        Obligation.objects.filter(**debtor.filter, period__lte=on)
        .filter(Q(paid_on__isnull=True) | Q(paid_on__gt=on))
        .order_by("due_date", "period", "id")
    )
    fines: list[Fine] = []
    if debtor.employer is not None:  # few per employer: read them all, settle as of `on` below
        fines = list(
            Fine.objects.filter(employer=debtor.employer, imposed_on__lte=on).order_by(
                "due_date", "id"
            )
        )
    agreement = active_agreement(debtor, on)
    items: list[AgreementItem] = []
    if agreement is not None:
        items = list(
            agreement.items.filter(version=agreement.version)
            .select_related("obligation", "fine")
            .order_by("rank")
        )
    # An agreement's items may point at debts it already paid off (no longer open): their
    # allocations still count towards the items and instalments that paid them.
    obligation_ids = {o.pk for o in obligations} | {
        i.obligation_id for i in items if i.obligation_id is not None
    }
    fine_ids = {f.pk for f in fines} | {i.fine_id for i in items if i.fine_id is not None}
    allocations = _allocations(sorted(obligation_ids), sorted(fine_ids))
    all_principal: dict[int, int] = defaultdict(int)
    principal_payments: dict[int, list[tuple[date, int]]] = defaultdict(list)
    interest_paid: dict[int, int] = defaultdict(int)
    fine_paid: dict[int, int] = defaultdict(int)
    item_paid: dict[int, int] = defaultdict(int)
    for alloc in allocations:
        as_of = alloc.payment.paid_on <= on
        if alloc.component == Component.PRINCIPAL:
            all_principal[alloc.obligation_id] += alloc.amount_cents  # type: ignore[index]
        if not as_of:
            continue
        if alloc.agreement_item_id is not None:
            item_paid[alloc.agreement_item_id] += alloc.amount_cents
        if alloc.component == Component.PRINCIPAL:
            when = alloc.agreement_item.frozen_on if alloc.agreement_item else alloc.payment.paid_on
            principal_payments[alloc.obligation_id].append(  # type: ignore[index]
                (when, alloc.amount_cents)
            )
        elif alloc.component == Component.INTEREST:
            interest_paid[alloc.obligation_id] += alloc.amount_cents  # type: ignore[index]
        else:
            fine_paid[alloc.fine_id] += alloc.amount_cents  # type: ignore[index]
    held: dict[tuple[str, int], int] = {}
    for item in items:
        target = item.obligation_id if item.component != Component.FINE else item.fine_id
        assert target is not None
        remaining = item.amount_cents - item_paid.get(item.pk, 0)
        held[(item.component, target)] = held.get((item.component, target), 0) + remaining
    covered = {item.obligation_id for item in items if item.obligation_id is not None}
    lines = []
    for obligation in obligations:
        outside = max(0, obligation.paid_cents - all_principal.get(obligation.pk, 0))
        paid = outside + sum(amount for _, amount in principal_payments.get(obligation.pk, []))
        outstanding = obligation.total_cents - paid
        if obligation.pk in covered:  # frozen by the agreement: no new interest
            held_interest = held.get((Component.INTEREST, obligation.pk), 0)
            line = ObligationLine(
                obligation, paid, outstanding, held_interest, held_interest_cents=held_interest
            )
        else:
            accrued = interest_liability(
                obligation, outstanding, principal_payments.get(obligation.pk, []), on
            )
            owed = max(0, accrued["cents"] - interest_paid.get(obligation.pk, 0))
            line = ObligationLine(
                obligation,
                paid,
                outstanding,
                owed,
                months=accrued["months"],
                annual_rate=accrued["annual_rate"],
                explanation=accrued["explanation"],
            )
        line.held_principal_cents = min(
            outstanding, held.get((Component.PRINCIPAL, obligation.pk), 0)
        )
        if line.outstanding_cents or line.interest_cents:
            lines.append(line)
    fine_lines = []
    for fine in fines:
        outstanding = fine.amount_cents - fine_paid.get(fine.pk, 0)
        if outstanding > 0:
            fine_lines.append(
                FineLine(
                    fine, outstanding, min(outstanding, held.get((Component.FINE, fine.pk), 0))
                )
            )
    instalments: list[AgreementInstalment] = []
    if agreement is not None:
        paid_by_instalment: dict[int, int] = defaultdict(int)
        for alloc in allocations:
            if alloc.instalment_id is not None and alloc.payment.paid_on <= on:
                paid_by_instalment[alloc.instalment_id] += alloc.amount_cents
        for instalment in agreement.instalments.filter(version=agreement.version).order_by(
            "number"
        ):
            paid_then = paid_by_instalment.get(instalment.pk, 0)
            if paid_then < instalment.amount_cents:
                instalment.paid_cents = paid_then
                instalments.append(instalment)
    return Position(debtor, on, lines, fine_lines, agreement, items, dict(item_paid), instalments)


def slots(pos: Position) -> list[Slot]:
    """Debts in the order a payment settles them: the oldest due date first; on the same due
    date interest, then fines, then principal; an agreement instalment by its own due date,
    settling the debt it holds in the agreement's order."""
    found: list[Slot] = []
    for line in pos.obligations:
        o = line.obligation
        if line.free_interest_cents > 0:
            key = (o.due_date, COMPONENT_RANK[Component.INTEREST], o.period, o.pk)
            found.append(Slot(key, Component.INTEREST, line.free_interest_cents, line=line))
        if line.free_principal_cents > 0:
            key = (o.due_date, COMPONENT_RANK[Component.PRINCIPAL], o.period, o.pk)
            found.append(Slot(key, Component.PRINCIPAL, line.free_principal_cents, line=line))
    for fine_line in pos.fines:
        f = fine_line.fine
        if fine_line.free_cents > 0:
            key = (f.due_date, COMPONENT_RANK[Component.FINE], f.period, f.pk)
            found.append(Slot(key, Component.FINE, fine_line.free_cents, fine_line=fine_line))
    for instalment in pos.instalments:
        key = (instalment.due_date, -1, instalment.due_date, instalment.number)
        found.append(Slot(key, "instalment", instalment.outstanding_cents, instalment=instalment))
    return sorted(found, key=lambda slot: slot.key)
