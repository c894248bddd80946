"""Arrears: fines for late entry notices (interest is computed, not stored: see debts.py).

C.D. 516 Arts. 19-20: an employer that files an affiliate's entry notice late pays a fine of
``arrears.late_entry_fine_rate`` (4 %) of the contribution caused by the affiliate's last
taxable remuneration. We read "contribution" as the whole contribution of the regime
(personal + employer shares, rule ``contribution``) at the rates in force on the notice date,
and "last taxable remuneration" as the affiliation's salary in force on the assessment date.
The fine belongs to the month of the notice and is due with that month's contributions.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction

from seguro.collections import law
from seguro.collections._common import usd
from seguro.collections.models import Fine, FineKind
from seguro.contributions.selectors import due_date_of
from seguro.core.audit import audit_event_record
from seguro.registry.models import Affiliation, Employer, SalaryRecord
from seguro.registry.scope import employer_visible, scope_require_employer


def late_entry_fine_amount(*, regime: str, salary_cents: int, notice_date: date) -> dict[str, Any]:
    """The fine for one late entry notice: contribution on the salary x the fine rate."""
    contribution = law.rule(
        "contribution",
        notice_date,
        {"regime": regime, "salary": str(usd(salary_cents))},
        field="salario",
    )
    total = Decimal(contribution["outputs"]["total"])
    rate = law.late_entry_fine_rate(notice_date)
    fine = (total * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"contribution_cents": int(total * 100), "rate": rate, "cents": int(fine * 100)}


def _last_salary(affiliation: Affiliation, on: date) -> SalaryRecord | None:
    return (
        SalaryRecord.objects.filter(affiliation=affiliation, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def late_entry_fines_assess(
    *, actor: Any, on: date, employer: Employer | None = None
) -> list[Fine]:
    """Impose the fine on every late entry notice filed by ``on`` that has none yet."""
    if employer is not None:
        scope_require_employer(actor, employer)
        employers = Employer.objects.filter(pk=employer.pk)
    else:
        employers = employer_visible(actor)
    late = (
        Affiliation.objects.filter(
            entry_notice_late=True,
            employer__in=employers,
            entry_notice_date__lte=on,
        )
        .exclude(pk__in=Fine.objects.filter(kind=FineKind.LATE_ENTRY_NOTICE).values("affiliation"))
        .select_related("employer__canton")
        .order_by("employer_id", "entry_notice_date", "id")
    )
    fines = []
    for affiliation in late:
        salary = _last_salary(affiliation, on)
        if salary is None:
            continue
        salary_cents = int(salary.salary * 100)
        notice = affiliation.entry_notice_date
        amount = late_entry_fine_amount(
            regime=affiliation.regime, salary_cents=salary_cents, notice_date=notice
        )
        period = notice.replace(day=1)
        boss = affiliation.employer
        assert boss is not None
        fine = Fine.objects.create(
            kind=FineKind.LATE_ENTRY_NOTICE,
            employer=boss,
            affiliation=affiliation,
            province_code=boss.canton.province_id,
            canton_code=boss.canton_id,
            period=period,
            due_date=due_date_of(period),
            imposed_on=on,
            base_salary_cents=salary_cents,
            contribution_cents=amount["contribution_cents"],
            rate=amount["rate"],
            amount_cents=amount["cents"],
        )
        audit_event_record(
            actor=actor,
            action="fine.impose",
            target=fine,
            summary=f"Multa por aviso de entrada tardío de {usd(fine.amount_cents)} USD a "
            f"{boss.tax_id}",
            data={
                "affiliation": affiliation.pk,
                "salary_cents": salary_cents,
                "contribution_cents": amount["contribution_cents"],
                "rate": amount["rate"],
            },
        )
        fines.append(fine)
    return fines
