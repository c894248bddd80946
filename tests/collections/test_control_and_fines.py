"""Employer control (inspections -> assessments), targets, and late-entry fines.

Contribution rates of a private employee from 2021 (contributions/rates/private_employee.yaml):
9.45 % personal + 11.15 % employer = 20.60 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from seguro.collections.arrears import late_entry_fines_assess
from seguro.collections.control import FindingInput, collection_target_set, inspection_record
from seguro.collections.models import FindingKind, Fine, TargetKind
from seguro.collections.payments import payment_register
from seguro.collections.selectors import statement_of_account, targets_compliance
from seguro.contributions.models import Obligation, ObligationKind
from seguro.core.errors import DomainError
from seguro.ledger.models import LedgerEntry
from seguro.registry import services
from seguro.registry.models import Regime
from tests import factories
from tests.collections.factories import obligation

pytestmark = pytest.mark.django_db
MARCH_2024 = date(2024, 3, 1)  # due 2024-04-15


def test_an_inspection_finding_creates_an_assessment_with_ledger_entries(officer) -> None:
    data = factories.two_provinces(on=date(2024, 1, 2))  # Loja worker affiliated at 800.00
    employer, worker = data["loja_employer"], data["loja_worker"]
    hidden = factories.person()
    inspection = inspection_record(
        actor=officer,
        employer=employer,
        inspected_on=date(2024, 5, 10),
        findings=[
            # never affiliated, earns 600.00: 600.00 x 0.2060 = 123.60
            FindingInput(FindingKind.UNREPORTED_WORKER, hidden, MARCH_2024, "600.00"),
            # declared 800.00, earns 1 000.00: 200.00 x 0.2060 = 41.20
            FindingInput(FindingKind.UNDER_DECLARED, worker, MARCH_2024, "1000.00", "800.00"),
        ],
    )
    assessment = Obligation.objects.get(kind=ObligationKind.ASSESSMENT, employer=employer)
    assert (assessment.period, assessment.due_date) == (MARCH_2024, date(2024, 4, 15))
    assert assessment.total_cents == 12360 + 4120
    assert assessment.employee_cents == 5670 + 1890  # 9.45 % of 600.00 and of 200.00
    assert list(inspection.findings.values_list("assessed_cents", flat=True)) == [12360, 4120]
    entries = LedgerEntry.objects.filter(
        kind="assessed", document_type="obligation", document_id=assessment.pk
    )
    assert entries.aggregate(s=Sum("amount_cents"))["s"] == 16480
    assert set(entries.values_list("fund", flat=True)) >= {"ivm", "health", "rural"}
    # It is arrears from the period's due date: on 2024-06-01, 2 months (15-apr -> 15-may, and
    # a fraction): 164.80 x 0.1286 x 2 / 12 = 3.5323 -> 3.53.
    statement = statement_of_account(user=officer, employer=employer, on=date(2024, 6, 1))
    assert statement is not None
    assert [(r.concept, r.interest_usd) for r in statement.rows] == [
        ("Glosa por control patronal", Decimal("3.53"))
    ]


def test_a_second_inspection_adds_to_the_periods_assessment(loja_employer, officer) -> None:
    first, second = factories.person(), factories.person()
    for person, on in ((first, date(2024, 5, 10)), (second, date(2024, 6, 10))):
        inspection_record(
            actor=officer,
            employer=loja_employer,
            inspected_on=on,
            findings=[FindingInput(FindingKind.UNREPORTED_WORKER, person, MARCH_2024, "500.00")],
        )
    assessment = Obligation.objects.get(kind=ObligationKind.ASSESSMENT, employer=loja_employer)
    assert assessment.total_cents == 2 * 10300  # 500.00 x 0.2060 each
    assert (
        LedgerEntry.objects.filter(document_id=assessment.pk, kind="assessed").aggregate(
            s=Sum("amount_cents")
        )["s"]
        == 20600
    )


def test_a_finding_that_contradicts_the_registry_is_refused(officer) -> None:
    data = factories.two_provinces(on=date(2024, 1, 2))
    with pytest.raises(DomainError, match="estaba afiliado"):
        inspection_record(
            actor=officer,
            employer=data["loja_employer"],
            inspected_on=date(2024, 5, 10),
            findings=[
                FindingInput(FindingKind.UNREPORTED_WORKER, data["loja_worker"], MARCH_2024, "600")
            ],
        )
    assert not Obligation.objects.exists()


def test_arrears_recovery_target_compliance_of_104_percent(loja_employer, quito_employer) -> None:
    # April 2023 520.00 (due 15-may) paid 2023-06-10, one month late: interest
    # 520.00 x 0.1286 / 12 = 5.5726 -> 5.57; May 2023 100.00 paid on its due date 2023-06-15.
    obligation(
        employer=loja_employer, period=date(2023, 4, 1), funds={"ivm": 30000, "health": 22000}
    )
    obligation(employer=loja_employer, period=date(2023, 5, 1), funds={"ivm": 10000})
    obligation(employer=loja_employer, period=date(2023, 6, 1), funds={"ivm": 10000})
    obligation(employer=quito_employer, period=date(2023, 4, 1), funds={"ivm": 90000})
    payment_register(actor=None, paid_on=date(2023, 6, 10), amount="525.57", employer=loja_employer)
    payment_register(actor=None, paid_on=date(2023, 6, 15), amount="100.00", employer=loja_employer)
    payment_register(actor=None, paid_on=date(2023, 9, 1), amount="900.00", employer=quito_employer)
    payment_register(actor=None, paid_on=date(2024, 1, 5), amount="50.00", employer=loja_employer)
    collection_target_set(
        actor=None, province_code="11", year=2023, kind=TargetKind.ARREARS_RECOVERY, amount="500.00"
    )
    collection_target_set(
        actor=None, province_code="11", year=2023, kind=TargetKind.COLLECTION, amount="625.57"
    )
    rows = {r["target"].kind: r for r in targets_compliance(user=None, year=2023)}
    # Recovered: 520.00 (in arrears when paid) / 500.00 = 1.04.
    recovery = rows[TargetKind.ARREARS_RECOVERY]
    assert (recovery["achieved_usd"], recovery["compliance"]) == (
        Decimal("520.00"),
        Decimal("1.04"),
    )
    assert recovery["percent"] == 104
    # Collected in 2023: 520.00 + 5.57 + 100.00 = 625.57 / 625.57 = 1.00.
    collection = rows[TargetKind.COLLECTION]
    assert (collection["achieved_usd"], collection["compliance"]) == (
        Decimal("625.57"),
        Decimal("1"),
    )


def test_a_provincial_officer_sets_only_its_provinces_targets(officer) -> None:
    with pytest.raises(DomainError, match="esa provincia"):
        collection_target_set(
            actor=officer, province_code="17", year=2023, kind="collection", amount="10.00"
        )


def test_late_entry_fine_is_4_percent_of_the_contribution(loja_employer) -> None:
    # Entry 2024-03-01, notice 2024-03-20: past the 15 days (LSS Art. 73), late.
    # Contribution on 800.00: 800.00 x 0.2060 = 164.80; fine 4 %: 6.592 -> 6.59.
    person = factories.person()
    services.affiliation_start(
        actor=None,
        person=person,
        employer=loja_employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=date(2024, 3, 1),
        notice_date=date(2024, 3, 20),
        salary="800.00",
    )
    on_time = factories.person()
    services.affiliation_start(
        actor=None,
        person=on_time,
        employer=loja_employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=date(2024, 3, 1),
        notice_date=date(2024, 3, 15),
        salary="800.00",
    )
    [fine] = late_entry_fines_assess(actor=None, on=date(2024, 3, 31))
    assert (fine.contribution_cents, fine.rate, fine.amount_cents) == (16480, Decimal("0.04"), 659)
    assert (fine.period, fine.due_date) == (MARCH_2024, date(2024, 4, 15))
    assert late_entry_fines_assess(actor=None, on=date(2024, 4, 30)) == []  # once per notice


def test_within_a_period_interest_goes_first_then_fines_then_principal(loja_employer) -> None:
    person = factories.person()
    services.affiliation_start(
        actor=None,
        person=person,
        employer=loja_employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=date(2024, 3, 1),
        notice_date=date(2024, 3, 20),
        salary="800.00",
    )
    out = StringIO()
    call_command("collections", "multas", "--fecha", "2024-03-31", "--aplicar", stdout=out)
    assert "1, 6.59 USD" in out.getvalue()
    obligation(employer=loja_employer, period=MARCH_2024, funds={"ivm": 16480})
    # Paid 100.00 on 2024-05-20: March is 2 months late (15-apr -> 15-may, + 5 days):
    # interest 164.80 x 0.1286 x 2 / 12 = 3.5323 -> 3.53; then the fine 6.59; then 89.88.
    payment = payment_register(
        actor=None, paid_on=date(2024, 5, 20), amount="100.00", employer=loja_employer
    )
    parts = list(payment.allocations.order_by("seq").values_list("component", "amount_cents"))
    assert parts == [("interest", 353), ("fine", 659), ("principal", 8988)]
    fine_entry = LedgerEntry.objects.get(batch=payment.ledger_batch, kind="fine")
    assert (fine_entry.fund, fine_entry.amount_cents) == ("administration", 659)
    assert Fine.objects.get().paid_cents == 659
