"""National on-time payments: every obligation of the month paid on its due date, the ledger
equal to the obligations, the report's month equal to the payments, a rerun writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Sum

from seguro.collections.models import Payment
from seguro.contributions.close import month_close
from seguro.contributions.declarations import declarations_generate_bulk
from seguro.contributions.models import Obligation
from seguro.ledger.services import ledger_verify
from seguro.reports.build import scope_for
from seguro.reports.sections.collections import collected_by_month
from seguro.synth.national.collections import national_month_payments
from seguro.synth.services import synth_registry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_national_month_is_paid_on_time_and_the_report_sums_it() -> None:
    synth_registry(scope="national-2023", scale=0.0005, seed=2022, replace=True, progress=False)
    period = date(2023, 3, 1)
    declarations_generate_bulk(period=period, progress=False)
    month_close(actor=None, period=period)
    obligations = Obligation.objects.filter(period=period)
    assessed = obligations.aggregate(s=Sum("total_cents"))["s"]
    assert assessed > 0
    written = national_month_payments(period)
    assert written["payments"] == obligations.count() and written["left"] == 0
    assert obligations.filter(paid_cents=0).count() == 0
    assert Payment.objects.aggregate(s=Sum("amount_cents"))["s"] == assessed
    # Paid on the due date (in April), so the report counts them in April 2023.
    by_month = collected_by_month(scope_for(2023, None), 2023)
    assert by_month == {date(2023, 4, 1): assessed}
    assert national_month_payments(period) == {"payments": 0, "entries": 0, "left": 0}
    assert ledger_verify()[1] == []
