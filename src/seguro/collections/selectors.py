"""Collections reads for pages and reports, always through the user's scope (collections.scope).

Money leaves here as Decimal dollars (``*_usd``) or integer cents (``*_cents``), never float.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from seguro.collections import scope
from seguro.collections._common import usd
from seguro.collections.debts import Debtor, position
from seguro.collections.models import (
    AgreementStatus,
    CaseState,
    CollectionTarget,
    CreditTitle,
    EnforcementCase,
    Payment,
    PaymentAgreement,
    PaymentAllocation,
    TargetKind,
)
from seguro.collections.posting import ALLOCATION_DOCUMENT
from seguro.ledger.models import EntryKind, LedgerEntry
from seguro.registry.models import Canton, Employer, Province
from seguro.registry.scope import employer_visible, scope_of
from seguro.rules.arrears import arrears_interest_columns


def employer_for(*, user: Any, tax_id: str | None = None) -> Employer | None:
    """The employer a page is about: an employer user's own; for staff, the one asked for if it
    is in their scope. None when there is none the user may see."""
    own = scope_of(user).employer_id
    employers = employer_visible(user).select_related("canton__province")
    if own is not None:
        return employers.filter(pk=own).first()
    if not tax_id or not scope.staff_province(user)[0]:
        return None
    return employers.filter(tax_id=tax_id.strip()).first()


@dataclass
class StatementRow:
    period: date
    concept: str
    due_date: date | None
    assessed_usd: Decimal
    paid_usd: Decimal
    principal_usd: Decimal
    months: int
    annual_rate: Decimal | None
    interest_usd: Decimal
    fines_usd: Decimal
    total_usd: Decimal
    in_agreement: bool = False
    explanation: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Statement:
    employer: Employer
    on: date
    rows: list[StatementRow]
    principal_usd: Decimal
    interest_usd: Decimal
    fines_usd: Decimal
    total_usd: Decimal
    agreement: PaymentAgreement | None
    case: EnforcementCase | None
    payments: list[Payment]


def statement_of_account(*, user: Any, employer: Employer, on: date) -> Statement | None:
    """Principal, interest and fines per period owed on ``on``, with totals (None: not in scope)."""
    if not employer_visible(user).filter(pk=employer.pk).exists():
        return None
    pos = position(Debtor(employer=employer), on)
    rows: list[StatementRow] = []
    fines_by_period: dict[date, int] = defaultdict(int)
    fine_held: dict[date, bool] = defaultdict(bool)
    for fine_line in pos.fines:
        fines_by_period[fine_line.fine.period] += fine_line.outstanding_cents
        fine_held[fine_line.fine.period] |= fine_line.held_cents > 0
    for line in pos.obligations:
        o = line.obligation
        fines = fines_by_period.pop(o.period, 0)
        rows.append(
            StatementRow(
                period=o.period,
                concept=o.get_kind_display(),
                due_date=o.due_date,
                assessed_usd=usd(o.total_cents),
                paid_usd=usd(line.principal_paid_cents),
                principal_usd=usd(line.outstanding_cents),
                months=line.months,
                annual_rate=line.annual_rate,
                interest_usd=usd(line.interest_cents),
                fines_usd=usd(fines),
                total_usd=usd(line.outstanding_cents + line.interest_cents + fines),
                in_agreement=bool(line.held_principal_cents or line.held_interest_cents),
                explanation=line.explanation,
            )
        )
    for period, cents in fines_by_period.items():
        rows.append(
            StatementRow(
                period=period,
                concept="Multas",
                due_date=None,
                assessed_usd=usd(0),
                paid_usd=usd(0),
                principal_usd=usd(0),
                months=0,
                annual_rate=None,
                interest_usd=usd(0),
                fines_usd=usd(cents),
                total_usd=usd(cents),
                in_agreement=fine_held[period],
            )
        )
    rows.sort(key=lambda r: (r.period, r.concept))
    case = (
        EnforcementCase.objects.filter(employer=employer, opened_on__lte=on)
        .exclude(state__in=[CaseState.PAID, CaseState.ARCHIVED])
        .select_related("title")
        .first()
    )
    payments = list(
        Payment.objects.filter(employer=employer, paid_on__lte=on).order_by("-paid_on", "-pk")[:12]
    )
    return Statement(
        employer=employer,
        on=on,
        rows=rows,
        principal_usd=usd(pos.principal_cents),
        interest_usd=usd(pos.interest_cents),
        fines_usd=usd(pos.fines_cents),
        total_usd=usd(pos.total_cents),
        agreement=pos.agreement,
        case=case,
        payments=payments,
    )


def receipts(*, user: Any, employer: Employer | None = None) -> QuerySet[Payment]:
    rows = scope.visible(user, Payment).select_related("employer", "person")
    if employer is not None:
        rows = rows.filter(employer=employer)
    return rows.order_by("-paid_on", "-receipt_number")


def receipt(*, user: Any, number: int) -> dict[str, Any] | None:
    """A payment with its allocations and its ledger entries by fund (the printable receipt)."""
    payment = (
        scope.visible(user, Payment)
        .select_related("employer__canton__province", "person", "registered_by")
        .filter(receipt_number=number)
        .first()
    )
    if payment is None:
        return None
    allocations = list(
        payment.allocations.select_related("obligation", "fine", "instalment__agreement")
    )
    by_fund = (
        LedgerEntry.objects.filter(batch_id=payment.ledger_batch_id)
        .values("fund", "kind")
        .annotate(cents=Sum("amount_cents"))
        .order_by("fund", "kind")
    )
    funds: dict[str, dict[str, Decimal]] = defaultdict(dict)
    labels = dict(LedgerEntry._meta.get_field("fund").choices or [])
    for row in by_fund:
        funds[str(labels.get(row["fund"], row["fund"]))][row["kind"]] = usd(row["cents"])
    totals: dict[str, int] = defaultdict(int)
    for a in allocations:
        totals[a.component] += a.amount_cents
    return {
        "payment": payment,
        "amount_usd": usd(payment.amount_cents),
        "allocations": [
            {
                "allocation": a,
                "period": a.obligation.period if a.obligation else a.fine.period,
                "amount_usd": usd(a.amount_cents),
            }
            for a in allocations
        ],
        "funds": dict(sorted(funds.items())),
        "interest_usd": usd(totals["interest"]),
        "fines_usd": usd(totals["fine"]),
        "principal_usd": usd(totals["principal"]),
    }


def agreements(*, user: Any, status: str | None = None) -> QuerySet[PaymentAgreement]:
    rows = scope.visible(user, PaymentAgreement).select_related("employer")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-signed_on", "-number")


def agreement_detail(*, user: Any, number: int) -> dict[str, Any] | None:
    agreement = (
        scope.visible(user, PaymentAgreement)
        .select_related("employer", "case__title")
        .filter(number=number)
        .first()
    )
    if agreement is None:
        return None
    instalments = list(agreement.instalments.filter(version=agreement.version))
    items = list(
        agreement.items.filter(version=agreement.version).select_related("obligation", "fine")
    )
    return {
        "agreement": agreement,
        "debt_usd": usd(sum(i.amount_cents for i in items)),
        "paid_usd": usd(sum(i.paid_cents for i in items)),
        "instalments": [
            {"instalment": i, "amount_usd": usd(i.amount_cents), "paid_usd": usd(i.paid_cents)}
            for i in instalments
        ],
        "items": [{"item": i, "amount_usd": usd(i.amount_cents)} for i in items],
        "previous_versions": agreement.version - 1,
        "active": agreement.status == AgreementStatus.ACTIVE,
    }


@dataclass
class ArrearsRow:
    code: str
    name: str
    debtors: int
    obligations: int
    principal_usd: Decimal
    interest_usd: Decimal
    oldest_period: date | None = None


def arrears_by_territory(
    *, user: Any, on: date, province_code: str | None = None, canton_code: str | None = None
) -> dict[str, Any]:
    """Obligations past due on ``on`` and not fully paid (current balances), grouped by
    province, by canton of a province, or by employer of a canton. Interest is estimated on
    each group's balance per due date with the column rule (cents may differ from the sum of
    each employer's statement)."""
    base = scope.obligations_visible(user).filter(
        due_date__lt=on, paid_on__isnull=True, paid_cents__lt=F("total_cents")
    )
    if canton_code:
        base = base.filter(canton_code=canton_code, employer__isnull=False)
        key, names = "employer_id", {}
    elif province_code:
        base = base.filter(province_code=province_code)
        key = "canton_code"
        names = dict(Canton.objects.filter(province_id=province_code).values_list("code", "name"))
    else:
        key = "province_code"
        names = dict(Province.objects.values_list("code", "name"))
    outstanding = F("total_cents") - F("paid_cents")
    groups = (
        base.values(key)
        .annotate(
            debtors=Count("employer_id", distinct=True) + Count("person_id", distinct=True),
            obligations=Count("id"),
            cents=Sum(outstanding),
            oldest=Min("period"),
        )
        .order_by(key)
    )
    by_due = list(base.values(key, "due_date").annotate(cents=Sum(outstanding)))
    interest: dict[Any, int] = defaultdict(int)
    if by_due:
        result = arrears_interest_columns(
            np.array([r["cents"] for r in by_due], dtype=np.int64),
            np.array([r["due_date"] for r in by_due], dtype="datetime64[D]"),
            np.array([on] * len(by_due), dtype="datetime64[D]"),
        )
        for row, cents in zip(by_due, result["interest_cents"], strict=True):
            interest[row[key]] += int(cents)
    codes: dict[Any, str] = {}
    if key == "employer_id":
        employers = Employer.objects.in_bulk([g["employer_id"] for g in groups])
        names = {pk: e.name for pk, e in employers.items()}
        codes = {pk: e.tax_id for pk, e in employers.items()}
    rows = [
        ArrearsRow(
            code=codes.get(g[key], str(g[key])),
            name=str(names.get(g[key], g[key])),
            debtors=g["debtors"],
            obligations=g["obligations"],
            principal_usd=usd(g["cents"]),
            interest_usd=usd(interest[g[key]]),
            oldest_period=g["oldest"],
        )
        for g in groups
    ]
    return {
        "rows": rows,
        "level": "employer" if canton_code else "canton" if province_code else "province",
        "principal_usd": sum((r.principal_usd for r in rows), Decimal("0.00")),
        "interest_usd": sum((r.interest_usd for r in rows), Decimal("0.00")),
        "obligations": sum(r.obligations for r in rows),
    }


def enforcement_cases(*, user: Any, state: str | None = None) -> QuerySet[EnforcementCase]:
    rows = scope.visible(user, EnforcementCase).select_related("title", "employer")
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-opened_on", "-id")


def recovered_by_province_year(*, user: Any) -> list[dict[str, Any]]:
    """Money recovered by coactive enforcement: every allocation (principal, interest, fines)
    to a debt a credit title covers, paid on or after the title's issue, by the debtor's
    province and the year of payment."""
    obligations = CreditTitle.obligations.through.objects.filter(
        obligation_id=OuterRef("obligation_id"),
        credittitle__issued_on__lte=OuterRef("payment__paid_on"),
    )
    fines = CreditTitle.fines.through.objects.filter(
        fine_id=OuterRef("fine_id"), credittitle__issued_on__lte=OuterRef("payment__paid_on")
    )
    rows = (
        scope.visible(user, PaymentAllocation)
        .filter(Q(Exists(obligations)) | Q(Exists(fines)))
        .annotate(year=ExtractYear("payment__paid_on"))
        .values("payment__province_code", "year")
        .annotate(cents=Sum("amount_cents"))
        .order_by("payment__province_code", "year")
    )
    names = dict(Province.objects.values_list("code", "name"))
    return [
        {
            "province_code": r["payment__province_code"],
            "province": names.get(r["payment__province_code"], r["payment__province_code"]),
            "year": r["year"],
            "recovered_usd": usd(r["cents"]),
        }
        for r in rows
    ]


def ledger_collected_cents(*, year: int, province_code: str, kind: str) -> int:
    """From the ledger: payments of ``year`` (by payment month) in a province. COLLECTION: every
    paid, interest and fine entry; ARREARS_RECOVERY: paid entries of allocations to debts that
    were in arrears when paid."""
    entries = LedgerEntry.objects.filter(
        document_type=ALLOCATION_DOCUMENT,
        batch__period__year=year,
        province_code=province_code,
    )
    if kind == TargetKind.ARREARS_RECOVERY:
        entries = entries.filter(
            kind=EntryKind.PAID,
            document_id__in=PaymentAllocation.objects.filter(in_arrears=True).values("id"),
        )
    else:
        entries = entries.filter(kind__in=[EntryKind.PAID, EntryKind.INTEREST, EntryKind.FINE])
    return int(entries.aggregate(cents=Sum("amount_cents"))["cents"] or 0)


def targets_compliance(*, user: Any, year: int) -> list[dict[str, Any]]:
    """Each target of ``year`` in scope with what the ledger shows achieved and the compliance
    (achieved / target, two decimals half-up: 1.04 = 104 %)."""
    names = dict(Province.objects.values_list("code", "name"))
    result = []
    for target in scope.visible(user, CollectionTarget).filter(year=year):
        achieved = ledger_collected_cents(
            year=year, province_code=target.province_code, kind=target.kind
        )
        ratio = (Decimal(achieved) / Decimal(target.target_cents)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        result.append(
            {
                "target": target,
                "province": names.get(target.province_code, target.province_code),
                "target_usd": usd(target.target_cents),
                "achieved_usd": usd(achieved),
                "compliance": ratio,
                "percent": int(ratio * 100),
            }
        )
    return result
