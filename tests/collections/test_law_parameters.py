"""The law collections reads, from the engine's dated and cited parameters."""

from __future__ import annotations

from datetime import date

from seguro.collections import law
from seguro.contributions.selectors import due_date_of
from seguro.rules import default_parameters


def test_the_agreement_terms_of_the_law() -> None:
    on = date(2024, 6, 1)
    assert law.reactivation_days(on) == 180  # C.D. 625
    assert law.unpaid_instalments_to_fall(on) == 2  # LSS Art. 91
    assert law.min_instalments(on) == 2  # C.D. 671
    reactivation = default_parameters().get("arrears.agreement_reactivation_days", on)
    assert reactivation.reference.instrument.startswith("C.D. 625")
    falls = default_parameters().get("arrears.agreement_unpaid_instalments_to_fall", on)
    assert "Art. 91" in falls.reference.article or "Art. 91" in falls.reference.instrument


def test_due_date_is_the_15th_of_the_next_month() -> None:
    assert due_date_of(date(2023, 4, 1)) == date(2023, 5, 15)
    assert due_date_of(date(2023, 12, 1)) == date(2024, 1, 15)
