"""`seguro synth ... --con-pensiones`: every synthetic pensioner gets a pension in payment."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.registry.models import Pensioner

pytestmark = pytest.mark.django_db


def test_synth_with_pensions_gives_every_pensioner_a_pension() -> None:
    out = StringIO()
    call_command(
        "synth",
        "--scope",
        "loja-2022",
        "--scale",
        "0.005",
        "--con-pensiones",
        "--no-progress",
        stdout=out,
    )
    pensioners = Pensioner.objects.count()
    assert pensioners > 0
    assert Pension.objects.count() == pensioners
    assert PensionBeneficiary.objects.values("pensioner_id").distinct().count() == pensioners
    loaded = f"{pensioners:,}".replace(",", " ")
    assert f"Pensiones en curso cargadas: {loaded}" in out.getvalue()
