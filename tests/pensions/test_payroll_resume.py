"""A payroll killed midway (SIGKILL right after a committed chunk) resumes without paying
anyone twice; the list of shares is frozen when the run starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, Sum

from seguro.core.models import JobChunk, JobRun
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.pensions.models import PensionPayment
from seguro.pensions.payroll import KILL_AFTER_CHUNK_ENV, payroll_run
from tests.pensions import helpers

pytestmark = pytest.mark.django_db(transaction=True)
MARCH_2024 = date(2024, 3, 1)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_a_killed_payroll_resumes_and_pays_nobody_twice() -> None:
    for amount in (50_000, 60_000, 70_000, 80_000, 90_000):
        helpers.old_age(amount_cents=amount, region="sierra")
    env = dict(os.environ, DATABASE_URL=_database_url(), **{KILL_AFTER_CHUNK_ENV: "1"})
    seguro = [sys.executable, "-m", "seguro", "payroll", "2024-03", "--chunk-rows", "2"]
    killed = subprocess.run([*seguro, "--quiet"], env=env, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    run = JobRun.objects.get(job="payroll", period=MARCH_2024)
    assert run.status == "running"
    assert sorted(JobChunk.objects.values_list("number", flat=True)) == [0, 1]
    assert PensionPayment.objects.count() == 4
    # A pension granted after the run started is not in its frozen list.
    helpers.old_age(amount_cents=40_000, region="sierra", start=date(2024, 2, 1))

    result = payroll_run(actor=None, period=MARCH_2024, chunk_rows=2)
    assert result.chunks_done_now == 1  # chunks [2] [2] [1]: only the last one was left
    assert JobRun.objects.get(pk=run.pk).status == "done"
    assert PensionPayment.objects.count() == 5
    twice = PensionPayment.objects.values("beneficiary").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()
    # 500 + 600 + 700 + 800 + 900 = 3500.00, no 14th in March for the sierra.
    assert PensionPayment.objects.aggregate(s=Sum("net_cents"))["s"] == 350_000
    assert LedgerBatch.objects.filter(job="payroll").count() == 3
    assert LedgerEntry.objects.aggregate(s=Sum("amount_cents"))["s"] == 350_000
    assert result.counts["payments"] == 5
    assert ledger_verify()[1] == []
