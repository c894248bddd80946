"""The Loja 2022 loader reproduces the report's institutional figures exactly."""

from __future__ import annotations

import random
from decimal import Decimal

from seguro.core.models import AuditEvent
from seguro.institution.demo_data import institution_load_loja_2022, split_cents
from seguro.institution.models import (
    AuditRecommendation,
    OrganisationalUnit,
    StrategicObjective,
    Workshop,
)


def test_the_loader_builds_the_directorate_its_seven_coordinations_and_the_rest(loja_2022):
    assert loja_2022["skipped"] is False
    directorate = OrganisationalUnit.objects.get(code="IESS-DPL")
    assert directorate.province_id == "11"
    assert directorate.children.filter(kind="coordination").count() == 7
    assert AuditRecommendation.objects.count() == 6
    assert StrategicObjective.objects.count() == 7
    assert Workshop.objects.filter(programme__code="PNEA").count() == 9
    assert loja_2022["citizen_requests"] >= 5
    # every write went through a service, so every row has its audit event
    assert AuditEvent.objects.filter(action="institution.unit.register").count() == 17


def test_the_loader_runs_once(loja_2022):
    events = AuditEvent.objects.count()
    again = institution_load_loja_2022()
    assert again["skipped"] is True
    assert AuditEvent.objects.count() == events


def test_the_split_is_exact_positive_and_deterministic():
    total = Decimal("114159.17")
    first = split_cents(total, 45, random.Random(7))
    assert first == split_cents(total, 45, random.Random(7))
    assert sum(first) == total
    assert all(part >= Decimal("0.01") for part in first)
    assert split_cents(total, 45, random.Random(8)) != first
