"""Coverage and affiliation: people covered on 31 December, by type, regime and sex; new
affiliates of the year; the rural insurance's members."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.registry.coverage import coverage_counts
from seguro.registry.models import Regime
from seguro.reports.figures import Chart, Scope, Section, Table

TYPE_LABELS = {
    "dependency": "Con relación de dependencia",
    "self_employed": "Sin relación de dependencia",
    "voluntary": "Voluntarios",
    "semi_contributory": "Semicontributivos (campesino, trabajo no remunerado del hogar)",
}
IN_FORCE = (
    "personas vivas el 31 de diciembre con una afiliación vigente ese día "
    "(registro de afiliaciones), contadas una vez"
)


def _counts(scope: Scope) -> dict[str, Any]:
    if "coverage" not in scope.memo:  # the coverage and rural sections share one count
        scope.memo["coverage"] = coverage_counts(
            on=scope.on,
            province_code=scope.province_code,
            parallel=True,
            previous=date(scope.year - 1, 12, 31),  # for the new affiliates
        )
    counts: dict[str, Any] = scope.memo["coverage"]
    return counts


def new_affiliates(scope: Scope) -> int:
    """The year's net growth of affiliates: those on 31 December of the year minus those on
    31 December of the year before (the national report's "nuevos afiliados"; first
    affiliations are many times more)."""
    counts = _counts(scope)
    return int(counts["coverage"]["affiliates"]) - int(counts["affiliates_previous"])


def coverage_section(scope: Scope) -> Section:
    counts = _counts(scope)
    section = Section("cobertura", "Cobertura y afiliación")
    coverage = counts["coverage"]
    assert isinstance(coverage, dict)
    section.add(
        "coverage.total_covered",
        "Personas protegidas",
        coverage["total_covered"],
        "personas",
        "Afiliados + pensionistas + dependientes el 31 de diciembre; los tres grupos no se "
        "superponen, así que es también el número de personas distintas protegidas.",
    )
    section.add("coverage.affiliates", "Afiliados", coverage["affiliates"], "personas", IN_FORCE)
    section.add(
        "coverage.pensioners",
        "Pensionistas",
        coverage["pensioners"],
        "personas",
        "Personas vivas con una pensión vigente el 31 de diciembre que no son afiliados activos "
        "(registro de pensionistas), contadas una vez.",
    )
    section.add(
        "coverage.dependents",
        "Dependientes",
        coverage["dependents"],
        "personas",
        "Cónyuges e hijos menores de 18 años con derecho vigente, y beneficiarios del Seguro "
        "Social Campesino, que no son afiliados ni pensionistas.",
    )
    by_type = counts["affiliates_by_type"]
    assert isinstance(by_type, dict)
    for key, label in TYPE_LABELS.items():
        section.add(
            f"affiliates_by_type.{key}",
            label,
            by_type[key],
            "personas",
            f"Afiliados ({IN_FORCE}) por el tipo de su primer régimen en el orden: dependencia, "
            "sin relación de dependencia, voluntario, semicontributivo.",
        )
    section.add(
        "general_insurance_affiliates",
        "Afiliados al Seguro General",
        counts["general_insurance_affiliates"],
        "personas",
        "Afiliados con una afiliación vigente el 31 de diciembre en un régimen distinto del "
        "de jefe de familia del Seguro Social Campesino.",
    )
    by_sex = counts["affiliates_by_sex"]
    assert isinstance(by_sex, dict)
    for key, label in (("female", "Mujeres"), ("male", "Hombres")):
        section.add(
            f"affiliates_by_sex.{key}",
            f"Afiliados al Seguro General: {label.lower()}",
            by_sex[key],
            "personas",
            "Afiliados al Seguro General por el sexo registrado en el registro de personas.",
        )
    section.add(
        "new_affiliates",
        "Nuevos afiliados",
        new_affiliates(scope),
        "personas",
        "Afiliados el 31 de diciembre del año menos afiliados el 31 de diciembre del año "
        "anterior (crecimiento neto; puede ser negativo).",
    )
    section.charts.append(
        Chart(
            "pie",
            "Afiliados por tipo",
            list(TYPE_LABELS.values()),
            [("Afiliados", [float(by_type[k]) for k in TYPE_LABELS])],
        )
    )
    section.charts.append(
        Chart(
            "bar",
            "Afiliados al Seguro General por sexo",
            ["Mujeres", "Hombres"],
            [("Afiliados", [float(by_sex["female"]), float(by_sex["male"])])],
        )
    )
    by_regime = counts["affiliates_by_regime"]
    assert isinstance(by_regime, dict)
    section.tables.append(
        Table(
            "Afiliados por régimen",
            ["Régimen", "Afiliados"],
            [[str(Regime(r).label), n] for r, n in by_regime.items()],
            "Cada afiliado en el primer régimen vigente según el orden de la tabla.",
            total=["Total", sum(by_regime.values())],
        )
    )
    return section


def rural_section(scope: Scope) -> Section:
    counts = _counts(scope)
    rural = counts["rural_insurance"]
    assert isinstance(rural, dict)
    section = Section("campesino", "Seguro Social Campesino")
    members = (
        "personas vivas el 31 de diciembre con una membresía vigente en una familia vigente de "
        "una organización campesina"
    )
    section.add(
        "rural_insurance.total_covered",
        "Población protegida",
        rural["total_covered"],
        "personas",
        f"Jefes de familia + beneficiarios + jubilados: {members}.",
    )
    section.add(
        "rural_insurance.heads_of_family",
        "Jefes de familia",
        rural["heads_of_family"],
        "personas",
        f"{members.capitalize()}, con el rol de jefe de familia.",
    )
    section.add(
        "rural_insurance.beneficiaries",
        "Beneficiarios",
        rural["beneficiaries"],
        "personas",
        f"{members.capitalize()}, con el rol de beneficiario.",
    )
    section.add(
        "rural_insurance.retirees_pensioners",
        "Jubilados y pensionistas",
        rural["retirees_pensioners"],
        "personas",
        f"{members.capitalize()}, con el rol de jubilado.",
    )
    section.add(
        "rural_insurance.chart_values",
        "Beneficiarios, jefes, jubilados por invalidez y por vejez",
        rural["chart_values"],
        "personas",
        "Los jubilados se dividen por la edad al empezar la pensión campesina: antes de los 65 "
        "años (invalidez) o después (vejez).",
    )
    section.add(
        "rural_insurance.pensioners",
        "Pensionistas del Seguro Social Campesino",
        rural["pensioners"],
        "personas",
        "Personas vivas con una pensión campesina vigente el 31 de diciembre.",
    )
    section.add(
        "cantons_covered",
        "Cantones con cobertura campesina",
        counts["cantons_covered"],
        "cantones",
        "Cantones con al menos una familia campesina vigente (por el cantón de su organización).",
    )
    values = rural["chart_values"]
    section.charts.append(
        Chart(
            "bar",
            "Población del Seguro Social Campesino",
            ["Beneficiarios", "Jefes de familia", "Jubilados por invalidez", "Jubilados por vejez"],
            [("Personas", [float(v) for v in values])],
        )
    )
    return section
