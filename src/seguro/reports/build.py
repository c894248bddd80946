"""Build a report: each section computed from the operational data for the scope."""

from __future__ import annotations

from collections.abc import Callable

from seguro.core.errors import DomainError
from seguro.registry.models import Province
from seguro.reports.figures import Report, Scope, Section
from seguro.reports.sections.benefits import (
    third_party_funds_section,
    work_risk_benefits_figures,
)
from seguro.reports.sections.collections import collections_section
from seguro.reports.sections.coverage import coverage_section, rural_section
from seguro.reports.sections.health import health_section, rural_health_figures
from seguro.reports.sections.institution import (
    budget_section,
    contacts_section,
    control_section,
    planning_section,
    procurement_section,
)
from seguro.reports.sections.pensions import pensions_section
from seguro.reports.sections.work_risks import work_risks_section


# The seeds' order: coverage, rural insurance, collections, benefits, health, work risks,
# third-party funds, public policies and objectives, budget, procurement, control, contacts.
def rural_with_dispensaries(scope: Scope) -> Section:
    section = rural_section(scope)
    rural_health_figures(scope, section)
    return section


def work_risks_with_benefits(scope: Scope) -> Section:
    section = work_risks_section(scope)
    work_risk_benefits_figures(scope, section)
    return section


SECTIONS: list[Callable[[Scope], Section]] = [
    coverage_section,
    rural_with_dispensaries,
    collections_section,
    pensions_section,
    health_section,
    work_risks_with_benefits,
    third_party_funds_section,
    planning_section,
    budget_section,
    procurement_section,
    control_section,
    contacts_section,
]


def scope_for(year: int, province: str | None) -> Scope:
    """The scope of a report; the province by name (any case, accents as written) or INEC code."""
    if province is None:
        return Scope(year)
    wanted = province.strip()
    match = (
        Province.objects.filter(code=wanted).first()
        or Province.objects.filter(name__iexact=wanted).first()
    )
    if match is None:
        names = ", ".join(Province.objects.order_by("name").values_list("name", flat=True))
        raise DomainError(
            f"la provincia '{province}' no existe; use una de: {names}.", field="provincia"
        )
    return Scope(year, match.code, match.name)


def report_build(scope: Scope, progress: Callable[[str], None] | None = None) -> Report:
    sections = []
    for make in SECTIONS:
        section = make(scope)
        if progress:
            progress(section.title)
        sections.append(section)
    return Report(scope, sections)
