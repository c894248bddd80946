"""Collections: money received by month (from the ledger) with its growth on the same month of
the year before, and arrears recovered against the year's target."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from seguro.collections.models import CollectionTarget, PaymentAllocation, TargetKind
from seguro.collections.posting import ALLOCATION_DOCUMENT, PAYMENT_JOB
from seguro.ledger.models import EntryKind, LedgerBatch, LedgerEntry
from seguro.ledger.selectors import cents_to_usd
from seguro.reports.figures import Chart, Scope, Section, Table

MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
COLLECTED = (
    "Suma de los asientos del libro mayor de los pagos recibidos (capital, intereses y multas), "
    "por el mes en que se pagó"
)
MILLION = Decimal(1_000_000)
CENT = Decimal("0.01")


def _entries(scope: Scope) -> QuerySet[LedgerEntry]:
    entries = LedgerEntry.objects.filter(
        document_type=ALLOCATION_DOCUMENT,
        kind__in=[EntryKind.PAID, EntryKind.INTEREST, EntryKind.FINE],
    )
    if scope.province_code:
        entries = entries.filter(province_code=scope.province_code)
    return entries


def collected_by_month(scope: Scope, year: int) -> dict[date, int]:
    if not scope.province_code:
        # Country-wide: each payment is one ledger batch whose total is the sum of its entries
        # (ledger_post writes it, ledger verify checks it), so one row per payment is read
        # instead of one per fund and component.
        batches = (
            LedgerBatch.objects.filter(job=PAYMENT_JOB, period__year=year)
            .values("period")
            .annotate(cents=Sum("total_cents"))
            .order_by()
        )
        return {r["period"]: int(r["cents"]) for r in batches}
    rows = (
        _entries(scope)
        .filter(batch__period__year=year)
        .values("batch__period")
        .annotate(cents=Sum("amount_cents"))
        .order_by()
    )
    return {r["batch__period"]: int(r["cents"]) for r in rows}


def arrears_recovered_cents(scope: Scope) -> int:
    entries = LedgerEntry.objects.filter(
        document_type=ALLOCATION_DOCUMENT,
        kind=EntryKind.PAID,
        batch__period__year=scope.year,
        document_id__in=PaymentAllocation.objects.filter(in_arrears=True).values("id"),
    )
    if scope.province_code:
        entries = entries.filter(province_code=scope.province_code)
    return int(entries.aggregate(cents=Sum("amount_cents"))["cents"] or 0)


def _growth(current: int, before: int | None) -> Decimal | None:
    if not before:
        return None
    return (Decimal(current - before) / Decimal(before)).quantize(
        Decimal("0.001"), rounding=ROUND_HALF_UP
    )


def _millions(cents: int) -> Decimal:
    return (Decimal(cents) / 100 / MILLION).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def collections_section(scope: Scope) -> Section:
    section = Section("recaudacion", "Recaudación y cartera")
    this_year = collected_by_month(scope, scope.year)
    last_year = collected_by_month(scope, scope.year - 1)
    total = sum(this_year.values())
    section.add(
        "collections.year_total_usd",
        "Recaudación del año",
        cents_to_usd(total),
        "USD",
        f"{COLLECTED}, de enero a diciembre.",
    )
    section.add(
        "collections.year_total_usd_millions",
        "Recaudación del año (millones de USD)",
        _millions(total),
        "millones de USD",
        "La recaudación del año en millones de dólares, redondeada a la unidad.",
    )
    months = []
    rows = []
    for month in range(1, 13):
        period = date(scope.year, month, 1)
        cents = this_year.get(period, 0)
        growth = _growth(cents, last_year.get(date(scope.year - 1, month, 1)))
        months.append(
            {
                "month": f"{period:%Y-%m}",
                "usd_millions": _millions(cents),
                # figures.yaml names the year compared with (growth_vs_same_month_2022).
                f"growth_vs_same_month_{scope.year - 1}": growth,
            }
        )
        rows.append(
            [
                f"{MONTHS[month - 1]} {scope.year}",
                cents_to_usd(cents),
                "—" if growth is None else f"{growth * 100:.1f} %".replace(".", ","),
            ]
        )
    section.add(
        "collections.months",
        "Recaudación por mes",
        [json_month(m) for m in months],
        "",
        f"{COLLECTED}; el crecimiento compara con el mismo mes del año anterior.",
    )
    section.tables.append(
        Table(
            "Recaudación por mes",
            ["Mes", "USD", "Crecimiento sobre el mismo mes del año anterior"],
            rows,
            f"{COLLECTED}.",
            total=["Total", cents_to_usd(total), ""],
        )
    )
    section.charts.append(
        Chart(
            "line",
            "Recaudación mensual (USD)",
            [f"{m} {scope.year}" for m in MONTHS],
            [
                (str(scope.year), _chart_values(this_year, scope.year)),
                (str(scope.year - 1), _chart_values(last_year, scope.year - 1)),
            ],
            "USD",
        )
    )
    recovered = arrears_recovered_cents(scope)
    section.add(
        "achievements.arrears_recovered_usd",
        "Recuperación de cartera en mora patronal",
        cents_to_usd(recovered),
        "USD",
        "Capital pagado en el año de obligaciones que estaban vencidas al pagarse (asientos del "
        "libro mayor de las imputaciones marcadas en mora).",
    )
    targets = CollectionTarget.objects.filter(year=scope.year, kind=TargetKind.ARREARS_RECOVERY)
    if scope.province_code:
        targets = targets.filter(province_code=scope.province_code)
    target = int(targets.aggregate(cents=Sum("target_cents"))["cents"] or 0)
    compliance = (
        (Decimal(recovered) / Decimal(target)).quantize(CENT, rounding=ROUND_HALF_UP)
        if target
        else None
    )
    section.add(
        "achievements.arrears_target_compliance",
        "Cumplimiento de la meta de recuperación de cartera",
        compliance,
        "proporción",
        "Recuperación de cartera del año dividida para la meta fijada para el año (metas de "
        "recuperación por provincia), a dos decimales.",
    )
    return section


def _chart_values(by_month: dict[date, int], year: int) -> list[float]:
    """USD per month for the chart; a month without any payment recorded is a gap (NaN), not a
    zero, so a year whose records start late does not draw a fall to nothing."""
    return [
        by_month[day] / 100 if (day := date(year, month, 1)) in by_month else float("nan")
        for month in range(1, 13)
    ]


def json_month(month: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in month.items() if v is not None}
