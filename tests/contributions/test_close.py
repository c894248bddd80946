"""The monthly close: amounts worked by hand from the law (rates of the declared period), the
split by fund in the ledger, reruns that change nothing, and refusals."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from seguro.contributions.close import month_close
from seguro.contributions.models import ContributionRecord, Obligation
from seguro.contributions.reconcile import close_reconcile
from seguro.core.errors import DomainError
from seguro.ledger.models import LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.registry import services
from tests import factories
from tests.contributions.closing import MARCH_2025, declare, march_2025

pytestmark = pytest.mark.django_db


def test_march_2025_assessed_as_the_law_reads() -> None:
    data = march_2025()
    result = month_close(actor=None, period=MARCH_2025)
    assert result.counts["lines"] == 4 and result.counts["obligations"] == 3

    payroll = Obligation.objects.get(employer=data["employer"])
    # Senior, 1 000.00 in 2025 (C.D. 609 table): 9.45 % = 94.50; 11.15 % = 111.50;
    # 13th month, accumulated: reserve fund 8.33 % = 83.30.
    # Junior, 470.00, 12th month: 470 x 9.45 % = 44.415 -> 44.42; 470 x 11.15 % = 52.405 -> 52.41.
    assert payroll.employee_cents == 9450 + 4442
    assert payroll.employer_cents == 11150 + 5241
    assert payroll.reserve_fund_cents == 8330
    assert payroll.total_cents == 9450 + 4442 + 11150 + 5241 + 8330
    assert payroll.due_date == date(2025, 4, 15)  # LSS Art. 73: the 15th of the next month
    assert payroll.province_code == "11" and payroll.kind == "payroll"

    voluntary = Obligation.objects.get(person=data["voluntary"])
    # 470 x 17.60 % = 82.72; spouse extension 470 x 3.41 % = 16.027 -> 16.03.
    assert (voluntary.kind, voluntary.employee_cents, voluntary.employer_cents) == (
        "voluntary",
        8272,
        0,
    )
    assert voluntary.spouse_extension_cents == 1603
    assert voluntary.total_cents == 8272 + 1603
    assert voluntary.province_code == "17"

    rural = Obligation.objects.get(person=data["rural"])
    # Head of family, 2025: base 0.225 x SBU 470 = 105.75; x (2.5 % + 0.1 %) = 2.7495 -> 2.75.
    assert (rural.kind, rural.total_cents) == ("rural_head", 275)


def test_each_obligation_keeps_its_split_and_the_ledger_their_sums_by_province() -> None:
    data = march_2025()
    result = month_close(actor=None, period=MARCH_2025)
    payroll = Obligation.objects.get(employer=data["employer"])
    funds = payroll.fund_cents
    # Senior's 206.00 by fund (C.D. 609, private table) plus junior's 96.83 by the same rates,
    # the IVM fund taking each line's rounding remainder.
    assert funds["reserve_fund"] == 8330
    assert funds["severance"] == 2000 + 940  # 2 % of 1 000 and of 470
    assert funds["unemployment"] == 500 + 235  # 0.5 % employer
    assert sum(funds.values()) == payroll.total_cents
    voluntary = Obligation.objects.get(person=data["voluntary"])
    vol_funds = voluntary.fund_cents
    assert "severance" not in vol_funds and "unemployment" not in vol_funds  # LSS Art. 9
    # The spouse's extension (16.03) is the health fund's, on top of the affiliate's share.
    assert vol_funds["health"] > 1603
    assert sum(vol_funds.values()) == 8272 + 1603

    # The general ledger: one `assessed` entry per province and fund, pointing at the run.
    entries = LedgerEntry.objects.filter(document_type="close_run")
    assert set(entries.values_list("document_id", flat=True)) == {
        Obligation.objects.values_list("close_run_id", flat=True).distinct().get()
    }
    assert entries.count() == result.counts["entries"]
    by_province = {
        (province, fund): cents
        for province, fund, cents in entries.values("province_code", "fund")
        .annotate(s=Sum("amount_cents"))
        .values_list("province_code", "fund", "s")
    }
    assert by_province[("11", "reserve_fund")] == 8330
    assert by_province[("11", "severance")] == 2000 + 940
    assert ("17", "severance") not in by_province
    for province in {"11", "17", data["rural"].canton.province_id}:
        split: dict[str, int] = {}
        for obligation in Obligation.objects.filter(province_code=province):
            for fund, cents in obligation.fund_cents.items():
                split[fund] = split.get(fund, 0) + cents
        assert {f: c for (p, f), c in by_province.items() if p == province} == split
    assert (
        LedgerEntry.objects.aggregate(s=Sum("amount_cents"))["s"]
        == Obligation.objects.aggregate(s=Sum("total_cents"))["s"]
    )
    assert ledger_verify()[1] == []


def test_the_contribution_history_gets_one_row_per_person_and_month() -> None:
    data = march_2025()
    month_close(actor=None, period=MARCH_2025)
    senior = ContributionRecord.objects.get(person=data["senior"].person)
    assert (senior.salary_cents, senior.employee_cents, senior.reserve_fund_cents) == (
        100_000,
        9450,
        8330,
    )
    junior = ContributionRecord.objects.get(person=data["junior"].person)
    assert junior.reserve_fund_cents == 0
    assert ContributionRecord.objects.count() == 4


def test_closing_a_month_twice_changes_nothing() -> None:
    march_2025()
    first = month_close(actor=None, period=MARCH_2025)
    before = (
        Obligation.objects.count(),
        LedgerEntry.objects.count(),
        ContributionRecord.objects.count(),
    )
    again = month_close(actor=None, period=MARCH_2025)
    assert again.already_closed and again.counts == first.counts
    assert (
        Obligation.objects.count(),
        LedgerEntry.objects.count(),
        ContributionRecord.objects.count(),
    ) == before
    out = StringIO()
    call_command("close-month", "2025-03", "--quiet", stdout=out)
    assert "ya estaba cerrado: no se cambió nada" in out.getvalue()


def test_a_late_declaration_uses_the_rates_of_its_period() -> None:
    """A 2020 month declared and closed later: 2020 private table, 2020 minimum wage."""
    employer = factories.employer()
    worker = services.affiliation_start(
        actor=None,
        person=factories.person(),
        employer=employer,
        regime="private_employee",
        valid_from=date(2020, 1, 1),
        notice_date=date(2020, 1, 1),
        salary="1000.00",
    )
    declare(employer, date(2020, 6, 1), [(worker, 100_000)])
    month_close(actor=None, period=date(2020, 6, 1))
    funds = dict(LedgerEntry.objects.values_list("fund").annotate(s=Sum("amount_cents")))
    # 2020 (C.D. 501/515 schedule) on 1 000.00: health 5.94 % = 59.40, work risks 0.20 % = 2.00;
    # from 2021 they would be 51.60 and 3.80.
    assert funds["health"] == 5940
    assert funds["work_risks"] == 200


def test_a_month_not_yet_begun_cannot_be_closed() -> None:
    with pytest.raises(DomainError, match="aún no empieza"):
        month_close(actor=None, period=date(2099, 1, 1))


def test_reconciliation_finds_an_obligation_changed_outside_the_close() -> None:
    data = march_2025()
    month_close(actor=None, period=MARCH_2025)
    out = StringIO()
    call_command("close-month", "2025-03", "--conciliar", stdout=out)
    # Three obligations: the Loja employer and rural head, the Pichincha voluntary affiliate.
    assert "3 obligaciones" in out.getvalue() and "Sin diferencias" in out.getvalue()
    assert close_reconcile(MARCH_2025).differences == []

    payroll = Obligation.objects.get(employer=data["employer"])
    tampered = dict(payroll.fund_cents, severance=payroll.fund_cents["severance"] - 100)
    Obligation.objects.filter(pk=payroll.pk).update(fund_cents=tampered)
    result = close_reconcile(MARCH_2025)
    # The severance of province 11 is one dollar short in the subledger: 29.40 - 1.00.
    assert [
        (d.province_code, d.fund, d.subledger_cents, d.ledger_cents) for d in result.differences
    ] == [("11", "severance", 2940 - 100, 2940)]
    with pytest.raises(CommandError, match="1 diferencias"):
        call_command("close-month", "2025-03", "--conciliar", stdout=StringIO())


def test_reconciling_an_open_month_is_refused() -> None:
    with pytest.raises(DomainError, match="no está cerrado"):
        close_reconcile(date(2025, 4, 1))
