"""Work accidents and occupational diseases of the year, through the work-risks services.

Employers (a synthetic user scoped to each employer) file the accident notices of workers in
force all year; a share is filed after the 10 working days, so the service flags it late and
opens the employer liability. The province's work-risks analyst investigates a few notices and
sends the disease cases to the committee, whose member qualifies them (or not). Every rate is
read from ``year_<scope>.yaml`` (``work_risks``, all of them assumptions) and applied to the
affiliates of the synthetic registry, which is itself scaled."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q

from seguro.core.roles import ROLES_BY_CODE
from seguro.registry.models import DEPENDENCY_REGIMES, Affiliation, Employer, Person, UserScope
from seguro.synth.year.claims import province_user
from seguro.synth.year.config import YearPlan
from seguro.synth.year.steps import Context
from seguro.work_risks.models import AccidentKind
from seguro.work_risks.services import (
    accident_investigation_open,
    accident_report_file,
    disease_case_file,
    disease_case_qualify,
    disease_case_to_committee,
)

ANALYST = ("synth-riesgos-analista", "benefits_officer")
COMMITTEE = ("synth-riesgos-comite", "approver")
EMPLOYER_USER = "synth-empleador"

# What the notices say (Spanish: users read them). (place, description, injuries)
ACCIDENTS = {
    AccidentKind.AT_WORK.value: [
        (
            "Bodega de la empresa",
            "Al descargar mercadería cayó una caja sobre el pie del trabajador.",
            "Contusión y esguince de tobillo derecho.",
        ),
        (
            "Área de producción",
            "El trabajador resbaló en el piso húmedo y cayó de costado.",
            "Contusión en cadera y muñeca izquierdas.",
        ),
        (
            "Taller de mantenimiento",
            "Corte con una herramienta manual al ajustar una pieza.",
            "Herida cortante en la mano izquierda.",
        ),
        (
            "Oficina",
            "Caída desde una escalera al alcanzar un archivo.",
            "Fractura de radio distal derecho.",
        ),
    ],
    AccidentKind.COMMUTING.value: [
        (
            "Vía pública, trayecto al trabajo",
            "El trabajador fue atropellado por una motocicleta camino al trabajo.",
            "Politraumatismo leve.",
        ),
        (
            "Transporte público, trayecto a casa",
            "Frenazo brusco del bus en el regreso a casa.",
            "Traumatismo en la rodilla derecha.",
        ),
    ],
}
# Presumed occupational diseases: (ICD-10, disease, exposure), in Spanish.
DISEASES = [
    (
        "H83.3",
        "Hipoacusia inducida por ruido",
        "Exposición a ruido sobre 85 dB en la planta durante la jornada.",
    ),
    (
        "G56.0",
        "Síndrome del túnel carpiano",
        "Movimientos repetitivos de muñeca en la línea de empaque.",
    ),
    ("M54.5", "Lumbalgia", "Levantamiento manual de cargas pesadas."),
    ("L23", "Dermatitis alérgica de contacto", "Manipulación de productos químicos de limpieza."),
    ("J62", "Silicosis", "Inhalación de polvo de sílice en la extracción de áridos."),
]


def _rounded(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _share(total: int, share: str | Decimal) -> int:
    """A share of ``total``, rounded half up; at least one when there is any."""
    return min(total, max(1, _rounded(Decimal(share) * total))) if total else 0


def _days(rng: np.random.Generator, bounds: list[int]) -> timedelta:
    return timedelta(days=int(rng.integers(int(bounds[0]), int(bounds[1]) + 1)))


def _employer_user(employer: Employer) -> Any:
    """The employer's synthetic user (scoped to the employer), created once."""
    user, created = get_user_model().objects.get_or_create(
        username=f"{EMPLOYER_USER}-{employer.tax_id}"
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=ROLES_BY_CODE["employer"].group_name))
        UserScope.objects.create(user=user, employer=employer)
    return user


def _workers(plan: YearPlan) -> list[tuple[int, int]]:
    """(person, employer) of the dependent affiliations of the province in force all year
    (from two months before it, so a notice early in the year may look back), one per person,
    of people alive at the year's end."""
    first = date(plan.year - 1, 11, 1)
    last = date(plan.year, 12, 31)
    rows = (
        Affiliation.objects.filter(
            employer__canton__province_id=plan.province_code,
            regime__in=[r.value for r in DEPENDENCY_REGIMES],
            valid_from__lte=first,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=last))
        .filter(Q(person__death_date__isnull=True) | Q(person__death_date__gt=last))
        .order_by("person_id", "id")
        .values_list("person_id", "employer_id")
    )
    seen: dict[int, int] = {}
    for person_id, employer_id in rows:
        seen.setdefault(person_id, employer_id)
    return sorted(seen.items())


def work_risk_events(context: Context) -> dict[str, Any]:
    plan = context.plan
    settings = plan.data["work_risks"]
    rng = np.random.default_rng([plan.seed, 40])
    workers = _workers(plan)
    accidents = _share(len(workers), Decimal(settings["accidents_per_1000_affiliates"]) / 1000)
    diseases = _share(len(workers), Decimal(settings["diseases_per_1000_affiliates"]) / 1000)
    if accidents + diseases > len(workers):
        raise ValueError(f"{len(workers)} workers for {accidents + diseases} cases")
    order = rng.permutation(len(workers))
    chosen = [workers[int(i)] for i in order[: accidents + diseases]]
    people = Person.objects.in_bulk([p for p, _ in chosen])
    employers = Employer.objects.select_related("canton").in_bulk({e for _, e in chosen})
    analyst = province_user(*ANALYST, plan.province_code)
    committee = province_user(*COMMITTEE, plan.province_code)
    users: dict[int, Any] = {}

    def filer(employer: Employer) -> Any:
        if employer.pk not in users:
            users[employer.pk] = _employer_user(employer)
        return users[employer.pk]

    made = _accidents(context, settings, rng, chosen[:accidents], people, employers, filer)
    made.update(
        _diseases(context, settings, rng, chosen[accidents:], people, employers, filer, analyst)
    )
    made["investigations"] = _investigations(settings, rng, made.pop("reports"), analyst)
    made.update(_qualify(settings, rng, made.pop("cases"), committee, plan.year))
    made["employers_filing"] = len(users)
    made["workers_in_force"] = len(workers)
    return made


def _year_day(rng: np.random.Generator, year: int) -> date:
    start = date(year, 1, 1)
    return start + timedelta(days=int(rng.integers(0, (date(year, 12, 31) - start).days + 1)))


def _accidents(
    context: Context,
    settings: dict[str, Any],
    rng: np.random.Generator,
    chosen: list[tuple[int, int]],
    people: dict[int, Person],
    employers: dict[int, Employer],
    filer: Any,
) -> dict[str, Any]:
    """Notices dated in the year; the late ones reported past the term of the accident."""
    year = context.plan.year
    late = set(
        rng.choice(
            len(chosen), size=_share(len(chosen), settings["late_report_share"]), replace=False
        ).tolist()
    )
    commuting = set(
        rng.choice(
            len(chosen),
            size=_rounded(Decimal(settings["commuting_share"]) * len(chosen)),
            replace=False,
        ).tolist()
    )
    reports = []
    for index, (person_id, employer_id) in enumerate(
        context.bar(chosen, "Avisos de accidentes de trabajo")
    ):
        employer = employers[employer_id]
        kind = AccidentKind.COMMUTING.value if index in commuting else AccidentKind.AT_WORK.value
        texts = ACCIDENTS[kind]
        place, description, injuries = texts[int(rng.integers(0, len(texts)))]
        reported_on = _year_day(rng, year)
        delay = settings["late_report_days"] if index in late else settings["on_time_report_days"]
        reports.append(
            accident_report_file(
                actor=filer(employer),
                person=people[person_id],
                employer=employer,
                accident_date=reported_on - _days(rng, delay),
                accident_time=time(int(rng.integers(7, 18)), int(rng.integers(0, 4)) * 15),
                canton=employer.canton,
                place=place,
                kind=kind,
                description=description,
                injuries=injuries,
                leave_days=int(_days(rng, settings["leave_days"]).days),
                reported_on=reported_on,
            )
        )
    return {
        "accidents": len(reports),
        "accidents_late": sum(1 for r in reports if r.late),
        "reports": reports,
    }


def _investigations(
    settings: dict[str, Any], rng: np.random.Generator, reports: list[Any], analyst: Any
) -> int:
    """A few notices investigated, starting within the year."""
    count = _share(len(reports), settings["investigation_share"])
    picked = sorted(rng.choice(len(reports), size=count, replace=False).tolist()) if count else []
    for index in picked:
        report = reports[index]
        end = date(report.reported_on.year, 12, 31)
        started_on = min(end, report.reported_on + _days(rng, settings["investigation_days"]))
        accident_investigation_open(actor=analyst, report=report, started_on=started_on)
    return len(picked)


def _diseases(
    context: Context,
    settings: dict[str, Any],
    rng: np.random.Generator,
    chosen: list[tuple[int, int]],
    people: dict[int, Person],
    employers: dict[int, Employer],
    filer: Any,
    analyst: Any,
) -> dict[str, Any]:
    """Cases filed so their resolution falls in the year, sent to the committee."""
    year = context.plan.year
    cases = []
    for person_id, employer_id in context.bar(chosen, "Casos de enfermedad profesional"):
        employer = employers[employer_id]
        code, disease, exposure = DISEASES[int(rng.integers(0, len(DISEASES)))]
        resolved_on = _year_day(rng, year)
        reported_on = resolved_on - _days(rng, settings["disease_resolution_days"])
        case = disease_case_file(
            actor=filer(employer),
            person=people[person_id],
            employer=employer,
            icd10_code=code,
            disease=disease,
            exposure=exposure,
            diagnosis_date=reported_on - _days(rng, settings["disease_report_days"]),
            reported_on=reported_on,
        )
        cases.append((disease_case_to_committee(actor=analyst, case=case), resolved_on))
    return {"disease_cases": len(cases), "cases": cases}


def _qualify(
    settings: dict[str, Any],
    rng: np.random.Generator,
    cases: list[tuple[Any, date]],
    committee: Any,
    year: int,
) -> dict[str, Any]:
    """The committee's resolutions: a share qualified (with an incapacity), the rest not."""
    count = _share(len(cases), settings["disease_qualified_share"])
    qualified = set(rng.choice(len(cases), size=count, replace=False).tolist()) if count else set()
    low, high = (int(v) for v in settings["incapacity_percent"])
    for index, (case, resolved_on) in enumerate(cases):
        yes = index in qualified
        disease_case_qualify(
            actor=committee,
            case=case,
            qualified=yes,
            resolution_number=f"CVIRP-{year}-{index + 1:04d}",
            resolution_date=resolved_on,
            incapacity_percent=Decimal(int(rng.integers(low, high + 1))) if yes else None,
            resolution_text=(
                "El Comité de Valuación establece la relación causal con la exposición laboral."
                if yes
                else "No se demuestra la relación causal con el trabajo."
            ),
        )
    return {"diseases_qualified": len(qualified), "diseases_rejected": len(cases) - len(qualified)}
