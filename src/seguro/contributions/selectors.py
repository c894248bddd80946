"""Contribution reads shared by declarations, the close, collections and benefits."""

from __future__ import annotations

from datetime import date

from seguro.core.models import JobRun
from seguro.rules import default_parameters

CLOSE_JOB = "close-month"


def period_close_status(period: date) -> str | None:
    """None if the month was never closed; 'running' while a close is under way; 'done'."""
    run = JobRun.objects.filter(job=CLOSE_JOB, period=period.replace(day=1)).first()
    return run.status if run else None


def period_is_open_for_declarations(period: date) -> bool:
    """A month takes declarations until its close starts."""
    return period_close_status(period) is None


def due_date_of(period: date) -> date:
    """A month's contributions are due on the payment day of the next month (LSS Art. 73, the
    dated parameter contributions.payment_due_day); from the day after they are in arrears."""
    day = int(default_parameters().value("contributions.payment_due_day", period))
    following = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return following.replace(day=day)
