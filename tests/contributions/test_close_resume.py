"""A close killed midway (SIGKILL right after a committed chunk) resumes without posting twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.db import connection
from django.db.models import Count, Sum

from seguro.contributions.close import KILL_AFTER_CHUNK_ENV, month_close
from seguro.contributions.models import ContributionRecord, Obligation
from seguro.core.models import JobChunk, JobRun
from seguro.ledger.models import LedgerBatch, LedgerEntry
from seguro.ledger.services import ledger_verify
from seguro.registry import services
from tests import factories
from tests.contributions.closing import MARCH_2025, declare, march_2025

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _more_employers(count: int) -> None:
    for _ in range(count):
        employer = factories.employer()
        worker = services.affiliation_start(
            actor=None,
            person=factories.person(),
            employer=employer,
            regime="private_employee",
            valid_from=MARCH_2025,
            notice_date=MARCH_2025,
            salary="600.00",
        )
        declare(employer, MARCH_2025, [(worker, 60_000)])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_close_resumes_and_posts_nothing_twice(workers: int) -> None:
    march_2025()
    _more_employers(3)
    env = dict(os.environ, DATABASE_URL=_database_url(), **{KILL_AFTER_CHUNK_ENV: "1"})
    seguro = [sys.executable, "-m", "seguro", "close-month", "2025-03", "--chunk-lines", "2"]
    killed = subprocess.run(
        [*seguro, "--workers", str(workers), "--quiet"], env=env, capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    run = JobRun.objects.get(job="close-month", period=MARCH_2025)
    assert run.status == "running"
    done_before = sorted(JobChunk.objects.values_list("number", flat=True))
    if workers == 1 or connection.vendor == "sqlite":
        assert done_before == [0, 1]
    else:
        # Two chunks at a time: chunk 1 committed before the kill; chunk 0 or 2 may have too,
        # and whatever was in flight was rolled back with its whole transaction.
        assert 1 in done_before and len(done_before) <= 3
    plan_size = len(run.plan["chunks"])
    # Employers by declared lines, at most 2 a chunk: [2] [1, 1] [1]; the two affiliates: [2].
    assert plan_size == 4

    result = month_close(actor=None, period=MARCH_2025, chunk_lines=2)
    assert result.chunks_done_now == plan_size - len(done_before)
    assert JobRun.objects.get(pk=run.pk).status == "done"
    assert Obligation.objects.count() == 6  # 4 payrolls, the voluntary and the rural head
    assert ContributionRecord.objects.count() == 5 + 2
    assert LedgerBatch.objects.count() == plan_size
    duplicated = (
        LedgerEntry.objects.values("batch_id", "province_code", "fund")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicated.exists()
    ledger_total = LedgerEntry.objects.aggregate(s=Sum("amount_cents"))["s"]
    assert ledger_total == Obligation.objects.aggregate(s=Sum("total_cents"))["s"]
    assert result.counts["obligations"] == 6
    assert ledger_verify()[1] == []
