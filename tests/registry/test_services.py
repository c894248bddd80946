"""Registry services: the law's rules on both sides of each threshold, Spanish errors naming the
field, one audit event per write, and nothing written when a rule refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.registry import services
from seguro.registry.models import Affiliation, Dependent, Employer, Person, Regime, SalaryRecord
from tests import factories

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Employer.objects.count(),
        Affiliation.objects.count(),
        SalaryRecord.objects.count(),
        Dependent.objects.count(),
        AuditEvent.objects.count(),
    )


def _refused(match: str, field: str, call, *args, **kwargs) -> DomainError:
    before = _counts()
    with pytest.raises(DomainError, match=match) as caught:
        call(*args, **kwargs)
    assert caught.value.field == field
    assert _counts() == before, "a refused operation wrote something"
    return caught.value


def test_person_register_writes_the_person_and_one_audit_event() -> None:
    person = services.person_register(
        actor=None,
        national_id="1710034065",
        first_names="Luis",
        last_names="Ordóñez",
        sex="M",
        birth_date=date(1970, 1, 1),
        canton_code="1101",
    )
    event = AuditEvent.objects.get(target_id=str(person.pk))
    assert event.action == "person.register"
    assert event.target_type == "registry.person"
    assert person.canton.province.name == "Loja"


def test_invalid_cedula_is_refused_naming_the_field() -> None:
    error = _refused(
        "dígito verificador",
        "cédula",
        services.person_register,
        actor=None,
        national_id="1710034064",
        first_names="Luis",
        last_names="Ordóñez",
        sex="M",
        birth_date=date(1970, 1, 1),
        canton_code="1101",
    )
    assert error.as_text().startswith("campo «cédula»: cédula inválida")


def test_unknown_canton_is_refused() -> None:
    _refused(
        "no existe",
        "canton",
        services.person_register,
        actor=None,
        national_id="1710034065",
        first_names="Luis",
        last_names="Ordóñez",
        sex="M",
        birth_date=date(1970, 1, 1),
        canton_code="1199",
    )


def test_duplicate_cedula_is_refused() -> None:
    factories.person(national_id="1710034065")
    _refused(
        "ya existe",
        "cédula",
        factories.person,
        national_id="1710034065",
    )


def test_invalid_ruc_is_refused() -> None:
    _refused(
        "RUC inválido",
        "RUC",
        services.employer_register,
        actor=None,
        tax_id="1790011675001",
        name="Comercial Loja",
        canton_code="1101",
        legal_representative=None,
    )


def test_company_without_legal_representative_is_refused() -> None:
    _refused(
        "representante legal",
        "representante legal",
        services.employer_register,
        actor=None,
        tax_id="1790011674001",
        name="Comercial Loja",
        canton_code="1101",
    )


def test_employer_kind_and_sector_follow_the_ruc() -> None:
    public = factories.employer(kind=factories.ids.TaxIdKind.PUBLIC_ENTITY)
    natural = factories.employer(kind=factories.ids.TaxIdKind.NATURAL_PERSON)
    assert (public.kind, public.sector) == ("public", "public")
    assert (natural.kind, natural.sector) == ("natural", "private")


def _start(person, employer, *, valid_from, notice_date, salary="600.00"):
    return services.affiliation_start(
        actor=None,
        person=person,
        employer=employer,
        regime=Regime.PRIVATE_EMPLOYEE,
        valid_from=valid_from,
        notice_date=notice_date,
        salary=salary,
    )


def test_entry_notice_on_the_15th_day_of_work_is_on_time_and_16th_is_late() -> None:
    employer = factories.employer()
    # Work starts on 2 January: day 1. Day 15 is 16 January, day 16 is 17 January.
    on_time = _start(
        factories.person(), employer, valid_from=date(2024, 1, 2), notice_date=date(2024, 1, 16)
    )
    late = _start(
        factories.person(), employer, valid_from=date(2024, 1, 2), notice_date=date(2024, 1, 17)
    )
    assert on_time.entry_notice_late is False
    assert late.entry_notice_late is True
    assert (
        AuditEvent.objects.get(target_id=str(late.pk), action="affiliation.start").data["late"]
        is True
    )
    assert late.salary_records.get().salary == Decimal("600.00")


def test_overlapping_affiliation_with_the_same_employer_is_refused() -> None:
    employer, person = factories.employer(), factories.person()
    first = _start(person, employer, valid_from=date(2023, 1, 1), notice_date=date(2023, 1, 1))
    services.affiliation_end(actor=None, affiliation=first, valid_to=date(2023, 6, 30))
    _refused(
        "superpuesta",
        "inicio",
        _start,
        person,
        employer,
        valid_from=date(2023, 6, 30),
        notice_date=date(2023, 6, 30),
    )
    # The day after the exit is free again, and another employer may overlap.
    again = _start(person, employer, valid_from=date(2023, 7, 1), notice_date=date(2023, 7, 1))
    other = _start(
        person, factories.employer(), valid_from=date(2023, 7, 1), notice_date=date(2023, 7, 1)
    )
    assert again.pk and other.pk


def test_exit_before_entry_is_refused_and_exit_on_entry_day_is_accepted() -> None:
    affiliation = _start(
        factories.person(),
        factories.employer(),
        valid_from=date(2024, 3, 1),
        notice_date=date(2024, 3, 1),
    )
    _refused(
        "anterior a la entrada",
        "fin",
        services.affiliation_end,
        actor=None,
        affiliation=affiliation,
        valid_to=date(2024, 2, 29),
    )
    ended = services.affiliation_end(actor=None, affiliation=affiliation, valid_to=date(2024, 3, 1))
    assert ended.valid_to == date(2024, 3, 1)
    _refused(
        "ya terminó",
        "fin",
        services.affiliation_end,
        actor=None,
        affiliation=ended,
        valid_to=date(2024, 4, 1),
    )


def test_deceased_person_cannot_be_affiliated_after_death() -> None:
    person = factories.person()
    services.person_record_death(actor=None, person=person, death_date=date(2024, 5, 10))
    employer = factories.employer()
    _refused(
        "falleció",
        "persona",
        _start,
        person,
        employer,
        valid_from=date(2024, 5, 10),
        notice_date=date(2024, 5, 10),
    )
    # A period of work that began before the death is still recordable.
    before = _start(person, employer, valid_from=date(2024, 5, 9), notice_date=date(2024, 5, 9))
    assert before.pk


def test_dependency_regime_needs_an_employer_and_others_refuse_one() -> None:
    person = factories.person()
    _refused(
        "requiere un empleador",
        "empleador",
        services.affiliation_start,
        actor=None,
        person=person,
        regime=Regime.PUBLIC_SERVANT,
        valid_from=date(2024, 1, 1),
        salary="900",
    )
    _refused(
        "no tiene empleador",
        "empleador",
        services.affiliation_start,
        actor=None,
        person=person,
        employer=factories.employer(),
        regime=Regime.VOLUNTARY,
        valid_from=date(2024, 1, 1),
        salary="460",
    )


def test_child_dependent_is_covered_until_the_day_before_18_and_refused_from_18() -> None:
    holder = factories.person()
    _start(holder, factories.employer(), valid_from=date(2020, 1, 1), notice_date=date(2020, 1, 1))
    child = factories.person(birth_date=date(2006, 8, 20))
    # 19 August 2024 the child is 17: accepted, coverage ends 19 August 2024.
    dependent = services.dependent_add(
        actor=None, holder=holder, person=child, kind="child", valid_from=date(2024, 8, 19)
    )
    assert dependent.valid_to == date(2024, 8, 19)
    other_child = factories.person(birth_date=date(2006, 8, 20))
    _refused(
        "cumplió 18 años",
        "fecha de nacimiento del dependiente",
        services.dependent_add,
        actor=None,
        holder=holder,
        person=other_child,
        kind="child",
        valid_from=date(2024, 8, 20),
    )


def test_spouse_dependent_has_open_coverage_and_needs_an_insured_holder() -> None:
    holder, spouse = factories.person(), factories.person(sex="M")
    _refused(
        "no tiene afiliación ni pensión",
        "titular",
        services.dependent_add,
        actor=None,
        holder=holder,
        person=spouse,
        kind="spouse",
        valid_from=date(2024, 1, 1),
    )
    _start(holder, factories.employer(), valid_from=date(2023, 1, 1), notice_date=date(2023, 1, 1))
    dependent = services.dependent_add(
        actor=None, holder=holder, person=spouse, kind="spouse", valid_from=date(2024, 1, 1)
    )
    assert dependent.valid_to is None


def test_salary_change_outside_the_affiliation_is_refused() -> None:
    affiliation = _start(
        factories.person(),
        factories.employer(),
        valid_from=date(2024, 1, 1),
        notice_date=date(2024, 1, 1),
    )
    _refused(
        "fuera de la afiliación",
        "vigente desde",
        services.salary_change,
        actor=None,
        affiliation=affiliation,
        valid_from=date(2023, 12, 31),
        salary="700",
    )
    _refused(
        "mayor que cero",
        "salario",
        services.salary_change,
        actor=None,
        affiliation=affiliation,
        valid_from=date(2024, 2, 1),
        salary="0",
    )
    record = services.salary_change(
        actor=None, affiliation=affiliation, valid_from=date(2024, 2, 1), salary="700.004"
    )
    assert record.salary == Decimal("700.00")
