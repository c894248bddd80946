"""Health at national scale: the attentions of a year and of the year before at the synthetic
national network (``network.py``), each with its coverage check, calibrated to the national
report 2023 (data/year_national_2023.yaml).

    from seguro.synth.national import national_network_load, national_attentions_generate
    national_network_load(seed=2023)
    national_attentions_generate(year=2023, scale=1, seed=2023, progress=True)

The attentions are operations, not totals: the report's queries
(``reports.sections.health``) count them. Patients are covered people of the registry in force
the whole year on the basis the coverage service would choose first (pensioner, affiliate,
rural family, spouse, child; rural family members at the dispensaries). The registry has no
contribution history at national scale, so the contributory bases are taken as covered with 12
months paid (an assumption the shared explanation states).

Set-based: per province and year, the visits are drawn with numpy, written with
``batch.engine.write_frame`` (COPY on PostgreSQL) in chunks, in one transaction per province
and year with one ``synth.national.attentions`` audit event; a province-year that already has
attentions at the national units is skipped (resumable, never doubled).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from django.db import connection, transaction

from seguro.batch.engine import reserve_ids
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.health.models import (
    Attention,
    CoverageCheck,
    HealthUnit,
    Professional,
)
from seguro.health.services._common import icd10_names
from seguro.registry.models import Province, Regime
from seguro.rules.api import compute
from seguro.synth.calibration import apportion, round_half_up
from seguro.synth.national.network import (
    KINDS,
    OWN_KINDS,
    PREFIX,
    RURAL_KINDS,
    health_config,
    spaced,
)
from seguro.synth.year.health import SPECIALTIES, checks_and_attentions_write
from seguro.synth.year.patients import year_days

GENERAL_REGIMES = tuple(
    r.value for r in Regime if r not in (Regime.HOME_WORK, Regime.RURAL_HEAD_OF_FAMILY)
)
# Coverage bases in the order coverage_evaluate tries them: (basis, label, rule status).
BASES = (
    ("pensioner", "Pensionista del IESS", "pensioner"),
    ("affiliate", "Afiliado al Seguro General", "affiliate"),
    ("rural", "Familia del Seguro Social Campesino", "affiliate"),
    ("spouse", "Cónyuge o conviviente con extensión de cobertura", "spouse_extension"),
    ("child", "Hijo o hija menor de edad de afiliado", "child"),
)
RURAL_BASIS = 2
CHUNK_ROWS = 500_000


def _read(sql: str, schema: dict[str, Any]) -> pl.DataFrame:
    """A query's rows as a frame (COPY ... TO STDOUT on PostgreSQL: no Python row objects)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    buffer.write(block)
            if buffer.tell() == 0:
                return pl.DataFrame(schema=schema)
            buffer.seek(0)
            return pl.read_csv(buffer, has_header=False, schema=schema)
        cursor.execute(sql)
        return pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")


def _window(year: int) -> tuple[str, str]:
    return f"'{year}-01-01'", f"'{year}-12-31'"


def _valid(alias: str, starts_by: str, lasts_to: str) -> str:
    ends = f"{alias}.valid_to"
    return f"{alias}.valid_from <= {starts_by} AND ({ends} IS NULL OR {ends} >= {lasts_to})"


def _overlaps(alias: str, year: int) -> str:
    first, last = _window(year)
    return _valid(alias, last, first)


def _all_year(alias: str, year: int) -> str:
    first, last = _window(year)
    return _valid(alias, first, last)


def _people(year: int) -> str:
    """People alive all year, with their canton and province as integers (INEC codes)."""
    _, last = _window(year)
    return (
        "FROM registry_person p JOIN registry_canton c ON c.code = p.canton_id "
        f"WHERE (p.death_date IS NULL OR p.death_date > {last})"
    )


PLACE = "CAST(p.canton_id AS INTEGER), CAST(c.province_id AS INTEGER)"


def _own_pool_sql(year: int) -> str:
    """Pensioners, general affiliates and dependents of the country with the basis the
    coverage service tries first (-1 when that basis is not in force the whole year: such
    people are left out, so every date of the year gives the same basis)."""
    regimes = ", ".join(f"'{r}'" for r in GENERAL_REGIMES)
    child_born_after = f"'{year - 18}-12-31'"

    def exists(table: str, condition: str) -> str:
        return f"EXISTS (SELECT 1 FROM {table} x WHERE x.person_id = p.id AND {condition})"

    def rural(window: Any) -> str:
        return (
            "EXISTS (SELECT 1 FROM registry_ruralmember x JOIN registry_ruralfamily f "
            f"ON f.id = x.family_id WHERE x.person_id = p.id AND {window('x', year)} "
            f"AND {window('f', year)})"
        )

    pension = "registry_pensioner"
    affiliation = "registry_affiliation"
    dependent = "registry_dependent"
    general = f"x.regime IN ({regimes})"
    rural_head = f"x.regime = '{Regime.RURAL_HEAD_OF_FAMILY.value}'"
    last = _window(year)[1]
    head_applies = exists(affiliation, f"{rural_head} AND {_overlaps('x', year)}")
    # Rural family members count here only as dependents (the own units' patients).
    is_dependent = exists(dependent, f"x.valid_from <= {last}")
    spouse, child = "x.kind = 'spouse'", "x.kind = 'child'"
    cases = [
        (exists(pension, _overlaps("x", year)), exists(pension, _all_year("x", year))),
        (
            exists(affiliation, f"{general} AND {_overlaps('x', year)}"),
            exists(affiliation, f"{general} AND {_all_year('x', year)}"),
        ),
        (
            f"({rural(_overlaps)} OR {head_applies})",
            f"{rural(_all_year)} AND {is_dependent}",
        ),
        (
            exists(dependent, f"{spouse} AND {_overlaps('x', year)}"),
            exists(dependent, f"{spouse} AND {_all_year('x', year)}"),
        ),
        (
            exists(dependent, f"{child} AND x.valid_from <= {last}"),
            exists(dependent, f"{child} AND {_all_year('x', year)}")
            + f" AND p.birth_date > {child_born_after}",
        ),
    ]
    whens = " ".join(
        f"WHEN {applies} THEN CASE WHEN {whole} THEN {code} ELSE -1 END"
        for code, (applies, whole) in enumerate(cases)
    )
    inner = f"SELECT p.id AS person_id, {PLACE}, CASE {whens} ELSE -1 END AS basis " + _people(year)
    return f"SELECT * FROM ({inner}) t WHERE basis >= 0 ORDER BY person_id"


def _rural_pool_sql(year: int) -> str:
    """Members of a rural family in force the whole year (a dispensary serves them as such:
    ``coverage_check(prefer='rural')``)."""
    return (
        f"SELECT DISTINCT p.id, {PLACE}, {RURAL_BASIS} "
        + _people(year).replace(
            "FROM registry_person p",
            "FROM registry_ruralmember x JOIN registry_ruralfamily f ON f.id = x.family_id "
            "JOIN registry_person p ON p.id = x.person_id",
        )
        + f" AND {_all_year('x', year)} AND {_all_year('f', year)} ORDER BY p.id"
    )


POOL_SCHEMA = {"person_id": pl.Int64, "canton": pl.Int32, "province": pl.Int32, "basis": pl.Int8}


def _pools(year: int, groups: list[Group]) -> dict[tuple[int, str], pl.DataFrame]:
    """Who can be attended in ``year``, by (province, group): one query per group for the
    whole country (each province's query would scan the registry's tables again)."""
    pools: dict[tuple[int, str], pl.DataFrame] = {}
    for group in groups:
        sql = _own_pool_sql(year) if group.name == "own" else _rural_pool_sql(year)
        frame = _read(sql, POOL_SCHEMA)
        for (province, *_), part in frame.partition_by("province", as_dict=True).items():
            pools[(int(province), group.name)] = part.drop("province")
        del frame
    return pools


def _explanations(year: int) -> list[str]:
    """One short explanation (JSON) per basis, shared by every check of the year."""
    on = date(year, 7, 1)
    shared = []
    for basis, label, status in BASES:
        steps: list[dict[str, Any]] = [{"step": "Base evaluada", "value": label}]
        if basis == "pensioner":
            outputs, rule_steps = compute("health_coverage", on, {"status": status})
            steps += [{"step": s["step"], "value": s["value"]} for s in rule_steps]
        else:
            inputs: dict[str, Any] = {"status": status, "contributions_last_12_months": 12}
            if basis == "child":
                inputs["child_age"] = 17
                steps.append({"step": "Menor de 18 años durante todo el año", "value": True})
            outputs, _ = compute("health_coverage", on, inputs)
            steps.append(
                {
                    # No contribution history at national scale: an assumption.
                    "step": "Aportaciones pagadas en los 12 meses anteriores (supuesto)",
                    "value": 12,
                }
            )
        if not outputs["covered"]:
            raise DomainError(f"La regla de cobertura no cubre la base {basis} en {year}.")
        steps.append({"step": "Resultado de la regla de cobertura", "value": outputs["basis"]})
        shared.append(json.dumps(steps, ensure_ascii=False, separators=(",", ":")))
    return shared


# --- where and by whom ------------------------------------------------------------------------


@dataclass
class Network:
    """The units of one province and group, with their professionals, as arrays."""

    unit_ids: np.ndarray  # sorted by (canton, code)
    by_canton: dict[int, tuple[int, int]]  # canton -> (first position, count)
    staff_start: np.ndarray  # [unit position, kind] -> first position in staff_ids
    staff_count: np.ndarray
    staff_ids: np.ndarray


def _network(province: str, kinds: tuple[str, ...]) -> Network | None:
    units = list(
        HealthUnit.objects.filter(
            code__startswith=PREFIX, canton__province_id=province, kind__in=kinds, active=True
        )
        .order_by("canton_id", "code")
        .values_list("id", "canton_id")
    )
    if not units:
        return None
    position = {pk: i for i, (pk, _) in enumerate(units)}
    by_canton: dict[int, tuple[int, int]] = {}
    for i, (_, canton) in enumerate(units):
        first, seen = by_canton.get(int(canton), (i, 0))
        by_canton[int(canton)] = (first, seen + 1)
    kind_of = {name: KINDS.index(kind) for kind, name in SPECIALTIES.items()}
    staff = sorted(
        (position[unit_id], kind_of[specialty], pk)
        for pk, unit_id, specialty in Professional.objects.filter(
            unit_id__in=list(position), active=True, specialty__in=list(kind_of)
        ).values_list("id", "unit_id", "specialty")
    )
    start = np.zeros((len(units), len(KINDS)), dtype=np.int64)
    count = np.zeros((len(units), len(KINDS)), dtype=np.int64)
    for i, (unit, kind, _) in enumerate(staff):
        if count[unit, kind] == 0:
            start[unit, kind] = i
        count[unit, kind] += 1
    if (count == 0).any():
        raise DomainError(
            f"Hay unidades de la provincia {province} sin profesionales de algún tipo; "
            "ejecute national_network_load primero."
        )
    return Network(
        unit_ids=np.array([pk for pk, _ in units], dtype=np.int64),
        by_canton=by_canton,
        staff_start=start,
        staff_count=count,
        staff_ids=np.array([pk for _, _, pk in staff], dtype=np.int64),
    )


def _positions(network: Network, cantons: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """A unit position per visit: one of the patient's canton when it has one (uniformly),
    else one of the province."""
    names, inverse = np.unique(cantons, return_inverse=True)
    everywhere = (0, len(network.unit_ids))
    first = np.array([network.by_canton.get(int(c), everywhere)[0] for c in names], np.int64)
    count = np.array([network.by_canton.get(int(c), everywhere)[1] for c in names], np.int64)
    chosen: np.ndarray = first[inverse] + (draws * count[inverse]).astype(np.int64)
    return chosen


# --- the attentions ---------------------------------------------------------------------------


@dataclass
class Group:
    """One kind of patient and unit: the own units or the rural dispensaries."""

    name: str
    number: int
    unit_kinds: tuple[str, ...]
    shares: dict[str, float]


def _kind_counts(total: int, shares: dict[str, float]) -> np.ndarray:
    return apportion(total, [float(shares[k]) for k in KINDS])


def _existing(province: str, year: int) -> bool:
    return Attention.objects.filter(
        unit__code__startswith=PREFIX,
        unit__canton__province_id=province,
        attended_on__gte=date(year, 1, 1),
        attended_on__lte=date(year, 12, 31),
    ).exists()


def _visits(
    pool: pl.DataFrame,
    network: Network,
    counts: np.ndarray,
    days: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """The visits of one province and group as arrays, sorted by date and patient."""
    total = int(counts.sum())
    kinds = rng.permutation(np.repeat(np.arange(len(KINDS), dtype=np.int64), counts))
    who = rng.integers(0, pool.height, size=total)
    day = rng.integers(0, len(days), size=total)
    draws = rng.random(size=(2, total))
    diagnosis = rng.integers(0, len(icd10_names()), size=total)
    people = pool["person_id"].to_numpy()[who]
    order = np.lexsort((people, day))
    who, day, kinds, people = who[order], day[order], kinds[order], people[order]
    draws, diagnosis = draws[:, order], diagnosis[order]
    units = _positions(network, pool["canton"].to_numpy()[who], draws[0])
    staff = network.staff_start[units, kinds] + (
        draws[1] * network.staff_count[units, kinds]
    ).astype(np.int64)
    return {
        "person_id": people,
        "unit_id": network.unit_ids[units],
        "professional_id": network.staff_ids[staff],
        "kind": kinds,
        "on": days[day],
        "basis": pool["basis"].to_numpy()[who].astype(np.int64),
        "diagnosis": diagnosis,
    }


def _write(visits: dict[str, np.ndarray], explanations: list[str]) -> int:
    """Coverage checks and attentions, chunk by chunk, as coverage_check and attention_record
    write them (actor None, covered, no emergency, no employer in arrears)."""
    names = icd10_names()
    codes = pl.Series(sorted(names))
    config = health_config()
    costs = pl.Series([int(Decimal(config["attention_cost_usd"][k]) * 100) for k in KINDS])
    total = len(visits["person_id"])
    for begin in range(0, total, CHUNK_ROWS):
        part = {key: values[begin : begin + CHUNK_ROWS] for key, values in visits.items()}
        count = len(part["person_id"])
        basis = pl.Series(part["basis"])
        kind = pl.Series(part["kind"])
        diagnosis = codes.gather(pl.Series(part["diagnosis"]))
        frame = pl.DataFrame(
            {
                "check_id": reserve_ids(connection, CoverageCheck._meta.db_table, count),
                "attention_id": reserve_ids(connection, Attention._meta.db_table, count),
                "person_id": part["person_id"],
                "unit_id": part["unit_id"],
                "professional_id": part["professional_id"],
                "on": pl.Series(part["on"]).cast(pl.Date),
                "basis": pl.Series([b[0] for b in BASES]).gather(basis),
                "basis_label": pl.Series([b[1] for b in BASES]).gather(basis),
                "explanation": pl.Series(explanations).gather(basis),
                "kind": pl.Series(KINDS).gather(kind),
                "cost_cents": costs.gather(kind),
                "diagnosis_code": diagnosis,
                "diagnosis_name": diagnosis.replace_strict(names, default=""),
            }
        )
        checks_and_attentions_write(frame)
    return total


def _targets(year: int, scale: float) -> tuple[int, int]:
    """(attentions, of which at rural dispensaries) of ``year``, scaled."""
    config = health_config()
    try:
        total = config["attentions"][year]
        rural = config["rural_dispensary_attentions"][year]
    except KeyError:
        raise DomainError(
            f"No hay cifras de atenciones para {year} en year_national_2023.yaml."
        ) from None
    return round_half_up(int(total), scale), round_half_up(int(rural), scale)


def _year(
    year: int, scale: float, seed: int, progress: bool, provinces: list[Province]
) -> dict[str, Any]:
    total, rural = _targets(year, scale)
    skipped = [p for p in provinces if _existing(p.code, year)]
    result: dict[str, Any] = {
        "attentions": 0,
        "rural_dispensary_attentions": 0,
        "target_attentions": total,
        "target_rural_dispensary_attentions": rural,
        "skipped_provinces": [p.name for p in skipped],
    }
    if len(skipped) == len(provinces):
        if progress:
            print(f"Atenciones {year}: ya generadas en todas las provincias, se omiten", flush=True)
        return result
    config = health_config()
    groups = [
        Group("own", 0, OWN_KINDS, config["kind_shares"]["own"]),
        Group("rural", 1, RURAL_KINDS, config["kind_shares"]["rural"]),
    ]
    # Pools of every province first: the split by province needs them all (compact columns).
    pools = _pools(year, groups)
    networks: dict[tuple[int, str], Network | None] = {}
    for province in provinces:
        for group in groups:
            key = (int(province.code), group.name)
            networks[key] = _network(province.code, group.unit_kinds)
            if networks[key] is None:
                pools.pop(key, None)  # nowhere to attend them in their province
    wanted = {"own": total - rural, "rural": rural}
    split: dict[tuple[int, str], int] = {}
    for group in groups:
        weights = [
            pools[key].height if (key := (int(p.code), group.name)) in pools else 0
            for p in provinces
        ]
        if wanted[group.name] and not sum(weights):
            raise DomainError(
                f"No hay personas cubiertas para las atenciones {year} ({group.name}) ni unidades "
                "donde atenderlas: cargue el registro nacional y la red primero."
            )
        parts = apportion(wanted[group.name], weights)
        for province, part in zip(provinces, parts.tolist(), strict=True):
            split[(int(province.code), group.name)] = int(part)
    days = np.array(year_days(year), dtype="datetime64[D]")
    explanations = _explanations(year)
    for province in provinces:
        if province in skipped:
            if progress:
                print(f"Atenciones {year} · {province.name}: ya generadas, se omiten", flush=True)
            continue
        written = {}
        with transaction.atomic():
            for group in groups:
                key = (int(province.code), group.name)
                count, network = split[key], networks[key]
                if not count or network is None:
                    written[group.name] = 0
                    continue
                rng = np.random.default_rng([seed, year, int(province.code), group.number])
                counts = _kind_counts(count, group.shares)
                visits = _visits(pools.pop(key), network, counts, days, rng)
                written[group.name] = _write(visits, explanations)
                del visits
            audit_event_record(
                actor=None,
                action="synth.national.attentions",
                target=province,
                summary=f"Atenciones sintéticas {year} · {province.name}",
                data={"year": year, "scale": scale, "seed": seed, **written},
            )
        done = written["own"] + written["rural"]
        result["attentions"] += done
        result["rural_dispensary_attentions"] += written["rural"]
        if progress:
            print(f"Atenciones {year} · {province.name}: {spaced(done)}", flush=True)
    return result


def national_attentions_generate(
    *, year: int, scale: float, seed: int, progress: bool
) -> dict[str, Any]:
    """The attentions of ``year - 1`` and ``year`` at the national units (``NAC-...``), each
    with its coverage check, ``round_half_up(published, scale)`` of each year in all, of which
    the published rural-dispensary count at the dispensaries. Province by province; a
    province-year that already has attentions is skipped (named in ``skipped_provinces``).
    Returns per year the attentions written, the targets and the provinces skipped."""
    if scale <= 0:
        raise DomainError("La escala debe ser mayor que cero.")
    provinces = list(Province.objects.order_by("code"))
    if not HealthUnit.objects.filter(code__startswith=PREFIX).exists():
        raise DomainError(
            "No existe la red nacional de unidades (NAC-...): ejecute national_network_load."
        )
    years = {str(y): _year(y, scale, seed, progress, provinces) for y in (year - 1, year)}
    return {
        "scale": scale,
        "seed": seed,
        "years": years,
        "written": sum(y["attentions"] for y in years.values()),
        "rerun": "se omiten las provincias y años ya generados",
    }
