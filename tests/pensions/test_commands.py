"""The commands: `seguro payroll YYYY-MM`, `seguro pensions revalue YYYY`, and the deduction
and monthly-bonus services they read."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.pensions.models import PensionPayment
from seguro.pensions.services import pension_deduction_add, pension_monthly_bonuses_set
from tests import factories
from tests.pensions import helpers

pytestmark = pytest.mark.django_db


def test_payroll_command_pays_and_says_so_twice() -> None:
    helpers.old_age(amount_cents=80_000, region="costa")
    out = StringIO()
    call_command("payroll", "2024-03", "--quiet", stdout=out)
    # 800.00 + the 14th in March for the costa 460.00 = 1260.00.
    assert "1 pagos, USD 1,260.00 brutos" in out.getvalue()
    out = StringIO()
    call_command("payroll", "2024-03", "--quiet", stdout=out)
    assert "ya estaba pagada" in out.getvalue()
    assert PensionPayment.objects.count() == 1
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("payroll", "marzo", "--quiet")


def test_revalue_command_and_its_clear_refusal() -> None:
    helpers.old_age(amount_cents=80_000)
    out = StringIO()
    call_command("pensions", "revalue", "2024", stdout=out)
    assert "tasa 0.0154, 1 pensiones revalorizadas" in out.getvalue()
    with pytest.raises(CommandError, match="inflación promedio de 2024"):
        call_command("pensions", "revalue", "2025")


def test_deduction_and_monthly_bonuses_services() -> None:
    pension = helpers.old_age(amount_cents=80_000)
    stranger = factories.person()
    with pytest.raises(DomainError, match="no es beneficiaria"):
        pension_deduction_add(
            actor=None,
            pension=pension,
            person=stranger,
            kind="biess_loan",
            monthly_amount_cents=5_000,
            valid_from=date(2024, 1, 1),
        )
    deduction = pension_deduction_add(
        actor=None,
        pension=pension,
        person=pension.holder,
        kind="biess_loan",
        monthly_amount_cents=5_000,
        valid_from=date(2024, 1, 1),
        reference="préstamo 1",
    )
    assert AuditEvent.objects.filter(action="pension.deduction_add").count() == 1
    pension_monthly_bonuses_set(actor=None, pension=pension, monthly=True)
    call_command("payroll", "2024-01", "--quiet", stdout=StringIO())
    line = PensionPayment.objects.get()
    # 800.00 + 13th twelfth 66.67 (800/12 = 66.666) + 14th twelfth 38.33 (460/12) - loan 50.00.
    assert (line.thirteenth_cents, line.fourteenth_cents) == (6_667, 3_833)
    assert line.net_cents == 80_000 + 6_667 + 3_833 - deduction.monthly_amount_cents
