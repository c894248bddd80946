"""January revaluation with the pension_revaluation rule (2024: 1.54 %)."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.pensions.models import Pension, PensionBeneficiary
from seguro.pensions.services import pensions_revalue
from tests.pensions import helpers

pytestmark = pytest.mark.django_db


def share_on(pension: Pension, person_id: int, day: date) -> int:
    row = (
        PensionBeneficiary.objects.filter(pension=pension, person_id=person_id, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .get()
    )
    return row.share_cents


def test_revaluation_2024_raises_by_the_rate_within_the_minimum() -> None:
    ordinary = helpers.old_age(amount_cents=80_000, years=30)
    low = helpers.old_age(amount_cents=30_000, years=30)
    record = pensions_revalue(actor=None, year=2024)
    assert str(record.rate) == "0.0154" and record.pensions == 2
    ordinary.refresh_from_db()
    low.refresh_from_db()
    # 800.00 x 1.0154 = 812.32, inside [0.70 x 460 = 322.00, 4.50 x 460 = 2070.00] (30 years).
    assert ordinary.base_amount_cents == 81_232
    # 300.00 x 1.0154 = 304.62 < the 2024 minimum for 30 years 322.00 -> 322.00.
    assert low.base_amount_cents == 32_200
    # December keeps the old amount; January pays the new one.
    assert share_on(ordinary, ordinary.holder_id, date(2023, 12, 31)) == 80_000
    assert share_on(ordinary, ordinary.holder_id, date(2024, 1, 1)) == 81_232
    # Running it again changes nothing.
    assert pensions_revalue(actor=None, year=2024).pensions == 2
    ordinary.refresh_from_db()
    assert ordinary.base_amount_cents == 81_232
    assert PensionBeneficiary.objects.filter(pension=ordinary).count() == 2


def test_survivors_shares_follow_the_revalued_base() -> None:
    family = helpers.widow_and_two_children(start=date(2023, 12, 10))
    pensions_revalue(actor=None, year=2024)
    pension = family["pension"]
    pension.refresh_from_db()
    # 1000.00 x 1.0154 = 1015.40 (minimum for 0 years 0.5 x 460 = 230.00).
    assert pension.base_amount_cents == 101_540
    # Widow 60 % = 609.24; children 40 % = 406.16, 203.08 each.
    assert share_on(pension, family["widow"].pk, date(2024, 1, 1)) == 60_924
    assert share_on(pension, family["elder"].pk, date(2024, 1, 1)) == 20_308
    assert share_on(pension, family["elder"].pk, date(2023, 12, 31)) == 20_000


def test_a_year_without_a_loaded_rate_is_refused_clearly() -> None:
    helpers.old_age()
    with pytest.raises(DomainError, match="No hay tasa de revalorización cargada para 2025"):
        pensions_revalue(actor=None, year=2025)
