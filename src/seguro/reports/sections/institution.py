"""The institution: budget execution, procurement awarded, audit recommendations, strategic
objectives, public-policy programmes and workshops, citizen requests and contacts."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from seguro.institution import selectors
from seguro.institution.models import (
    AuditRecommendation,
    IndicatorTarget,
    OrganisationalUnit,
    StrategicObjective,
    Workshop,
)
from seguro.reports.figures import Chart, Scope, Section, Table


def _province(queryset, path: str, scope: Scope):  # type: ignore[no-untyped-def]
    if scope.province_code is None:
        return queryset
    return queryset.filter(**{f"{path}province_id": scope.province_code}) | queryset.filter(
        **{f"{path}parent__province_id": scope.province_code}
    )


def budget_section(scope: Scope) -> Section:
    section = Section("presupuesto", "Ejecución presupuestaria")
    execution = selectors.budget_execution(year=scope.year, province_code=scope.province_code)
    definition = (
        "Suma de las partidas presupuestarias del año por unidad: codificado (vigente) y "
        "devengado; la ejecución es devengado / codificado."
    )
    section.add(
        "budget_execution.rows",
        "Ejecución por unidad",
        [
            {"unit": r.unit_name, "appropriated": r.appropriated, "accrued": r.accrued}
            for r in execution.rows
        ],
        "USD",
        definition,
        card=False,
    )
    total = execution.total
    section.add(
        "budget_execution.total.appropriated",
        "Presupuesto codificado",
        total.appropriated,
        "USD",
        definition,
    )
    section.add(
        "budget_execution.total.accrued", "Presupuesto devengado", total.accrued, "USD", definition
    )
    section.add(
        "budget_execution.total.execution",
        "Ejecución presupuestaria",
        total.execution_rate,
        "proporción",
        "Devengado total / codificado total del año, a dos decimales.",
    )
    section.tables.append(
        Table(
            "Ejecución presupuestaria por unidad",
            ["Unidad", "Codificado (USD)", "Devengado (USD)", "Ejecución"],
            [
                [r.unit_name, r.appropriated, r.accrued, _percent(r.execution_rate)]
                for r in execution.rows
            ],
            definition,
            total=[
                "Total",
                total.appropriated,
                total.accrued,
                _percent(total.execution_rate),
            ],
        )
    )
    if execution.rows:
        section.charts.append(
            Chart(
                "bar",
                "Presupuesto codificado y devengado por unidad (USD)",
                [r.unit_name for r in execution.rows],
                [
                    ("Codificado", [float(r.appropriated) for r in execution.rows]),
                    ("Devengado", [float(r.accrued) for r in execution.rows]),
                ],
                "USD",
            )
        )
    return section


def _percent(rate: Decimal | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f} %"


def procurement_section(scope: Scope) -> Section:
    section = Section("compras", "Contratación pública")
    awarded = selectors.procurement_awarded_by_type(
        year=scope.year, province_code=scope.province_code
    )
    definition = (
        "Procesos del plan anual del año cuya etapa es adjudicado o contrato firmado, por tipo "
        "de procedimiento (LOSNCP): número y monto adjudicado."
    )
    section.add(
        "procurement_awarded.rows",
        "Procesos adjudicados por tipo",
        [{"type": r.label, "count": r.count, "usd": r.amount} for r in awarded.rows],
        "USD",
        definition,
        card=False,
    )
    section.add(
        "procurement_awarded.total.count",
        "Procesos adjudicados",
        awarded.total_count,
        "",
        definition,
    )
    section.add(
        "procurement_awarded.total.usd", "Monto adjudicado", awarded.total_amount, "USD", definition
    )
    section.tables.append(
        Table(
            "Procesos adjudicados por tipo",
            ["Tipo de procedimiento", "Procesos", "Monto (USD)"],
            [[r.label, r.count, r.amount] for r in awarded.rows],
            definition,
            total=["Total", awarded.total_count, awarded.total_amount],
        )
    )
    if awarded.rows:
        section.charts.append(
            Chart(
                "pie",
                "Monto adjudicado por tipo",
                [r.label for r in awarded.rows],
                [("USD", [float(r.amount) for r in awarded.rows])],
                "USD",
            )
        )
    return section


def control_section(scope: Scope) -> Section:
    section = Section("control", "Recomendaciones de los organismos de control")
    recommendations = selectors.audit_recommendations(province_code=scope.province_code).filter(
        memo_date__year=scope.year
    )
    overdue = selectors.audit_recommendations_overdue(
        on=scope.on, province_code=scope.province_code
    ).filter(memo_date__year=scope.year)
    memos = [_memo(r) for r in recommendations.order_by("memo_date", "memo_number")]
    definition = "Recomendaciones registradas con memorando del año, en el orden de su fecha."
    section.add(
        "audit_recommendations", "Memorandos de seguimiento", memos, "", definition, card=False
    )
    section.add(
        "audit_recommendations_overdue",
        "Recomendaciones vencidas sin cumplir al 31 de diciembre",
        overdue.count(),
        "",
        "Recomendaciones del año aún abiertas cuyo plazo venció antes del 31 de diciembre.",
    )
    section.tables.append(
        Table(
            "Recomendaciones y su estado",
            ["Memorando", "Unidad responsable", "Plazo", "Estado"],
            [
                [
                    _memo(r),
                    r.responsible_unit.short_name or r.responsible_unit.name,
                    r.deadline.isoformat() if r.deadline else "—",
                    r.get_status_display(),
                ]
                for r in recommendations.order_by("memo_date", "memo_number")
            ],
            definition,
        )
    )
    return section


def _memo(r: AuditRecommendation) -> str:
    text = f"{r.memo_number} ({r.memo_date.isoformat()})"
    if r.additional_memo_number and r.additional_memo_date:
        text += f" / {r.additional_memo_number} ({r.additional_memo_date.isoformat()})"
    return text


def planning_section(scope: Scope) -> Section:
    section = Section("objetivos", "Objetivos estratégicos, políticas públicas y desafíos")
    objectives = list(StrategicObjective.objects.order_by("code").values_list("name", flat=True))
    section.add(
        "strategic_objectives",
        "Objetivos estratégicos",
        objectives,
        "",
        "Objetivos estratégicos registrados, en el orden de su código.",
        card=False,
    )
    section.tables.append(
        Table(
            "Objetivos estratégicos",
            ["Objetivo"],
            [[name] for name in objectives],
            "Objetivos estratégicos registrados, en el orden de su código.",
        )
    )
    targets = IndicatorTarget.objects.filter(year=scope.year).select_related("indicator")
    if scope.province_code:
        targets = targets.filter(indicator__unit__province_id=scope.province_code) | targets.filter(
            indicator__unit__parent__province_id=scope.province_code
        )
    section.tables.append(
        Table(
            "Indicadores y metas del año",
            ["Indicador", "Meta", "Resultado", "Cumplimiento"],
            [
                [t.indicator.name, t.target, t.achieved, _percent(t.compliance)]
                for t in targets.order_by("indicator__name")
            ],
            "Metas del año de cada indicador y su resultado; cumplimiento = resultado / meta.",
        )
    )
    workshops = Workshop.objects.filter(held_on__year=scope.year)
    workshops = _province(workshops, "unit__", scope)
    names = sorted(set(workshops.values_list("name", flat=True)))
    section.add(
        "public_policies.generational_workshops",
        "Talleres intergeneracionales",
        sorted(
            set(workshops.filter(programme__policy="generational").values_list("name", flat=True))
        ),
        "",
        "Nombres distintos de los talleres del año de programas de la política intergeneracional.",
        card=False,
    )
    participants = workshops.aggregate(n=Sum("participants"))["n"] or 0
    section.add(
        "public_policies.workshop_participants",
        "Participantes en talleres",
        int(participants),
        "personas",
        "Suma de los participantes registrados en los talleres del año.",
    )
    gender_staff = workshops.filter(programme__policy="gender", for_staff=True)
    section.add(
        "equality_policies.staff_trained_gender",
        "Servidores capacitados en género",
        int(gender_staff.aggregate(n=Sum("participants"))["n"] or 0),
        "personas",
        "Suma de los participantes de los talleres del año dirigidos al personal del instituto en "
        "programas de la política de género.",
    )
    section.tables.append(
        Table(
            "Talleres del año",
            ["Taller", "Sesiones", "Participantes"],
            [
                [
                    name,
                    workshops.filter(name=name).count(),
                    workshops.filter(name=name).aggregate(n=Sum("participants"))["n"],
                ]
                for name in names
            ],
            "Talleres de los programas de política pública, por nombre.",
        )
    )
    return section


def contacts_section(scope: Scope) -> Section:
    section = Section("contactos", "Contactos")
    units = list(selectors.units_with_contact(province_code=scope.province_code))
    head = _head_unit(units, scope)
    if head is not None:
        section.add("citizen_contact.name", "Unidad", head.name, "", "Unidad que rinde cuentas.")
        section.add(
            "citizen_contact.phone",
            "Teléfono",
            head.contact_phone,
            "",
            "Teléfono publicado por la unidad.",
        )
        section.add(
            "citizen_contact.email",
            "Correo electrónico",
            head.contact_email,
            "",
            "Correo publicado por la unidad.",
        )
        if scope.province_code is None:
            # The national report publishes only an e-mail address (figures.yaml contact_email).
            section.add(
                "contact_email",
                "Correo de la rendición de cuentas",
                head.contact_email,
                "",
                "Correo publicado por la dirección nacional.",
                card=False,
            )
    section.tables.append(
        Table(
            "Unidades con contacto publicado",
            ["Unidad", "Teléfono", "Correo"],
            [[u.name, u.contact_phone, u.contact_email] for u in units],
            "Unidades activas que publican un teléfono o un correo.",
        )
    )
    return section


def _head_unit(units: list[OrganisationalUnit], scope: Scope) -> OrganisationalUnit | None:
    kind = "provincial_directorate" if scope.province_code else "national_directorate"
    for unit in units:
        if unit.kind == kind:
            return unit
    return units[0] if units else None
