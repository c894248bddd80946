"""The loaded registry: counts by the coverage selectors, and the rules every row obeys."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.registry import ids
from seguro.registry.coverage import coverage_counts
from seguro.registry.models import (
    DEPENDENCY_REGIMES,
    Affiliation,
    Dependent,
    Employer,
    Pensioner,
    Person,
    RuralFamily,
    RuralMember,
    SalaryRecord,
)

LOJA_DAY = date(2022, 12, 31)
NATIONAL_DAY = date(2023, 12, 31)
MINIMUM_WAGE = {
    2010: 240,
    2011: 264,
    2012: 292,
    2013: 318,
    2014: 340,
    2015: 354,
    2016: 366,
    2017: 375,
    2018: 386,
    2019: 394,
    2020: 400,
    2021: 400,
    2022: 425,
    2023: 450,
}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def in_force(row: Any, on: date) -> bool:
    return row.valid_from <= on and (row.valid_to is None or row.valid_to >= on)


def turns(birth: date, years: int) -> date:
    """The birthday (29 February falls on 1 March in common years)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def test_loja_counts_are_the_scaled_published_figures(loja: dict[str, Any]) -> None:
    counts = coverage_counts(on=LOJA_DAY, province_code="11")
    assert counts["general_insurance_affiliates"] == 842  # 84 158 x 0.01 = 841.58
    assert counts["affiliates_by_sex"] == {"female": 512, "male": 330}  # 511.68, 329.90
    rural = counts["rural_insurance"]
    assert rural["heads_of_family"] == 232  # 232.41
    assert rural["beneficiaries"] == 366  # 366.25
    assert rural["chart_values"] == [366, 232, 16, 111]  # 15.79, 111.35
    assert rural["retirees_pensioners"] == 127
    assert rural["total_covered"] == 366 + 232 + 127
    assert counts["cantons_covered"] == 16
    flat = flatten(counts)
    for key, value in flatten(loja["targets"]).items():
        assert flat[key] == value, key


def test_national_counts_are_the_scaled_published_figures(national: dict[str, Any]) -> None:
    counts = coverage_counts(on=NATIONAL_DAY)
    assert counts["affiliates_by_type"] == {
        "dependency": 2637,
        "self_employed": 295,
        "voluntary": 216,
        "semi_contributory": 636,
    }
    assert counts["coverage"]["pensioners"] == 837
    assert counts["coverage"]["dependents"] == 2596
    assert counts["rural_insurance"]["pensioners"] == 124
    assert counts["coverage"]["total_covered"] == 3784 + 837 + 2596
    flat = flatten(counts)
    for key, value in flatten(national["targets"]).items():
        assert flat[key] == value, key


def test_the_selectors_agree_with_a_row_by_row_count(national: dict[str, Any]) -> None:
    """The SQL definitions, recomputed in Python over every row of a small registry."""
    on = NATIONAL_DAY
    alive = {p.pk for p in Person.objects.all() if p.death_date is None or p.death_date > on}
    affiliates = {a.person_id for a in Affiliation.objects.all() if in_force(a, on)} & alive
    pensioners = ({p.person_id for p in Pensioner.objects.all() if in_force(p, on)} & alive) - (
        affiliates
    )
    families = {f.pk for f in RuralFamily.objects.all() if in_force(f, on)}
    dependents = {d.person_id for d in Dependent.objects.all() if in_force(d, on)} | {
        m.person_id
        for m in RuralMember.objects.filter(role="beneficiary")
        if in_force(m, on) and m.family_id in families
    }
    dependents = (dependents & alive) - affiliates - pensioners
    counts = coverage_counts(on=on)["coverage"]
    assert counts["affiliates"] == len(affiliates)
    assert counts["pensioners"] == len(pensioners)
    assert counts["dependents"] == len(dependents)
    dead = set(Person.objects.values_list("pk", flat=True)) - alive
    assert dead, "the generator leaves a few recently deceased pensioners with open pensions"
    assert not dead & (affiliates | pensioners | dependents)
    assert Pensioner.objects.filter(person_id__in=dead, valid_to__isnull=True).exists()


def test_identity_numbers_are_valid_and_unique(national: dict[str, Any]) -> None:
    cedulas = list(Person.objects.values_list("national_id", flat=True))
    assert len(set(cedulas)) == len(cedulas)
    for value in cedulas:
        ids.cedula_validate(value)
    for tax_id, kind, representative in Employer.objects.values_list(
        "tax_id", "kind", "legal_representative_id"
    ):
        assert ids.tax_id_validate(tax_id)[1].value == kind
        assert (representative is None) == (kind == "natural")


def test_children_are_under_18_and_covered_until_the_day_before(loja: dict[str, Any]) -> None:
    children = Dependent.objects.filter(kind="child").select_related("person")
    assert children.exists()
    for child in children:
        eighteen = turns(child.person.birth_date, 18)
        assert eighteen > LOJA_DAY
        assert child.valid_to == eighteen - timedelta(days=1)
        assert child.valid_from <= LOJA_DAY
    assert not Dependent.objects.filter(kind="spouse", valid_to__isnull=False).exists()
    assert not Dependent.objects.filter(holder_id=F("person_id")).exists()


def test_affiliations_never_overlap_with_one_employer(national: dict[str, Any]) -> None:
    periods: dict[tuple[int, int], list[tuple[date, date]]] = defaultdict(list)
    for person, employer, start, end in Affiliation.objects.exclude(employer=None).values_list(
        "person_id", "employer_id", "valid_from", "valid_to"
    ):
        periods[(person, employer)].append((start, end or date.max))
    for spans in periods.values():
        spans.sort()
        for (_, first_end), (second_start, _) in itertools.pairwise(spans):
            assert first_end < second_start
    assert Affiliation.objects.exclude(valid_to=None).exists()
    assert (
        Affiliation.objects.filter(valid_to=None).values("person_id").distinct().count()
        < Affiliation.objects.filter(valid_to=None).count()
    ), "some people hold two current jobs (counted once)"


def test_notices_and_salaries_follow_the_rules(national: dict[str, Any]) -> None:
    late = 0
    dependency = {r.value for r in DEPENDENCY_REGIMES}
    salaries = {s.affiliation_id: s for s in SalaryRecord.objects.all()}
    for a in Affiliation.objects.all():
        delay = (a.entry_notice_date - a.valid_from).days
        assert delay >= 0
        assert a.entry_notice_late == (delay > 15)
        late += a.entry_notice_late
        assert a.entry_notice_date <= NATIONAL_DAY
        if a.valid_to is not None:
            assert a.exit_notice_date is not None and a.exit_notice_date >= a.valid_to
        salary = salaries[a.pk]
        assert salary.valid_from == a.valid_from
        if a.regime in dependency:
            year = a.valid_to.year if a.valid_to else NATIONAL_DAY.year
            assert Decimal(salary.salary) >= MINIMUM_WAGE[year]
    assert 0 < late < Affiliation.objects.count() * 0.1
    assert SalaryRecord.objects.count() == Affiliation.objects.count()


def test_a_registry_with_people_is_refused_unless_replaced(
    loja: dict[str, Any], load_registry: Any
) -> None:
    with pytest.raises(DomainError, match="--replace"):
        load_registry("loja-2022", 0.01)
    with pytest.raises(CommandError, match="--replace"):
        call_command("synth", "--scope", "loja-2022", "--scale", "0.01", "--no-progress")
    first = set(Person.objects.values_list("national_id", flat=True))
    report = load_registry("loja-2022", 0.01, replace=True, seed=2022)
    assert set(Person.objects.values_list("national_id", flat=True)) == first
    assert report["rows"]["registry_person"] == Person.objects.count()
    load_registry("loja-2022", 0.01, replace=True, seed=99)
    assert set(Person.objects.values_list("national_id", flat=True)) != first


def test_the_load_is_audited(loja: dict[str, Any]) -> None:
    event = AuditEvent.objects.get(action="synth.load")
    assert event.actor is None
    assert event.data["scope"] == "loja-2022"
    assert event.data["scale"] == 0.01
    assert event.data["seed"] == 2022
    assert event.data["rows"]["registry_person"] == Person.objects.count()
    assert event.data["targets"]["general_insurance_affiliates"] == 842


def test_the_command_prints_a_check(db: Any, capsys: Any) -> None:
    call_command("synth", "--scope", "loja-2022", "--scale", "0.01", "--no-progress", "--check")
    out = capsys.readouterr().out
    assert "Registro sintético cargado." in out
    assert "DIFERENTE" not in out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_constraints_are_back_after_the_load(loja: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname = %s",
            ["affiliation_no_overlap_same_employer"],
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'registry_person'::regclass "
            "AND contype = 'u'"
        )
        assert cursor.fetchone()[0] == 2  # national_id, passport
    person = Person.objects.create(
        national_id=ids.cedula_make("11", 5_999_999),
        first_names="Ana",
        last_names="Celi",
        sex="F",
        birth_date=date(1990, 1, 1),
        canton_id="1101",
    )
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk
