"""National collections, first part: every obligation of a closed month paid in full on its
due date, written set-based by the on-time writer (seguro.synth.year.ontime: the rows
collections.payments.bank_file_import writes for one bank file a day, one ledger batch each).

The national synth has no debtor model yet (late payers, agreements, coactive titles are
Loja's, seguro.synth.year.collections): here everyone pays on time, so the report's
collections are the month's declared contributions. What the published 2023 collections hold
beyond them (USD 8 818 M against about 6 900 M declared at scale 1: BIESS loan instalments
collected in the same planillas, arrears of earlier years) is not generated.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.db import transaction

from seguro.contributions.models import Obligation
from seguro.synth.year.ontime import PAYMENTS_SCHEMA, on_time_payments_write


def national_month_payments(period: date) -> dict[str, int]:
    """Pay, on its due date, each unpaid obligation of ``period`` the on-time writer can take;
    one transaction. Returns the rows written and the obligations left (paid or not plain).
    A rerun finds them paid and writes nothing."""
    rows = Obligation.objects.filter(period=period, paid_cents=0, total_cents__gt=0).values_list(
        "id", "period", "due_date"
    )
    frame = pl.DataFrame(list(rows), schema=PAYMENTS_SCHEMA, orient="row")
    with transaction.atomic():
        return on_time_payments_write(frame, leave_others=True)
