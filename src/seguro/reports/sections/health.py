"""Health: attentions in the institute's units (and in rural dispensaries), referrals to the
external network, transplants, the ambulance fleet, and agreements with external providers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Min, QuerySet, Sum

from seguro.health.models import (
    Ambulance,
    AmbulanceType,
    AnnexAgreement,
    Attention,
    AttentionKind,
    HealthUnit,
    ProviderAgreement,
    ProviderKind,
    Referral,
    Transplant,
    TransplantState,
    UnitKind,
)
from seguro.reports.figures import Chart, Scope, Section

MILLION = Decimal(1_000_000)


def _units(queryset: QuerySet[Any], scope: Scope, path: str = "unit__") -> QuerySet[Any]:
    if scope.province_code is None:
        return queryset
    return queryset.filter(**{f"{path}canton__province_id": scope.province_code})


def _attentions(scope: Scope, year: int) -> QuerySet[Attention]:
    return _units(Attention.objects.filter(attended_on__year=year), scope)


def health_section(scope: Scope) -> Section:
    section = Section("salud", "Seguro de salud")
    attentions = _attentions(scope, scope.year)
    total = attentions.count()
    before = _attentions(scope, scope.year - 1).count()
    section.add(
        "health.attentions",
        "Atenciones en unidades propias",
        total,
        "atenciones",
        "Atenciones médicas, odontológicas y de enfermería registradas en el año en las unidades "
        "del instituto, dispensarios del Seguro Social Campesino incluidos (por la provincia de "
        "la unidad).",
    )
    growth = (
        (Decimal(total - before) / Decimal(before)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if before
        else None
    )
    # figures.yaml names the year compared with (attentions_growth_vs_2022).
    section.add(
        f"health.attentions_{scope.year - 1}_millions",
        f"Atenciones en {scope.year - 1} (millones)",
        (Decimal(before) / MILLION).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "millones de atenciones",
        "Las atenciones del año anterior, con la misma definición, en millones con un decimal.",
    )
    section.add(
        f"health.attentions_growth_vs_{scope.year - 1}",
        "Crecimiento de las atenciones sobre el año anterior",
        growth,
        "proporción",
        "(Atenciones del año − atenciones del año anterior) / atenciones del año anterior, con "
        "dos decimales.",
    )
    by_kind = dict(
        attentions.values_list("kind").annotate(n=Count("id")).order_by().values_list("kind", "n")
    )
    section.charts.append(
        Chart(
            "pie",
            "Atenciones por tipo",
            [str(k.label) for k in AttentionKind],
            [("Atenciones", [float(by_kind.get(k.value, 0)) for k in AttentionKind])],
        )
    )
    referrals = _units(
        Referral.objects.filter(referred_on__year=scope.year), scope, "attention__unit__"
    )
    section.add(
        "achievements.external_network_attentions",
        "Derivaciones a la red externa",
        referrals.count(),
        "derivaciones",
        "Pacientes derivados en el año desde unidades del instituto a prestadores externos con "
        "convenio.",
    )
    transplants = _units(
        Transplant.objects.filter(
            registered_on__year=scope.year,
            state__in=[TransplantState.PERFORMED, TransplantState.FOLLOW_UP],
        ),
        scope,
    )
    section.add(
        "health.transplants",
        "Trasplantes realizados",
        transplants.count(),
        "trasplantes",
        "Trasplantes del año en estado realizado o en seguimiento.",
    )
    bought = _units(
        Ambulance.objects.filter(kind=AmbulanceType.ADVANCED, acquired_on__year=scope.year),
        scope,
    )
    section.add(
        "health.advanced_life_support_ambulances",
        "Ambulancias de soporte vital avanzado adquiridas",
        bought.count(),
        "ambulancias",
        "Ambulancias de soporte vital avanzado adquiridas en el año (por la provincia de la "
        "unidad a la que se asignan).",
    )
    invested = bought.aggregate(c=Sum("cost_cents"))["c"] or 0
    section.add(
        "health.ambulances_investment_usd_millions",
        "Inversión en ambulancias (millones de USD)",
        (Decimal(invested) / 100 / MILLION).quantize(Decimal(1), ROUND_HALF_UP),
        "millones de USD",
        "Suma del costo de adquisición de esas ambulancias, en millones de dólares redondeados "
        "a la unidad.",
    )
    agreements = _agreements(scope).filter(valid_from__year=scope.year)
    renewed = agreements.filter(renews__isnull=False)
    section.add(
        "achievements.external_providers_renewed",
        "Prestadores externos con convenio renovado",
        _names(renewed.exclude(provider__kind=ProviderKind.DIALYSIS)),
        "",
        "Prestadores (no de diálisis) con un convenio firmado en el año que renueva otro.",
    )
    section.add(
        "achievements.dialysis_centres_renewed",
        "Centros de diálisis con convenio renovado",
        _names(renewed.filter(provider__kind=ProviderKind.DIALYSIS)),
        "",
        "Centros de diálisis con un convenio firmado en el año que renueva otro.",
    )
    annexes = _units(
        AnnexAgreement.objects.filter(valid_from__year=scope.year, renews__isnull=False), scope
    )
    section.add(
        "achievements.annexed_dispensaries_renewed",
        "Dispensarios anexos con convenio renovado",
        annexes.values("unit_id").distinct().count(),
        "dispensarios",
        "Dispensarios anexos (por el cantón de la unidad) con un convenio que empieza en el año "
        "y renueva otro.",
    )
    firsts = (
        _agreements(scope)
        .values("provider__name", "provider__canton__province__name", "province__name")
        .annotate(first=Min("valid_from"))
        .filter(first__year=scope.year)
    )
    section.add(
        "achievements.new_providers",
        "Prestadores nuevos",
        sorted(
            f["provider__name"]
            if f["provider__canton__province__name"] == f["province__name"]
            else f"{f['provider__name']} ({f['provider__canton__province__name']})"
            for f in firsts
        ),
        "",
        "Prestadores cuyo primer convenio con la dirección provincial empezó en el año (entre "
        "paréntesis, la provincia del prestador cuando es otra).",
    )
    return section


def _agreements(scope: Scope) -> QuerySet[ProviderAgreement]:
    """Agreements administered by the scope's directorate (a province may contract providers
    of another one)."""
    agreements = ProviderAgreement.objects.all()
    if scope.province_code is None:
        return agreements
    return agreements.filter(province_id=scope.province_code)


def _names(agreements: QuerySet[ProviderAgreement]) -> list[str]:
    return sorted(set(agreements.values_list("provider__name", flat=True)))


def rural_health_figures(scope: Scope, section: Section) -> None:
    """Dispensaries and their attentions, added to the rural insurance section."""
    dispensaries = _units(
        HealthUnit.objects.filter(kind=UnitKind.RURAL_DISPENSARY, active=True), scope, ""
    )
    section.add(
        "rural_insurance.dispensaries",
        "Dispensarios del Seguro Social Campesino",
        dispensaries.count(),
        "dispensarios",
        "Dispensarios campesinos en funcionamiento (por el cantón de la unidad).",
    )
    attentions = _attentions(scope, scope.year).filter(unit__kind=UnitKind.RURAL_DISPENSARY)
    definition = "Atenciones del año en los dispensarios del Seguro Social Campesino"
    if scope.province_code is None:
        section.add(
            "rural_insurance.attentions",
            "Atenciones en dispensarios campesinos",
            attentions.count(),
            "atenciones",
            f"{definition}.",
        )
        return
    by_kind = dict(
        attentions.values_list("kind").annotate(n=Count("id")).order_by().values_list("kind", "n")
    )
    for kind in AttentionKind:
        section.add(
            f"rural_insurance.attentions.{kind.value}",
            f"Dispensarios campesinos: {str(kind.label).lower()}",
            by_kind.get(kind.value, 0),
            "atenciones",
            f"{definition}, de tipo {str(kind.label).lower()}.",
        )
