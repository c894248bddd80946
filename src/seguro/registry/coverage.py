"""Coverage counts on a date (selectors): who is covered, each person counted once.

Every count is one aggregate query (COUNT over a GROUP BY person, with EXISTS / NOT EXISTS
semi-joins), never a loop over rows in Python; on PostgreSQL the national registry (7 M people)
counts in seconds. The accountability report and ``seguro synth --check`` call
``coverage_counts``.

Definitions, for a date ``on``:

- *In force*: ``valid_from <= on`` and (``valid_to`` is null or ``valid_to >= on``).
- *Living*: ``death_date`` is null or after ``on``. Nobody dead on ``on`` is counted anywhere.
- *Affiliate*: a living person with at least one affiliation in force, counted once. Their *type*
  is that of their first regime in the order dependency (private employee, public servant,
  bank or local government) > self-employed > voluntary (in Ecuador, abroad) >
  semi-contributory (home work, rural head of family); ``affiliates_by_regime`` uses the same
  order over the eight regimes.
- *General insurance affiliate*: an affiliate with an affiliation in force in a regime other than
  rural head of family (Seguro General: dependency, self-employed, voluntary, home work).
  ``affiliates_by_sex`` splits these.
- *Pensioner*: a living person with a pension (Pensioner row) in force who is not an affiliate,
  counted once, under the first kind in the order old age > disability > survivors > work risk >
  rural.
- *Dependent*: a living person who is neither an affiliate nor a pensioner and has a Dependent
  row in force (spouse, or child: coverage ends the day before their 18th birthday) or a rural
  membership as beneficiary in force in a family in force.
- ``total_covered`` = affiliates + pensioners + dependents: the three sets are disjoint by
  definition, so this is also the number of distinct people covered.
- *Rural insurance* (Seguro Social Campesino): living people with a membership in force in a
  family in force, by role: heads of family, beneficiaries, retirees/pensioners. Retirees split
  into those whose rural pension began before their 65th birthday (disability: the SSC old-age
  pension starts at 65) and the others (old age); ``chart_values`` lists beneficiaries, heads,
  disability and old-age retirees as the Loja report's chart does. ``pensioners`` counts living
  people with a rural pension in force.
- ``cantons_covered``: cantons with at least one rural family in force.
- ``province_code``: people by the canton of their domicile; rural counts by the canton of the
  family's organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from seguro.registry.models import (
    Affiliation,
    Dependent,
    Pensioner,
    PensionKind,
    Regime,
    RuralFamily,
    RuralMember,
    RuralRole,
)

REGIME_ORDER = (
    Regime.PRIVATE_EMPLOYEE,
    Regime.PUBLIC_SERVANT,
    Regime.BANK_OR_LOCAL_GOVERNMENT,
    Regime.SELF_EMPLOYED,
    Regime.VOLUNTARY,
    Regime.VOLUNTARY_ABROAD,
    Regime.HOME_WORK,
    Regime.RURAL_HEAD_OF_FAMILY,
)
TYPE_OF_REGIME_RANK = {
    "dependency": (1, 3),
    "self_employed": (4, 4),
    "voluntary": (5, 6),
    "semi_contributory": (7, 8),
}
PENSION_ORDER = (
    PensionKind.OLD_AGE,
    PensionKind.DISABILITY,
    PensionKind.SURVIVORS,
    PensionKind.WORK_RISK,
    PensionKind.RURAL,
)
RURAL_OLD_AGE_START = 65


def in_force(on: date, prefix: str = "") -> Q:
    """Rows (or the related row at ``prefix``) valid on ``on``."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def living(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}death_date__isnull": True}) | Q(**{f"{prefix}death_date__gt": on})


def _rank(field: str, order: tuple[Any, ...]) -> Min:
    whens = [When(**{field: value, "then": Value(i)}) for i, value in enumerate(order, start=1)]
    return Min(Case(*whens, default=Value(len(order) + 1), output_field=IntegerField()))


def _in_province(qs: QuerySet[Any], province_code: str | None, person: str) -> QuerySet[Any]:
    if province_code is None:
        return qs
    return qs.filter(**{f"{person}canton__province_id": province_code})


def _affiliated(on: date, person_ref: str) -> Exists:
    return Exists(Affiliation.objects.filter(in_force(on), person=OuterRef(person_ref)))


def _pensioned(on: date, person_ref: str) -> Exists:
    return Exists(Pensioner.objects.filter(in_force(on), person=OuterRef(person_ref)))


def affiliate_counts(
    *, on: date, province_code: str | None = None, previous: date | None = None
) -> dict[str, Any]:
    """Affiliates: total, by type, by regime, general insurance and its split by sex; with
    ``previous``, also the affiliates on that day (``affiliates_previous``), counted in the
    same pass over the affiliations (a second one was a quarter of the report's coverage)."""
    now = in_force(on) & living(on, "person__")
    then = in_force(previous) & living(previous, "person__") if previous else Q(pk__in=[])
    rows = _in_province(Affiliation.objects.filter(now | then), province_code, "person__")
    general = ~Q(regime=Regime.RURAL_HEAD_OF_FAMILY)
    absent = len(REGIME_ORDER) + 1
    per_person = rows.values("person_id").annotate(
        rank=Min(
            Case(
                *[When(now & Q(regime=r), then=Value(i)) for i, r in enumerate(REGIME_ORDER, 1)],
                default=Value(absent),
                output_field=IntegerField(),
            )
        ),
        general=Min(Case(When(now & general, then=Value(0)), default=Value(1))),
        female=Min(Case(When(now & Q(person__sex="F"), then=Value(0)), default=Value(1))),
        before=Min(Case(When(then, then=Value(0)), default=Value(1))),
    )
    aggregates: dict[str, Any] = {"total": Count("person_id", filter=Q(rank__lt=absent))}
    for i, regime in enumerate(REGIME_ORDER, start=1):
        aggregates[f"regime_{regime.value}"] = Count("person_id", filter=Q(rank=i))
    for name, (low, high) in TYPE_OF_REGIME_RANK.items():
        aggregates[f"type_{name}"] = Count("person_id", filter=Q(rank__gte=low, rank__lte=high))
    aggregates["n_general"] = Count("person_id", filter=Q(general=0))
    aggregates["n_general_female"] = Count("person_id", filter=Q(general=0, female=0))
    aggregates["previous"] = Count("person_id", filter=Q(before=0))
    result = per_person.aggregate(**aggregates)
    counts = {
        "affiliates": result["total"],
        "affiliates_by_type": {name: result[f"type_{name}"] for name in TYPE_OF_REGIME_RANK},
        "affiliates_by_regime": {r.value: result[f"regime_{r.value}"] for r in REGIME_ORDER},
        "general_insurance_affiliates": result["n_general"],
        "affiliates_by_sex": {
            "female": result["n_general_female"],
            "male": result["n_general"] - result["n_general_female"],
        },
    }
    if previous is not None:
        counts["affiliates_previous"] = result["previous"]
    return counts


def affiliates_on(*, on: date, province_code: str | None = None) -> int:
    """Living people with an affiliation in force on ``on``, each once (the ``affiliates`` of
    ``affiliate_counts`` without its splits)."""
    rows = _in_province(
        Affiliation.objects.filter(in_force(on), living(on, "person__")), province_code, "person__"
    )
    return rows.values("person_id").distinct().count()


def pensioner_counts(*, on: date, province_code: str | None = None) -> dict[str, Any]:
    """Pensioners who are not affiliates: total and by kind."""
    rows = _in_province(
        Pensioner.objects.filter(in_force(on), living(on, "person__")), province_code, "person__"
    ).filter(~_affiliated(on, "person_id"))
    per_person = rows.values("person_id").annotate(rank=_rank("kind", PENSION_ORDER))
    aggregates: dict[str, Any] = {"total": Count("person_id")}
    for i, kind in enumerate(PENSION_ORDER, start=1):
        aggregates[kind.value] = Count("person_id", filter=Q(rank=i))
    result = per_person.aggregate(**aggregates)
    return {
        "pensioners": result["total"],
        "pensioners_by_kind": {kind.value: result[kind.value] for kind in PENSION_ORDER},
    }


def dependent_counts(*, on: date, province_code: str | None = None) -> dict[str, Any]:
    """Dependents who are neither affiliates nor pensioners: total and by kind."""
    dependents = _in_province(
        Dependent.objects.filter(in_force(on), living(on, "person__")), province_code, "person__"
    ).filter(~_affiliated(on, "person_id"), ~_pensioned(on, "person_id"))
    per_person = dependents.values("person_id").annotate(rank=_rank("kind", ("spouse", "child")))
    by_kind = per_person.aggregate(
        spouse=Count("person_id", filter=Q(rank=1)), child=Count("person_id", filter=Q(rank=2))
    )
    rural = _in_province(
        RuralMember.objects.filter(
            in_force(on),
            in_force(on, "family__"),
            living(on, "person__"),
            role=RuralRole.BENEFICIARY,
        ),
        province_code,
        "person__",
    ).filter(
        ~_affiliated(on, "person_id"),
        ~_pensioned(on, "person_id"),
        ~Exists(Dependent.objects.filter(in_force(on), person=OuterRef("person_id"))),
    )
    by_kind["rural_beneficiary"] = rural.values("person_id").distinct().count()
    return {"dependents": sum(by_kind.values()), "dependents_by_kind": by_kind}


def _date_key(field: str) -> Any:
    """yyyymmdd as an integer, so that key(b) - key(a) >= n * 10000 means n full years."""
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)


def rural_counts(*, on: date, province_code: str | None = None) -> dict[str, Any]:
    """The rural insurance (SSC): members by role, retirees in two groups, rural pensioners,
    cantons covered."""
    members = RuralMember.objects.filter(
        in_force(on), in_force(on, "family__"), living(on, "person__")
    )
    families = RuralFamily.objects.filter(in_force(on))
    if province_code is not None:
        members = members.filter(family__organisation__canton__province_id=province_code)
        families = families.filter(organisation__canton__province_id=province_code)
    early_pension = Exists(
        Pensioner.objects.filter(in_force(on), kind=PensionKind.RURAL, person=OuterRef("person_id"))
        .annotate(started=_date_key("valid_from") - _date_key("person__birth_date"))
        .filter(started__lt=RURAL_OLD_AGE_START * 10000)
    )
    result = members.aggregate(
        heads=Count("person_id", distinct=True, filter=Q(role=RuralRole.HEAD)),
        beneficiaries=Count("person_id", distinct=True, filter=Q(role=RuralRole.BENEFICIARY)),
        retirees=Count("person_id", distinct=True, filter=Q(role=RuralRole.RETIREE)),
        disability=Count(
            "person_id", distinct=True, filter=Q(role=RuralRole.RETIREE) & Q(early_pension)
        ),
    )
    rural_pensioners = _in_province(
        Pensioner.objects.filter(in_force(on), living(on, "person__"), kind=PensionKind.RURAL),
        province_code,
        "person__",
    )
    return {
        "rural_insurance": {
            "total_covered": result["heads"] + result["beneficiaries"] + result["retirees"],
            "heads_of_family": result["heads"],
            "beneficiaries": result["beneficiaries"],
            "retirees_pensioners": result["retirees"],
            "chart_values": [
                result["beneficiaries"],
                result["heads"],
                result["disability"],
                result["retirees"] - result["disability"],
            ],
            "pensioners": rural_pensioners.values("person_id").distinct().count(),
        },
        "cantons_covered": families.values("organisation__canton_id").distinct().count(),
    }


def _on_own_connection(
    count: Callable[..., dict[str, Any]], on: date, province_code: str | None
) -> dict[str, Any]:
    try:
        return count(on=on, province_code=province_code)
    finally:
        connection.close()  # this thread's connection


def coverage_counts(
    *,
    on: date,
    province_code: str | None = None,
    parallel: bool = False,
    previous: date | None = None,
) -> dict[str, Any]:
    """All coverage counts on ``on`` (nationally, or for a province by its INEC code), in the
    shape of the seed figures (``coverage``, ``affiliates_by_type``, ``rural_insurance``...);
    with ``previous``, also the affiliates on that day (``affiliates_previous``)."""
    counters: list[Callable[..., dict[str, Any]]] = [
        lambda *, on, province_code: affiliate_counts(
            on=on, province_code=province_code, previous=previous
        ),
        pensioner_counts,
        dependent_counts,
        rural_counts,
    ]
    if parallel and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Independent aggregate queries, each on its own connection: PostgreSQL runs them on
        # separate cores. Inside a transaction (a test's, a caller's) they could not see its
        # rows, so they run one after another there.
        with ThreadPoolExecutor(max_workers=len(counters)) as pool:
            futures = [
                pool.submit(_on_own_connection, count, on, province_code) for count in counters
            ]
            results = [f.result() for f in futures]
    else:
        results = [count(on=on, province_code=province_code) for count in counters]
    affiliates, pensioners, dependents, rural = results
    total = affiliates["affiliates"] + pensioners["pensioners"] + dependents["dependents"]
    extra = {"affiliates_previous": affiliates["affiliates_previous"]} if previous else {}
    return {
        "reference_date": on.isoformat(),
        "province_code": province_code,
        "coverage": {
            "total_covered": total,
            "affiliates": affiliates["affiliates"],
            "pensioners": pensioners["pensioners"],
            "dependents": dependents["dependents"],
        },
        "affiliates_by_type": affiliates["affiliates_by_type"],
        "affiliates_by_regime": affiliates["affiliates_by_regime"],
        "general_insurance_affiliates": affiliates["general_insurance_affiliates"],
        "affiliates_by_sex": affiliates["affiliates_by_sex"],
        "pensioners_by_kind": pensioners["pensioners_by_kind"],
        "dependents_by_kind": dependents["dependents_by_kind"],
        **rural,
        **extra,
    }
