"""Attentions after a coverage check: the employer's liability, emergencies, rural dispensaries,
the ICD-10 code, referrals."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.health.models import EmployerHealthLiability, UnitKind
from seguro.health.services import (
    ServiceTariff,
    agreement_sign,
    ambulance_register,
    ambulance_state_set,
    attention_record,
    coverage_check,
    provider_register,
    referral_create,
    transplant_register,
    transplant_state_set,
)
from seguro.registry.models import Pensioner
from tests import factories
from tests.health import factories as health
from tests.health.test_coverage import _rural_family

pytestmark = pytest.mark.django_db
ON = date(2024, 6, 20)


def test_attention_for_a_worker_of_an_employer_in_arrears_creates_its_liability() -> None:
    unit = health.unit()
    doctor = health.professional(unit)
    nurse = health.staff(unit)
    employer = factories.employer()
    person = health.affiliate(months=1, last_month=date(2024, 3, 1), employer=employer)
    factories.contribution_months(
        person, start=date(2024, 4, 1), months=2, salary="800.00", employer=employer, paid_on=None
    )
    check = coverage_check(actor=nurse, person=person, on=ON, unit=unit)
    assert check.employer_in_arrears == employer
    attention = attention_record(
        actor=nurse,
        check=check,
        professional=doctor,
        kind="medical",
        diagnosis_code="j06.9",
        cost="42.75",
    )
    assert (attention.diagnosis_code, attention.attended_on) == ("J06.9", ON)
    assert attention.diagnosis_name.startswith("Infección aguda de las vías respiratorias")
    liability = EmployerHealthLiability.objects.get(attention=attention)
    # Cost 42.75 x share 1.00 (LSS Arts. 94 and 96) = 42.75.
    assert (liability.employer, liability.amount_cents, liability.state) == (employer, 4275, "open")
    assert liability.explanation[-1]["parameter"] == "health_subsidies.employer_liability"


def test_no_liability_when_the_employer_is_up_to_date() -> None:
    unit = health.unit()
    nurse = health.staff(unit)
    person = health.affiliate(months=3, last_month=date(2024, 5, 1))
    check = coverage_check(actor=nurse, person=person, on=ON, unit=unit)
    attention = attention_record(
        actor=nurse,
        check=check,
        professional=health.professional(unit),
        kind="dental",
        diagnosis_code="K02.9",
        cost="15.00",
    )
    assert not EmployerHealthLiability.objects.filter(attention=attention).exists()


def test_uncovered_person_is_refused_unless_it_is_an_emergency() -> None:
    unit = health.unit()
    nurse = health.staff(unit)
    doctor = health.professional(unit)
    stranger = factories.person()
    refused = coverage_check(actor=nurse, person=stranger, on=ON, unit=unit)
    with pytest.raises(DomainError, match="no tiene cobertura: No consta como afiliado"):
        attention_record(
            actor=nurse,
            check=refused,
            professional=doctor,
            kind="medical",
            diagnosis_code="T14.9",
            cost="80.00",
        )
    emergency = coverage_check(actor=nurse, person=stranger, on=ON, unit=unit, emergency=True)
    attention = attention_record(
        actor=nurse,
        check=emergency,
        professional=doctor,
        kind="medical",
        diagnosis_code="T14.9",
        cost="80.00",
    )
    assert attention.emergency is True
    with pytest.raises(DomainError, match="ya tiene una atención"):
        attention_record(
            actor=nurse,
            check=emergency,
            professional=doctor,
            kind="medical",
            diagnosis_code="T14.9",
            cost="80.00",
        )


@pytest.mark.parametrize("code", ["J6.9", "06.9", "J06.", "J06.123", "JJ06"])
def test_a_badly_formed_icd10_code_is_refused(code: str) -> None:
    unit = health.unit()
    nurse = health.staff(unit)
    check = coverage_check(actor=nurse, person=health.pensioner(), on=ON, unit=unit)
    with pytest.raises(DomainError, match="no es un código CIE-10 válido"):
        attention_record(
            actor=nurse,
            check=check,
            professional=health.professional(unit),
            kind="nursing",
            diagnosis_code=code,
            cost="5.00",
        )


def test_staff_of_another_unit_cannot_check_there() -> None:
    unit, other = health.unit(), health.unit()
    outsider = health.staff(other)
    with pytest.raises(DomainError, match="no pertenece a la unidad"):
        coverage_check(actor=outsider, person=health.pensioner(), on=ON, unit=unit)


def test_rural_dispensary_attends_rural_families_only() -> None:
    dispensary = health.unit(kind=UnitKind.RURAL_DISPENSARY, canton="1111")
    nurse = health.staff(dispensary)
    nurse_professional = health.professional(dispensary, "Enfermería")
    _head, member = _rural_family(3)
    check = coverage_check(actor=nurse, person=member, on=ON, unit=dispensary)
    attention = attention_record(
        actor=nurse,
        check=check,
        professional=nurse_professional,
        kind="nursing",
        diagnosis_code="Z00.0",
        cost="6.00",
    )
    assert attention.coverage_check.basis == "rural"
    affiliate_check = coverage_check(actor=nurse, person=health.pensioner(), on=ON, unit=dispensary)
    with pytest.raises(DomainError, match="atienden a los miembros de familias campesinas"):
        attention_record(
            actor=nurse,
            check=affiliate_check,
            professional=nurse_professional,
            kind="nursing",
            diagnosis_code="Z00.0",
            cost="6.00",
        )


def test_referral_within_the_agreement_only() -> None:
    unit = health.unit()
    nurse = health.staff(unit)
    check = coverage_check(actor=nurse, person=health.pensioner(), on=ON, unit=unit)
    attention = attention_record(
        actor=nurse,
        check=check,
        professional=health.professional(unit),
        kind="medical",
        diagnosis_code="N18.5",
        cost="30.00",
    )
    provider = provider_register(
        actor=None,
        tax_id="1190000001001",
        name="Dializadora Nefroloja",
        kind="dialysis",
        canton_code="1101",
    )
    agreement = agreement_sign(
        actor=None,
        provider=provider,
        number="CONV-1",
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 12, 31),
        ceiling="10000.00",
        services=[ServiceTariff("HD01", "Hemodiálisis (sesión)", "120.00")],
    )
    referral = referral_create(
        actor=nurse,
        attention=attention,
        agreement=agreement,
        service_code="hd01",
        referred_on=ON,
        reason="Enfermedad renal crónica etapa 5",
    )
    assert referral.service_code == "HD01"
    with pytest.raises(DomainError, match="no consta en el convenio CONV-1"):
        referral_create(
            actor=nurse,
            attention=attention,
            agreement=agreement,
            service_code="TX01",
            referred_on=ON,
            reason="x",
        )
    with pytest.raises(DomainError, match="no está vigente el 01/01/2025"):
        referral_create(
            actor=nurse,
            attention=attention,
            agreement=agreement,
            service_code="HD01",
            referred_on=date(2025, 1, 1),
            reason="x",
        )


def test_transplant_register_and_ambulance_fleet() -> None:
    hospital = health.unit(kind=UnitKind.GENERAL_HOSPITAL, canton="1101", level=2)
    transplant = transplant_register(
        actor=None,
        organ="Riñón",
        recipient=health.pensioner(),
        unit=hospital,
        on=ON,
        state="waiting",
    )
    transplant_state_set(actor=None, transplant=transplant, state="performed")
    transplant.refresh_from_db()
    assert transplant.state == "performed"
    with pytest.raises(DomainError, match="no es un valor permitido"):
        transplant_state_set(actor=None, transplant=transplant, state="lost")
    ambulance = ambulance_register(actor=None, plate="lba-1234", unit=hospital, kind="advanced")
    assert (ambulance.plate, ambulance.state) == ("LBA-1234", "operative")
    ambulance_state_set(actor=None, ambulance=ambulance, state="maintenance")
    with pytest.raises(DomainError, match="ya registrada"):
        ambulance_register(actor=None, plate="LBA-1234", unit=hospital, kind="basic")
    assert AuditEvent.objects.filter(action__startswith="health_").count() >= 5


def test_a_rural_member_who_is_also_a_pensioner_is_a_dispensary_patient() -> None:
    dispensary = health.unit(kind=UnitKind.RURAL_DISPENSARY, canton="1111")
    hospital = health.unit()
    _head, member = _rural_family(3)
    Pensioner.objects.create(person=member, kind="rural", valid_from=date(2015, 1, 1))
    # At the dispensary the rural basis is preferred (it covers: the head has 3 contributions);
    # elsewhere the first basis that covers, the pension, answers.
    at_dispensary = coverage_check(
        actor=health.staff(dispensary), person=member, on=ON, unit=dispensary
    )
    at_hospital = coverage_check(actor=health.staff(hospital), person=member, on=ON, unit=hospital)
    assert (at_dispensary.basis, at_hospital.basis) == ("rural", "pensioner")
    attention = attention_record(
        actor=health.staff(dispensary),
        check=at_dispensary,
        professional=health.professional(dispensary, "Enfermería"),
        kind="nursing",
        diagnosis_code="Z00.0",
        cost="6.00",
    )
    assert attention.unit == dispensary
