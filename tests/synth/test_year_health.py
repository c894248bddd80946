"""The set-based attentions are the rows the health services write for the same visit."""

from __future__ import annotations

from typing import Any

import pytest

from seguro.health import services
from seguro.health.models import Attention, Referral, UnitKind
from seguro.health.services._common import usd
from seguro.health.services.care import attention_record, coverage_check
from tests.synth.test_year import _generate

CHECK_FIELDS = [
    "person_id",
    "checked_on",
    "checked_by_id",
    "unit_id",
    "emergency",
    "covered",
    "attend",
    "basis",
    "basis_label",
    "reason",
    "explanation",
    "employer_in_arrears_id",
]
ATTENTION_FIELDS = [
    "person_id",
    "unit_id",
    "professional_id",
    "kind",
    "attended_on",
    "diagnosis_code",
    "diagnosis_name",
    "emergency",
    "cost_cents",
    "notes",
    "recorded_by_id",
]


def _values(row: Any, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(row, f) for f in fields}


@pytest.mark.django_db
def test_a_sample_of_attentions_equals_what_the_services_write() -> None:
    # Without the benefit steps: they run after the health steps and add older contribution
    # histories, so the services would see a later state than the bulk writer saw.
    _generate(scale=0.005, benefits=False)
    sample = [
        *Attention.objects.filter(unit__kind=UnitKind.RURAL_DISPENSARY).order_by("id")[::97][:12],
        *Attention.objects.exclude(unit__kind=UnitKind.RURAL_DISPENSARY).order_by("id")[::37][:12],
    ]
    assert len(sample) == 24
    for bulk in sample:
        check = coverage_check(actor=None, person=bulk.person, on=bulk.attended_on, unit=bulk.unit)
        assert _values(check, CHECK_FIELDS) == _values(bulk.coverage_check, CHECK_FIELDS)
        made = attention_record(
            actor=None,
            check=check,
            professional=bulk.professional,
            kind=bulk.kind,
            diagnosis_code=bulk.diagnosis_code,
            cost=usd(bulk.cost_cents),
        )
        made.refresh_from_db()
        assert _values(made, ATTENTION_FIELDS) == _values(bulk, ATTENTION_FIELDS)
    # Rural patients at a dispensary, affiliates at the own units.
    assert {a.coverage_check.basis for a in sample[:12]} == {"rural"}
    assert {a.coverage_check.basis for a in sample[12:]} == {"affiliate"}
    assert all(a.cost_cents > 0 for a in sample)


@pytest.mark.django_db
def test_a_sample_of_referrals_equals_what_the_service_writes() -> None:
    # Without the benefit steps: they run after the health steps and add older contribution
    # histories, so the services would see a later state than the bulk writer saw.
    _generate(scale=0.005, benefits=False)
    for bulk in Referral.objects.order_by("id")[::7][:10]:
        made = services.referral_create(
            actor=None,
            attention=bulk.attention,
            agreement=bulk.agreement,
            service_code=bulk.service_code,
            referred_on=bulk.referred_on,
            reason=bulk.reason,
        )
        fields = ["attention_id", "agreement_id", "service_code", "referred_on", "reason"]
        assert _values(made, fields) == _values(bulk, fields)
        assert bulk.attention.unit.kind != UnitKind.RURAL_DISPENSARY
