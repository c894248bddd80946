"""Benefits granted: pension-system benefits (retirement, survivors, funeral aid), third-party
funds paid out (severance, reserve funds, unemployment insurance) and work-risk benefits.

Amounts come from the ledger: the batch each claim instalment posted (its entries of document
type ``benefit_claim``, summed in the batch's total), by the month they were paid; pensions
from the entries of the pension payrolls of the year.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import BigIntegerField, Count, OuterRef, QuerySet, Subquery, Sum

from seguro.benefits.models import Claim, ClaimInstalment, ClaimKind, ClaimState
from seguro.ledger.models import LedgerBatch
from seguro.ledger.selectors import cents_to_usd
from seguro.reports.figures import Chart, Scope, Section, Table

CLAIM_DOCUMENT = "benefit_claim"
THIRD_PARTY = {
    "severance_cesantia": (ClaimKind.SEVERANCE, "Cesantía"),
    "reserve_funds": (ClaimKind.RESERVE_FUND, "Fondos de reserva"),
    "unemployment_insurance": (ClaimKind.UNEMPLOYMENT, "Seguro de desempleo"),
}
WORK_RISK_KINDS = [
    ClaimKind.WORK_RISK_TEMPORARY,
    ClaimKind.WORK_RISK_PARTIAL,
    ClaimKind.WORK_RISK_TOTAL,
    ClaimKind.WORK_RISK_ABSOLUTE,
]
GRANTED = [ClaimState.APPROVED, ClaimState.PAID]


def _instalments_paid(scope: Scope, kinds: list[ClaimKind]) -> QuerySet[ClaimInstalment]:
    rows = ClaimInstalment.objects.filter(claim__kind__in=kinds, paid_on__year=scope.year)
    if scope.province_code:
        rows = rows.filter(claim__province_code=scope.province_code)
    return rows


def claims_paid_by_kind(scope: Scope, kinds: list[ClaimKind]) -> dict[str, tuple[int, int]]:
    """Per kind: (claims with a payment in the year, cents from the ledger: the totals of the
    batches the instalments posted, one batch per instalment, found by its key; the entries'
    own document index would be walked across every payment's entries)."""
    batch_total = LedgerBatch.objects.filter(key=OuterRef("ledger_key")).values("total_cents")
    rows = (
        _instalments_paid(scope, kinds)
        .values("claim__kind")
        .annotate(
            claims=Count("claim_id", distinct=True),
            cents=Sum(Subquery(batch_total, output_field=BigIntegerField())),
        )
        .order_by()
    )
    found = {r["claim__kind"]: (int(r["claims"]), int(r["cents"] or 0)) for r in rows}
    return {str(kind): found.get(str(kind), (0, 0)) for kind in kinds}


def people_paid(scope: Scope, kinds: list[ClaimKind]) -> int:
    """Distinct applicants with an instalment of one of ``kinds`` paid in the year."""
    return _instalments_paid(scope, kinds).values("claim__applicant_id").distinct().count()


def claims_granted(scope: Scope, kinds: list[ClaimKind]) -> QuerySet[Claim]:
    rows = Claim.objects.filter(kind__in=kinds, state__in=GRANTED, decided_on__year=scope.year)
    if scope.province_code:
        rows = rows.filter(province_code=scope.province_code)
    return rows


def third_party_funds_section(scope: Scope) -> Section:
    section = Section("fondos", "Fondos de terceros: cesantía, fondos de reserva y desempleo")
    definition = (
        "Solicitudes con al menos un pago en el año y la suma de los asientos del libro mayor de "
        "esos pagos (fondo del seguro y retiro de la cuenta individual)"
    )
    rows: list[tuple[str, int, Decimal]] = []
    all_kinds: list[ClaimKind] = []
    paid = claims_paid_by_kind(scope, [kind for kind, _label in THIRD_PARTY.values()])
    for key, (kind, label) in THIRD_PARTY.items():
        claims, cents = paid[str(kind)]
        all_kinds.append(kind)
        section.add(
            f"third_party_funds_granted.{key}.count",
            f"{label}: prestaciones pagadas",
            claims,
            "solicitudes",
            f"{definition}; prestación: {label.lower()}.",
        )
        section.add(
            f"third_party_funds_granted.{key}.usd",
            f"{label}: monto pagado",
            cents_to_usd(cents),
            "USD",
            f"{definition}; prestación: {label.lower()}.",
        )
        rows.append((label, claims, cents_to_usd(cents)))
    people = people_paid(scope, all_kinds)
    cents = sum(cents for _claims, cents in paid.values())
    section.add(
        "third_party_funds.beneficiaries",
        "Beneficiarios de fondos de terceros",
        people,
        "personas",
        "Personas distintas con un pago de cesantía, fondos de reserva o desempleo en el año.",
    )
    section.add(
        "third_party_funds.paid_usd",
        "Pagado por fondos de terceros",
        cents_to_usd(cents),
        "USD",
        f"{definition}; las tres prestaciones.",
    )
    section.tables.append(
        Table(
            "Fondos de terceros pagados en el año",
            ["Prestación", "Solicitudes pagadas", "Monto (USD)"],
            [list(r) for r in rows],
            f"{definition}.",
            total=["Total", sum(r[1] for r in rows), cents_to_usd(cents)],
        )
    )
    section.charts.append(
        Chart(
            "bar",
            "Fondos de terceros pagados (USD)",
            [r[0] for r in rows],
            [("USD", [float(r[2]) for r in rows])],
            "USD",
        )
    )
    return section


def work_risk_benefits_figures(scope: Scope, section: Section) -> None:
    granted = claims_granted(scope, WORK_RISK_KINDS)
    section.add(
        "work_risks.benefits_granted",
        "Prestaciones de riesgos del trabajo concedidas",
        granted.count(),
        "prestaciones",
        "Solicitudes de subsidio, indemnización o pensión de riesgos del trabajo aprobadas en el "
        "año (por la fecha de la decisión).",
    )
