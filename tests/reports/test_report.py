"""The accountability report computed from a small world made by hand: every figure checked
against counts worked out here or against sums taken independently from the records."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from seguro.collections.control import collection_target_set
from seguro.collections.models import Component, Payment, PaymentAllocation
from seguro.collections.payments import payment_register
from seguro.collections.posting import ALLOCATION_DOCUMENT
from seguro.health.demo_data import health_load_loja_2022
from seguro.institution.demo_data import institution_load_loja_2022
from seguro.ledger.models import LedgerEntry
from seguro.registry import services
from seguro.registry.models import Pensioner
from seguro.reports.build import report_build, scope_for
from seguro.reports.charts import chart_svg
from seguro.reports.figures import Chart
from seguro.reports.render import report_document, report_html, report_pdf
from seguro.reports.sections.collections import collected_by_month
from seguro.work_risks.demo_data import work_risks_load_loja_2022
from tests import factories
from tests.collections.factories import FUNDS_ON_1000, obligation

pytestmark = pytest.mark.django_db
LOJA, QUITO = factories.LOJA_CANTON, factories.PICHINCHA_CANTON


def _affiliate(canton: str, sex: str, regime: str, start: date, employer=None):  # type: ignore[no-untyped-def]
    worker = factories.person(canton=canton, sex=sex)
    services.affiliation_start(
        actor=None,
        person=worker,
        employer=employer,
        regime=regime,
        valid_from=start,
        notice_date=start,
        salary="800.00",
    )
    return worker


@pytest.fixture
def world() -> dict[str, object]:
    loja_employer = factories.employer(canton=LOJA)
    quito_employer = factories.employer(canton=QUITO)
    mother = _affiliate(LOJA, "F", "private_employee", date(2022, 3, 1), loja_employer)
    _affiliate(LOJA, "F", "private_employee", date(2019, 5, 1), loja_employer)
    _affiliate(LOJA, "M", "voluntary", date(2022, 6, 1))
    _affiliate(QUITO, "M", "private_employee", date(2022, 2, 1), quito_employer)
    child = factories.person(canton=LOJA, birth_date=date(2015, 4, 2))
    services.dependent_add(
        actor=None, holder=mother, person=child, kind="child", valid_from=date(2022, 3, 1)
    )
    retiree = factories.person(canton=LOJA, birth_date=date(1950, 1, 1), sex="M")
    Pensioner.objects.create(person=retiree, kind="old_age", valid_from=date(2015, 1, 1))
    # Collections: January 2021, 103.00, paid in full on time (12 February 2021); January 2022,
    # 206.00, paid in full on time (10 February 2022); February 2022 paid late, 150.00 on
    # 20 April 2022 (due 15 March: in arrears, and interest is allocated before principal).
    half = {fund: cents // 2 for fund, cents in FUNDS_ON_1000.items()}
    jan21 = obligation(period=date(2021, 1, 1), funds=half, employer=loja_employer)
    jan22 = obligation(period=date(2022, 1, 1), funds=FUNDS_ON_1000, employer=loja_employer)
    feb22 = obligation(period=date(2022, 2, 1), funds=FUNDS_ON_1000, employer=loja_employer)
    assert (jan21.total_cents, jan22.total_cents, feb22.total_cents) == (10300, 20600, 20600)
    for paid_on, amount in (
        (date(2021, 2, 12), "103.00"),
        (date(2022, 2, 10), "206.00"),
        (date(2022, 4, 20), "150.00"),
    ):
        payment_register(actor=None, paid_on=paid_on, amount=amount, employer=loja_employer)
    admin = factories.user("auditor")
    admin.is_superuser = True
    admin.save()
    collection_target_set(
        actor=admin, province_code="11", year=2022, kind="arrears_recovery", amount="100.00"
    )
    institution_load_loja_2022()
    work_risks_load_loja_2022()
    health_load_loja_2022()
    return {"employer": loja_employer}


def _figures(province: str | None) -> dict[str, object]:
    return report_build(scope_for(2022, province)).as_json()["figures"]


def test_coverage_of_loja_and_of_the_country(world: dict[str, object]) -> None:
    loja = _figures("Loja")
    # Loja on 31-12-2022: three affiliates (two women in dependency, one voluntary man), the
    # old-age pensioner, the child of the first woman.
    assert loja["coverage"] == {
        "total_covered": 5,
        "affiliates": 3,
        "pensioners": 1,
        "dependents": 1,
    }
    assert loja["affiliates_by_type"] == {
        "dependency": 2,
        "self_employed": 0,
        "voluntary": 1,
        "semi_contributory": 0,
    }
    assert loja["general_insurance_affiliates"] == 3
    assert loja["affiliates_by_sex"] == {"female": 2, "male": 1}
    assert loja["new_affiliates"] == 2  # the 2019 affiliate is not new
    assert loja["rural_insurance"]["total_covered"] == 0
    country = _figures(None)
    assert country["coverage"]["affiliates"] == 4  # and the Quito worker
    assert country["new_affiliates"] == 3


def test_collections_by_month_against_the_payments(world: dict[str, object]) -> None:
    loja = _figures("11")
    months = {m["month"]: m for m in loja["collections"]["months"]}
    # Every payment was allocated whole (each debt exceeded it), so a month's collection is
    # the sum of the receipts of that month.
    assert Payment.objects.filter(paid_on__year=2022).aggregate(s=Sum("amount_cents"))["s"] == (
        20600 + 15000
    )
    assert loja["collections"]["year_total_usd"] == pytest.approx(356.00)
    assert months["2022-02"]["usd_millions"] == 0
    # February 2022 against February 2021: (206.00 - 103.00) / 103.00 = 1.000
    assert months["2022-02"]["growth_vs_same_month_2021"] == pytest.approx(1.0)
    assert "growth_vs_same_month_2021" not in months["2022-04"]  # nothing in April 2021
    section = next(
        s for s in report_build(scope_for(2022, "Loja")).sections if s.code == "recaudacion"
    )
    (chart,) = section.charts
    series = dict(chart.series)
    # The chart draws what was paid and leaves a gap where nothing was recorded (not a zero).
    assert series["2021"][1] == pytest.approx(103.00)
    assert math.isnan(series["2021"][3]) and math.isnan(series["2022"][0])
    recovered = PaymentAllocation.objects.filter(
        in_arrears=True, payment__paid_on__year=2022, component=Component.PRINCIPAL
    ).aggregate(s=Sum("amount_cents"))["s"]
    assert 0 < recovered < 15000  # part of the 150.00 went to interest
    assert loja["achievements"]["arrears_recovered_usd"] == pytest.approx(recovered / 100)
    compliance = (Decimal(recovered) / Decimal(10000)).quantize(Decimal("0.01"))
    assert loja["achievements"]["arrears_target_compliance"] == pytest.approx(float(compliance))
    # The country reads the payment batches' totals; they equal the entries summed by month.
    entries = dict(
        LedgerEntry.objects.filter(document_type=ALLOCATION_DOCUMENT)
        .values_list("batch__period")
        .annotate(s=Sum("amount_cents"))
    )
    assert entries and collected_by_month(scope_for(2022, None), 2022) == {
        period: cents for period, cents in entries.items() if period.year == 2022
    }
    quito = _figures("Pichincha")
    assert quito["collections"]["year_total_usd"] == 0


def test_institution_sections_reproduce_loja_2022(world: dict[str, object]) -> None:
    loja = _figures("Loja")
    budget = loja["budget_execution"]["total"]
    # figures.yaml loja_2022.budget_execution.total
    assert budget == {"appropriated": 68682191.80, "accrued": 43726126.40, "execution": 0.64}
    rows = {r["unit"]: r for r in loja["budget_execution"]["rows"]}
    assert len(rows) == 5
    assert rows["CRP Fondo Riesgos"] == {
        "unit": "CRP Fondo Riesgos",
        "appropriated": 186891.63,
        "accrued": 173765.70,
    }
    assert loja["procurement_awarded"]["total"] == {"count": 60, "usd": 568937.41}
    types = {r["type"]: r["count"] for r in loja["procurement_awarded"]["rows"]}
    assert types["Ínfima Cuantía"] == 45
    assert len(loja["audit_recommendations"]) == 6
    assert loja["citizen_contact"]["email"] == "iess.loja@iess.gob.ec"
    assert len(loja["strategic_objectives"]) == 7
    # figures.yaml loja_2022.work_risks: 52 employers and 641 participants trained
    assert loja["work_risks"]["employers_trained"] == 52
    assert loja["work_risks"]["participants_trained"] == 641
    assert _figures("Pichincha")["work_risks"]["participants_trained"] == 0
    # figures.yaml loja_2022.rural_insurance.dispensaries: 56
    assert loja["rural_insurance"]["dispensaries"] == 56


def test_providers_are_the_directorate_s_even_from_another_province(
    world: dict[str, object],
) -> None:
    loja = _figures("Loja")["achievements"]
    # figures.yaml loja_2022.achievements: Loja's directorate contracted a dialysis centre of
    # Zamora Chinchipe; the report names its province, as the published list does.
    assert sorted(loja["new_providers"]) == sorted(
        ["Dializadora Palcodial (Zamora Chinchipe)", "Clínica Santa María"]
    )
    assert set(loja["external_providers_renewed"]) == {
        "Clínica Mogrovejo",
        "Clínica San Agustín",
        "SOLCA",
        "CEDIMEDIC",
        "MIBIOGEN",
    }
    assert set(loja["dialysis_centres_renewed"]) == {
        "Dializadora Nefroloja",
        "Dializadora Cornelio Samaniego",
        "Dializadora Dialítica",
    }
    # Zamora Chinchipe's directorate signed none of them.
    assert _figures("Zamora Chinchipe")["achievements"]["new_providers"] == []
    # figures.yaml loja_2022.achievements.annexed_dispensaries_renewed: 15, renewed from
    # May 2022; their first agreements (2017) renew nothing, and none is in Zamora Chinchipe.
    assert loja["annexed_dispensaries_renewed"] == 15
    first_year = report_build(scope_for(2017, "Loja")).as_json()["figures"]
    assert first_year["achievements"]["annexed_dispensaries_renewed"] == 0
    assert _figures("Zamora Chinchipe")["achievements"]["annexed_dispensaries_renewed"] == 0


def test_html_pdf_and_json_outputs(world: dict[str, object], tmp_path: Path) -> None:
    report = report_build(scope_for(2022, "Loja"))
    html = report_html(report)
    assert html.count("<svg") >= 4  # affiliates by type and by sex, collections, budget...
    assert "Afiliados + pensionistas + dependientes el 31 de diciembre" in html
    assert "Rendición de cuentas 2022 · Dirección Provincial de Loja" in html
    assert len(set(re.findall(r'id="([^"]+)"', html))) == len(re.findall(r'id="([^"]+)"', html))
    assert report_pdf(report).startswith(b"%PDF-")
    pages = report_document(report).pages
    assert len(pages) >= 3  # the body, then the annex of definitions on a page of its own
    out = tmp_path / "loja.json"
    call_command("report", year=2022, province="loja", format="json", out=str(out))
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["province"] == "Loja"
    assert written["figures"]["coverage"]["affiliates"] == 3
    assert "coverage.affiliates" in written["definitions"]


def test_an_unknown_province_is_refused_in_spanish(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="la provincia 'Atlántida' no existe"):
        call_command(
            "report", year=2022, province="Atlántida", format="json", out=str(tmp_path / "x")
        )


def test_chart_axes_group_thousands_as_the_figures_do() -> None:
    svg = chart_svg(
        Chart("bar", "Población", ["Beneficiarios", "Jefes"], [("personas", [36625, 23241])])
    )
    # es-EC groups thousands with a no-break space (the cards show "36 625"), never a period.
    assert "35\xa0000" in svg or "35&#160;000" in svg
    assert "35.000" not in svg and "35,000" not in svg
