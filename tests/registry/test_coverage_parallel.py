"""The coverage counts give the same figures when their four queries run on four connections
(PostgreSQL, outside a transaction) as when they run one after another."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.registry import services
from seguro.registry.coverage import coverage_counts
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_and_sequential_counts_agree() -> None:
    on = date(2023, 12, 31)
    employer = factories.employer()
    for sex in ("F", "M", "F"):
        services.affiliation_start(
            actor=None,
            person=factories.person(sex=sex),
            employer=employer,
            regime="private_employee",
            valid_from=date(2023, 1, 2),
            notice_date=date(2023, 1, 2),
            salary="600.00",
        )
    sequential = coverage_counts(on=on)
    parallel = coverage_counts(on=on, parallel=True)
    assert parallel == sequential
    # Three workers (the employer's legal representative is not affiliated): 2 women, 1 man.
    assert parallel["coverage"]["affiliates"] == 3
    assert parallel["affiliates_by_sex"] == {"female": 2, "male": 1}
