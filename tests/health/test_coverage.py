"""Coverage before an attention: each basis and each refusal, on both sides of each threshold.

The parameters (rules/parameters/health_subsidies/coverage.yaml, in force since 2011-10-01):
3 contributions in the last 12 months (affiliate and spouse extension), children covered up to
(excluding) 18 years, 2 months of protection after the last day of work.
The date of the checks is 20-jun-2024: the 12 months counted are jun-2023 .. may-2024 (the
month of the date is not closed); may-2024 was due 15-jun-2024, so it is paid by then.
"""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.models import AuditEvent
from seguro.health.coverage import coverage_evaluate, months_since
from seguro.health.models import CoverageCheck
from seguro.health.services import coverage_check
from seguro.registry import services as registry
from seguro.registry.models import DependentKind, Regime, RuralRole
from tests import factories
from tests.health import factories as health

pytestmark = pytest.mark.django_db
ON = date(2024, 6, 20)
MAY = date(2024, 5, 1)


def test_affiliate_with_three_contributions_in_12_months_is_covered() -> None:
    person = health.affiliate(months=3, last_month=MAY)  # mar, apr, may 2024: 3 >= 3
    result = coverage_evaluate(person=person, on=ON)
    assert (result.covered, result.basis) == (True, "affiliate")
    steps = {s["step"]: s["value"] for s in result.explanation}
    assert steps[f"Aportaciones pagadas de {person.identifier} en los 12 meses anteriores"] == 3
    assert any(s.get("parameter") == "health_subsidies.coverage" for s in result.explanation)


def test_affiliate_with_two_contributions_is_refused_with_the_reason() -> None:
    person = health.affiliate(months=2, last_month=MAY)  # apr, may: 2 < 3
    result = coverage_evaluate(person=person, on=ON)
    assert (result.covered, result.attend) == (False, False)
    assert result.reason == "Tiene 2 aportaciones en 12 meses; se requieren 3."


def test_a_contribution_older_than_12_months_does_not_count() -> None:
    # may-2023, then apr and may 2024: may-2023 is outside jun-2023..may-2024, so 2 < 3.
    employer = factories.employer()
    person = health.affiliate(months=2, last_month=MAY, employer=employer)
    factories.contribution_months(
        person, start=date(2023, 5, 1), months=1, salary="800.00", employer=employer
    )
    assert not coverage_evaluate(person=person, on=ON).covered
    # jun-2023 is inside the window: 3 contributions.
    factories.contribution_months(
        person, start=date(2023, 6, 1), months=1, salary="800.00", employer=employer
    )
    assert coverage_evaluate(person=person, on=ON).covered


def test_months_unpaid_by_an_employer_in_arrears_count_and_make_it_liable() -> None:
    employer = factories.employer()
    person = health.affiliate(months=1, last_month=date(2024, 3, 1), employer=employer)
    # apr and may 2024 declared, never paid (due 15-may and 15-jun, both before 20-jun).
    factories.contribution_months(
        person, start=date(2024, 4, 1), months=2, salary="800.00", employer=employer, paid_on=None
    )
    result = coverage_evaluate(person=person, on=ON)
    # 1 paid + 2 in arrears = 3 >= 3: covered, and the employer answers for the cost.
    assert (result.covered, result.basis) == (True, "affiliate")
    assert result.employer_in_arrears_id == employer.pk


def test_pensioner_is_covered() -> None:
    result = coverage_evaluate(person=health.pensioner(), on=ON)
    assert (result.covered, result.basis, result.label) == (
        True,
        "pensioner",
        "Pensionista del IESS",
    )


def _spouse_of(holder):
    spouse = factories.person(birth_date=date(1986, 1, 1), sex="M")
    registry.dependent_add(
        actor=None,
        holder=holder,
        person=spouse,
        kind=DependentKind.SPOUSE,
        valid_from=date(2023, 1, 1),
    )
    return spouse


def test_spouse_with_extension_covered_when_the_holder_has_three_contributions() -> None:
    spouse = _spouse_of(health.affiliate(months=3, last_month=MAY))
    result = coverage_evaluate(person=spouse, on=ON)
    assert (result.covered, result.basis) == (True, "spouse")


def test_spouse_refused_when_the_holder_has_two_contributions() -> None:
    spouse = _spouse_of(health.affiliate(months=2, last_month=MAY))
    result = coverage_evaluate(person=spouse, on=ON)
    assert not result.covered
    assert result.reason == "Titular: Tiene 2 aportaciones en 12 meses; se requieren 3."


def _child_of(holder, birth: date):
    child = factories.person(birth_date=birth)
    registry.dependent_add(
        actor=None,
        holder=holder,
        person=child,
        kind=DependentKind.CHILD,
        valid_from=date(2020, 1, 1),
    )
    return child


def test_child_of_17_is_covered_and_of_18_is_not() -> None:
    holder = health.affiliate(months=3, last_month=MAY)
    seventeen = _child_of(holder, date(2006, 6, 21))  # 18 on 21-jun-2024: 17 on the 20th
    eighteen = _child_of(holder, date(2006, 6, 20))  # 18 on the very day
    assert coverage_evaluate(person=seventeen, on=ON).basis == "child"
    refused = coverage_evaluate(person=eighteen, on=ON)
    assert not refused.covered
    assert refused.reason == "El hijo tiene 18 años; la cobertura es hasta los 18."


def test_child_refused_when_the_holder_lacks_contributions() -> None:
    child = _child_of(health.affiliate(months=2, last_month=MAY), date(2015, 1, 1))
    result = coverage_evaluate(person=child, on=ON)
    assert result.reason == "El afiliado tiene 2 aportaciones en 12 meses; se requieren 3."


def test_former_affiliate_within_two_months_of_leaving() -> None:
    person = health.affiliate(months=12, last_month=date(2024, 3, 1))
    affiliation = person.affiliations.get()
    registry.affiliation_end(
        actor=None,
        affiliation=affiliation,
        valid_to=date(2024, 4, 20),
        notice_date=date(2024, 4, 20),
    )
    # 20-apr -> 20-jun: exactly 2 months: covered; 21-jun: 2 months and a day = 3: refused.
    assert months_since(date(2024, 4, 20), ON) == 2
    inside = coverage_evaluate(person=person, on=ON)
    assert (inside.covered, inside.basis) == (True, "former_affiliate")
    outside = coverage_evaluate(person=person, on=date(2024, 6, 21))
    assert not outside.covered
    assert outside.reason == ("Han pasado 3 meses desde el cese; la cobertura se mantiene 2 meses.")


def _rural_family(head_months: int):
    organisation = registry.rural_organisation_register(
        actor=None, code=f"ORG{head_months}", name="Comuna San Lucas", canton_code="1111"
    )
    head = factories.person(canton="1111", birth_date=date(1970, 1, 1), sex="M")
    family = registry.rural_family_register(
        actor=None, organisation=organisation, head=head, valid_from=date(2020, 1, 1)
    )
    member = factories.person(canton="1111", birth_date=date(1975, 1, 1))
    registry.rural_member_add(
        actor=None,
        family=family,
        person=member,
        role=RuralRole.BENEFICIARY,
        valid_from=date(2020, 1, 1),
    )
    start = date(2024, 6 - head_months, 1)
    factories.contribution_months(
        head,
        start=start,
        months=head_months,
        salary="2.82",
        regime=Regime.RURAL_HEAD_OF_FAMILY,
    )
    return head, member


def test_rural_family_member_covered_when_the_head_contributes() -> None:
    head, member = _rural_family(3)
    result = coverage_evaluate(person=member, on=ON)
    assert (result.covered, result.basis) == (True, "rural")
    assert coverage_evaluate(person=head, on=ON).basis == "rural"


def test_rural_family_member_refused_when_the_head_has_two_contributions() -> None:
    _head, member = _rural_family(2)
    result = coverage_evaluate(person=member, on=ON)
    assert result.reason == (
        "Jefe de familia campesina: Tiene 2 aportaciones en 12 meses; se requieren 3."
    )


def test_nobody_in_the_registry_is_refused_but_an_emergency_is_attended() -> None:
    stranger = factories.person()
    refused = coverage_evaluate(person=stranger, on=ON)
    assert (refused.covered, refused.attend) == (False, False)
    assert refused.reason.startswith("No consta como afiliado, pensionista, dependiente")
    emergency = coverage_evaluate(person=stranger, on=ON, emergency=True)
    assert (emergency.covered, emergency.attend, emergency.basis) == (False, True, "emergency")
    assert emergency.reason == refused.reason


def test_home_work_affiliates_have_no_iess_health_care() -> None:
    person = factories.person()
    registry.affiliation_start(
        actor=None,
        person=person,
        regime=Regime.HOME_WORK,
        valid_from=date(2020, 1, 1),
        notice_date=date(2020, 1, 1),
        salary="100.00",
    )
    factories.contribution_months(
        person, start=date(2024, 1, 1), months=5, salary="100.00", regime=Regime.HOME_WORK
    )
    assert not coverage_evaluate(person=person, on=ON).covered


def test_each_check_is_recorded_with_who_when_and_result() -> None:
    unit = health.unit()
    nurse = health.staff(unit)
    person = health.affiliate(months=2, last_month=MAY)
    check = coverage_check(actor=nurse, person=person, on=ON, unit=unit)
    stored = CoverageCheck.objects.get(pk=check.pk)
    assert (stored.checked_by, stored.checked_on, stored.covered) == (nurse, ON, False)
    assert stored.reason == "Tiene 2 aportaciones en 12 meses; se requieren 3."
    assert stored.explanation[0] == {"step": "Base evaluada", "value": "Afiliado al Seguro General"}
    event = AuditEvent.objects.get(action="health_coverage.check", target_id=str(check.pk))
    assert event.actor == nurse


def test_arrears_older_than_the_12_months_make_no_employer_liable() -> None:
    old_employer = factories.employer()
    person = health.affiliate(months=3, last_month=MAY)
    # may-2023 unpaid by a former employer: outside jun-2023..may-2024.
    factories.contribution_months(
        person,
        start=date(2023, 5, 1),
        months=1,
        salary="500.00",
        employer=old_employer,
        paid_on=None,
    )
    result = coverage_evaluate(person=person, on=ON)
    assert result.covered and result.employer_in_arrears_id is None


def test_a_dead_person_is_not_covered() -> None:
    person = health.affiliate(months=3, last_month=MAY)
    registry.person_record_death(actor=None, person=person, death_date=date(2024, 6, 1))
    result = coverage_evaluate(person=person, on=ON)
    assert (result.covered, result.reason) == (False, "La persona falleció el 01/06/2024.")
