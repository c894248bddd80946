"""Contribution reads shared by declarations, the close, collections and benefits."""

from __future__ import annotations

from datetime import date

from seguro.core.models import JobRun

CLOSE_JOB = "close-month"


def period_close_status(period: date) -> str | None:
    """None if the month was never closed; 'running' while a close is under way; 'done'."""
    run = JobRun.objects.filter(job=CLOSE_JOB, period=period.replace(day=1)).first()
    return run.status if run else None


def period_is_open_for_declarations(period: date) -> bool:
    """A month takes declarations until its close starts."""
    return period_close_status(period) is None
