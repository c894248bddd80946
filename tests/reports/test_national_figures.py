"""The national report's own figures, under the keys of figures.yaml national_2023: ambulances
bought in the year and their price, staff trained under the gender policy, last year's
attentions in millions and the growth on them, the national contact e-mail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from seguro.core.errors import DomainError
from seguro.health.models import UnitKind
from seguro.health.services import ambulance_register, attention_record, coverage_check
from seguro.institution import services as institution
from seguro.registry import services as registry
from seguro.reports.build import report_build, scope_for
from tests import factories
from tests.health import factories as health

pytestmark = pytest.mark.django_db


def _figures(year: int, province: str | None) -> dict[str, Any]:
    return report_build(scope_for(year, province)).as_json()["figures"]


def test_ambulances_bought_in_the_year_and_their_investment() -> None:
    quito = health.unit(kind=UnitKind.GENERAL_HOSPITAL, canton="1701", level=3)
    loja = health.unit(kind=UnitKind.GENERAL_HOSPITAL, canton="1101", level=2)
    bought = [
        ("PBA-0001", quito, "advanced", date(2023, 3, 1), "700000.00"),
        ("LBA-0002", loja, "advanced", date(2023, 12, 31), "900000.00"),
        ("PBA-0003", quito, "advanced", date(2022, 12, 31), "800000.00"),  # last year
        ("PBA-0004", quito, "basic", date(2023, 5, 1), "90000.00"),  # not advanced life support
    ]
    for plate, unit, kind, on, cost in bought:
        ambulance_register(actor=None, plate=plate, unit=unit, kind=kind, acquired_on=on, cost=cost)
    ambulance_register(actor=None, plate="PBA-0005", unit=quito, kind="advanced")  # old fleet
    country = _figures(2023, None)["health"]
    # 700 000.00 + 900 000.00 = 1.6 M -> 2 (millions, to the unit).
    assert country["advanced_life_support_ambulances"] == 2
    assert country["ambulances_investment_usd_millions"] == 2
    province = _figures(2023, "Loja")["health"]
    # 0.9 M -> 1.
    assert province["advanced_life_support_ambulances"] == 1
    assert province["ambulances_investment_usd_millions"] == 1
    assert _figures(2022, None)["health"]["advanced_life_support_ambulances"] == 1


def test_a_price_without_a_date_is_refused() -> None:
    unit = health.unit()
    with pytest.raises(DomainError, match="van juntos"):
        ambulance_register(actor=None, plate="X-1", unit=unit, kind="advanced", cost="10.00")


def test_staff_trained_under_the_gender_policy() -> None:
    head = institution.unit_register(
        actor=None,
        code="DN",
        name="Dirección Nacional",
        kind="national_directorate",
        contact_email="iessrendicioncuentas@iess.gob.ec",
    )
    gender = institution.programme_register(
        actor=None, code="GEN", name="Tolerancia cero a la violencia", policy="gender"
    )
    elders = institution.programme_register(
        actor=None, code="INT", name="Adultos mayores", policy="generational"
    )
    workshops = [
        (gender, date(2023, 4, 1), 120, True),
        (gender, date(2023, 5, 1), 50, False),  # with the public
        (elders, date(2023, 6, 1), 30, True),  # another policy
        (gender, date(2022, 11, 1), 70, True),  # last year
    ]
    for n, (programme, on, participants, for_staff) in enumerate(workshops):
        institution.workshop_record(
            actor=None,
            programme=programme,
            unit=head,
            name=f"Taller {n}",
            held_on=on,
            participants=participants,
            for_staff=for_staff,
        )
    country = _figures(2023, None)
    assert country["equality_policies"]["staff_trained_gender"] == 120
    assert country["public_policies"]["workshop_participants"] == 200
    assert _figures(2022, None)["equality_policies"]["staff_trained_gender"] == 70
    # figures.yaml national_2023.contact_email; a province's report has its citizen_contact.
    assert country["contact_email"] == "iessrendicioncuentas@iess.gob.ec"
    assert "contact_email" not in _figures(2023, "Loja")


def test_attentions_of_the_year_before_in_millions_and_the_growth_on_them() -> None:
    unit = health.unit(canton="1101")
    doctor = health.professional(unit)
    nurse = health.staff(unit)
    person = health.affiliate(months=48, last_month=date(2023, 11, 1), since=date(2019, 1, 1))
    days = [date(2022, 3, 1), date(2022, 7, 1), date(2022, 9, 1)]
    days += [date(2023, 2, 1), date(2023, 3, 1), date(2023, 6, 1), date(2023, 12, 1)]
    for on in days:
        check = coverage_check(actor=nurse, person=person, on=on, unit=unit)
        attention_record(
            actor=nurse,
            check=check,
            professional=doctor,
            kind="medical",
            diagnosis_code="J06.9",
            cost="20.00",
        )
    country = _figures(2023, None)["health"]
    # (4 - 3) / 3 = 0.333 -> 0.33; 3 attentions are 0.0 millions.
    assert country["attentions"] == 4
    assert country["attentions_growth_vs_2022"] == pytest.approx(0.33)
    assert country["attentions_2022_millions"] == 0
    # 2022 on 2021 (no attentions): no growth to give.
    assert _figures(2022, None)["health"]["attentions_growth_vs_2021"] is None


def test_new_affiliates_are_the_net_growth_of_the_year() -> None:
    def affiliate(start: date, canton: str = "1701") -> Any:
        person = factories.person(canton=canton)
        affiliation = registry.affiliation_start(
            actor=None,
            person=person,
            employer=factories.employer(canton=canton),
            regime="private_employee",
            valid_from=start,
            notice_date=start,
            salary="800.00",
        )
        return person, affiliation

    affiliate(date(2020, 1, 1))  # there all along
    _, leaves = affiliate(date(2021, 5, 1))
    registry.affiliation_end(
        actor=None, affiliation=leaves, valid_to=date(2022, 6, 30), notice_date=date(2022, 6, 30)
    )
    dies, _ = affiliate(date(2019, 1, 1))
    registry.person_record_death(actor=None, person=dies, death_date=date(2022, 8, 1))
    affiliate(date(2022, 3, 1))  # new
    affiliate(date(2022, 12, 31))  # new on the last day
    affiliate(date(2023, 1, 1))  # next year
    affiliate(date(2022, 4, 1), canton="1101")  # new, in Loja
    # Pichincha: 3 on 31-12-2021 (2020, 2021, 2019); 3 on 31-12-2022 (2020, the two new):
    # growth 0, while two people had their first affiliation in the year.
    assert _figures(2022, "Pichincha")["new_affiliates"] == 0
    assert _figures(2022, "Loja")["new_affiliates"] == 1
    assert _figures(2022, None)["new_affiliates"] == 1
    # 2023: 4 on 31-12-2023 (+ the 2023 one) against 3 in Pichincha.
    assert _figures(2023, "Pichincha")["new_affiliates"] == 1
