"""Pensions: what the monthly payrolls of the year paid (from the ledger), the people paid, and
the pension-system benefits granted in the year (retirement, survivors, funeral aid)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum

from seguro.benefits.models import ClaimKind
from seguro.ledger.models import LedgerEntry
from seguro.ledger.selectors import cents_to_usd
from seguro.pensions.models import PensionPayment
from seguro.pensions.payroll import PAYROLL_JOB
from seguro.reports.figures import Chart, Scope, Section
from seguro.reports.sections.benefits import claims_granted, claims_paid_by_kind

PAYROLL_DOCUMENT = "pension_payroll"
PENSION_FUNDS = {
    "ivm": "IVM",
    "work_risks": "Riesgos del trabajo",
    "rural": "Seguro Social Campesino",
}
RETIREMENT = [ClaimKind.OLD_AGE, ClaimKind.DISABILITY]
GROSS = F("pension_cents") + F("thirteenth_cents") + F("fourteenth_cents")


def payroll_paid_cents(scope: Scope) -> dict[str, int]:
    # The payroll batches first (a few a month): their entries are read by batch, not found
    # among every payment's.
    entries = LedgerEntry.objects.filter(
        batch__job=PAYROLL_JOB,
        batch__period__year=scope.year,
        document_type=PAYROLL_DOCUMENT,
        fund__in=PENSION_FUNDS,
    )
    if scope.province_code:
        entries = entries.filter(province_code=scope.province_code)
    rows = entries.values("fund").annotate(c=Sum("amount_cents")).order_by()
    return {r["fund"]: int(r["c"]) for r in rows}


def _payments(scope: Scope):  # type: ignore[no-untyped-def]
    rows = PensionPayment.objects.filter(period__year=scope.year)
    if scope.province_code:
        rows = rows.filter(person__canton__province_id=scope.province_code)
    return rows


def _granted_pensions_paid_cents(scope: Scope, kinds: list[ClaimKind]) -> int:
    """What the payrolls of the year paid on pensions granted by claims decided in the year."""
    pensions = claims_granted(scope, kinds).exclude(pension_id=None).values("pension_id")
    paid = _payments(scope).filter(pension_id__in=pensions).aggregate(c=Sum(GROSS))["c"]
    return int(paid or 0)


def pensions_section(scope: Scope) -> Section:
    section = Section("pensiones", "Pensiones")
    by_fund = payroll_paid_cents(scope)
    total = sum(by_fund.values())
    paid_definition = (
        "Suma de los asientos del libro mayor de las nóminas de pensiones del año (pensión, "
        "décimos tercero y cuarto, antes de descuentos)"
    )
    section.add(
        "pensions.paid_usd",
        "Pagado en pensiones",
        cents_to_usd(total),
        "USD",
        f"{paid_definition}: IVM, riesgos del trabajo y Seguro Social Campesino.",
    )
    section.add(
        "pensions.paid_usd_millions",
        "Pagado en pensiones (millones de USD)",
        (Decimal(total) / 100 / 1_000_000).quantize(Decimal(1), ROUND_HALF_UP),
        "millones de USD",
        "Lo pagado en pensiones en el año, en millones de dólares redondeados a la unidad.",
    )
    section.add(
        "rural_insurance.pensions_paid_usd",
        "Pagado en pensiones del Seguro Social Campesino",
        cents_to_usd(by_fund.get("rural", 0)),
        "USD",
        f"{paid_definition}, del fondo del Seguro Social Campesino.",
    )
    year_end = date(scope.year, 12, 31)
    paid_people = (
        _payments(scope)
        .filter(period=date(scope.year, 12, 1))
        .filter(Q(person__death_date__isnull=True) | Q(person__death_date__gt=year_end))
        .values("person_id")
        .distinct()
        .count()
    )
    section.add(
        "pensions.pensioners_paid_on_time",
        "Pensionistas pagados",
        paid_people,
        "personas",
        "Personas vivas el 31 de diciembre pagadas en la nómina de diciembre (cada nómina paga, "
        "en su mes, a todos los beneficiarios vigentes; quien falleció en el año no cuenta).",
    )
    retirement = _granted_pensions_paid_cents(scope, RETIREMENT)
    survivors = _granted_pensions_paid_cents(scope, [ClaimKind.SURVIVORS])
    _claims, funeral = claims_paid_by_kind(scope, [ClaimKind.FUNERAL])[ClaimKind.FUNERAL]
    granted = claims_granted(scope, [*RETIREMENT, ClaimKind.SURVIVORS, ClaimKind.FUNERAL])
    section.add(
        "pension_benefits_granted.count",
        "Prestaciones del sistema de pensiones concedidas",
        granted.count(),
        "prestaciones",
        "Solicitudes de jubilación, montepío y auxilio de funerales aprobadas en el año (por la "
        "fecha de la decisión).",
    )
    kinds = {
        "retirement": (retirement, "Jubilaciones"),
        "survivors": (survivors, "Montepío"),
        "funeral_aid": (funeral, "Auxilio de funerales"),
    }
    for key, (cents, label) in kinds.items():
        section.add(
            f"pension_benefits_granted.by_kind_usd.{key}",
            f"{label}: monto",
            cents_to_usd(cents),
            "USD",
            "Para pensiones: lo pagado en las nóminas del año a las concedidas en el año; para "
            "el auxilio de funerales: los pagos del año (libro mayor).",
        )
    section.add(
        "pension_benefits_granted.total_usd",
        "Prestaciones del sistema de pensiones: monto",
        cents_to_usd(retirement + survivors + funeral),
        "USD",
        "Jubilaciones + montepío + auxilio de funerales, como se definen arriba.",
    )
    section.charts.append(
        Chart(
            "pie",
            "Pagado en pensiones por fondo",
            list(PENSION_FUNDS.values()),
            [("USD", [by_fund.get(f, 0) / 100 for f in PENSION_FUNDS])],
            "USD",
        )
    )
    return section
