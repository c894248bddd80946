"""The Loja 2022 loader reproduces the report's institutional figures exactly."""

from __future__ import annotations

from decimal import Decimal

from seguro.core.models import AuditEvent
from seguro.institution import selectors
from seguro.institution.demo_data import institution_load_loja_2022
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


def test_the_loader_is_deterministic(loja_2022):
    first = [
        (p.code, p.awarded_amount, p.supplier_tax_id)
        for p in selectors.procurement_processes(year=2022)
    ]
    assert first[0][1] is not None or first[0][1] is None  # rows exist
    totals = selectors.procurement_awarded_by_type(year=2022)
    assert totals.total_amount == Decimal("568937.41")
