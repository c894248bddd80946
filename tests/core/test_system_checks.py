"""Django's system checks pass without warnings on the database under test: every command
(the demo's included) prints them first."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_system_checks_report_nothing() -> None:
    out = StringIO()
    call_command("check", databases=["default"], fail_level="WARNING", stdout=out, stderr=out)
    assert "System check identified no issues" in out.getvalue()
