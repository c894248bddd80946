"""The published figures as data, and the plan of what to generate for a scope and scale.

The figures live in ``data/figures.yaml`` (each with its source in iess-figures.md or the seed
reports) and the modelling choices in ``data/assumptions.yaml``. This module turns them into a
``ScopePlan``: how many people of each *group* to generate, where, of which sex and age.

Scaling rule. A count the reports publish as a part (e.g. dependency affiliates, female general
insurance affiliates, rural heads of family) is scaled on its own: ``round_half_up(count *
scale)``. A count the reports define as a sum of published parts (affiliates, total_covered,
general_insurance_affiliates, the rural total, retirees_pensioners) is the sum of its scaled
parts, so it can differ from ``round_half_up(total * scale)`` by less than one per part; at scale
1 every count is the published figure. Shares that are not published counts (how dependency
affiliates divide into three regimes, for instance) are apportioned from the scaled count by the
largest-remainder method, so parts always add up to their whole.
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

SCOPES = {"loja-2022": "loja_2022", "national-2023": "national_2023"}

AFFILIATE_GROUPS = (
    "private_employee",
    "public_servant",
    "bank_or_local_government",
    "self_employed",
    "voluntary",
    "voluntary_abroad",
    "home_work",
    "rural_head_of_family",
)
PENSIONER_GROUPS = (
    "old_age",
    "disability",
    "survivors",
    "work_risk",
    "rural_old_age",
    "rural_disability",
)
DEPENDENT_GROUPS = ("health_extension", "rural_beneficiary")
OTHER_GROUPS = ("former_affiliate", "deceased_pensioner")
GROUPS = AFFILIATE_GROUPS + PENSIONER_GROUPS + DEPENDENT_GROUPS + OTHER_GROUPS
GROUP_CODE = {name: code for code, name in enumerate(GROUPS)}

# Which column of Appendix B.1 (provinces) and C.2 (sex x age) describes each group.
PROVINCE_COLUMN = {
    "private_employee": "sgo",
    "public_servant": "sgo",
    "bank_or_local_government": "sgo",
    "self_employed": "sgo",
    "voluntary": "voluntary",
    "voluntary_abroad": "voluntary",
    "home_work": "home_work",
    "rural_head_of_family": "ssc_heads",
    "old_age": "pensioners_ivm",
    "disability": "pensioners_ivm",
    "survivors": "pensioners_ivm",
    "work_risk": "pensioners_rt",
    "rural_old_age": "pensioners_ssc",
    "rural_disability": "pensioners_ssc",
    "health_extension": "health_extension",
    "rural_beneficiary": "dependents_ssc",
    "former_affiliate": "sgo",
    "deceased_pensioner": "pensioners_ivm",
}
RURAL_GROUPS = frozenset(
    {"rural_head_of_family", "rural_old_age", "rural_disability", "rural_beneficiary"}
)
DAYS_PER_YEAR = 365.2425


@cache
def figures() -> dict[str, Any]:
    """The published figures (data/figures.yaml)."""
    return _load("figures.yaml")


@cache
def assumptions() -> dict[str, Any]:
    """The modelling choices (data/assumptions.yaml)."""
    return _load("assumptions.yaml")


def _load(name: str) -> dict[str, Any]:
    text = resources.files("seguro.synth").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def cantons() -> tuple[tuple[str, str], ...]:
    """(canton code, province code) of Ecuador's 221 cantons, as the registry migration loads."""
    text = resources.files("seguro.registry").joinpath("data", "ecuador-dpa.csv")
    with text.open(encoding="utf-8") as handle:
        return tuple((row["canton_code"], row["province_code"]) for row in csv.DictReader(handle))


@cache
def canton_names() -> tuple[str, ...]:
    """Canton names in the order of ``cantons()``."""
    text = resources.files("seguro.registry").joinpath("data", "ecuador-dpa.csv")
    with text.open(encoding="utf-8") as handle:
        return tuple(row["canton"] for row in csv.DictReader(handle))


def round_half_up(count: int, scale: float) -> int:
    """``count * scale`` rounded half up (0.5 goes up), computed in decimal, not binary."""
    exact = Decimal(count) * Decimal(str(scale))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(total: int, weights: Any) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder, ties to the
    first); parts sum exactly to ``total``; a zero weight gets zero."""
    w = np.asarray(weights, dtype=np.float64)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = w / w.sum() * total
    parts = np.floor(exact).astype(np.int64)
    short = total - int(parts.sum())
    if short:
        order = np.argsort(-(exact - parts), kind="stable")
        parts[order[:short]] += 1
    result: np.ndarray = parts
    return result


def rng_for(seed: int, step: str) -> np.random.Generator:
    """An independent random stream per generation step, so steps do not disturb each other."""
    return np.random.default_rng([seed, zlib.crc32(step.encode())])


@dataclass
class ScopePlan:
    """What to generate for one scope at one scale."""

    scope: str
    scale: float
    reference_date: date
    province: str | None
    minimum_wage: int
    counts: dict[str, int]
    # Fixed (female, male) counts for groups whose sex split is published (Loja).
    sex_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    employers: int = 0
    cantons_covered: int | None = None
    # Affiliates on 31 December of the year minus those on 31 December of the year before,
    # when the scope publishes it (national: "26.797 nuevos afiliados").
    net_growth: int | None = None
    # SSC pensioners on 31 December of the year before, when published (national): the rest of
    # the year-end SSC pensioners start their pension within the year.
    rural_pensioners_before: int | None = None
    # Yearly growth of the stock of affiliates over the months before the reference date
    # (assumptions.yaml ``turnover``), when the registry must follow that path (national):
    # closed past affiliations fill the stock in (synth.turnover). None: no such path.
    stock_growth: float | None = None

    @property
    def year(self) -> int:
        return self.reference_date.year

    def targets(self) -> dict[str, Any]:
        """The counts the coverage selectors must return for this plan (the shape of
        ``registry.coverage.coverage_counts``; keys the plan does not fix are left out)."""
        c = self.counts
        dependency = c["private_employee"] + c["public_servant"] + c["bank_or_local_government"]
        by_type = {
            "dependency": dependency,
            "self_employed": c["self_employed"],
            "voluntary": c["voluntary"] + c["voluntary_abroad"],
            "semi_contributory": c["home_work"] + c["rural_head_of_family"],
        }
        affiliates = sum(by_type.values())
        pensioners = sum(c[g] for g in PENSIONER_GROUPS)
        dependents = sum(c[g] for g in DEPENDENT_GROUPS)
        retirees = c["rural_old_age"] + c["rural_disability"]
        result: dict[str, Any] = {
            "coverage": {
                "total_covered": affiliates + pensioners + dependents,
                "affiliates": affiliates,
                "pensioners": pensioners,
                "dependents": dependents,
            },
            "affiliates_by_type": by_type,
            "affiliates_by_regime": {g: c[g] for g in AFFILIATE_GROUPS},
            "general_insurance_affiliates": affiliates - c["rural_head_of_family"],
            "pensioners_by_kind": {
                "old_age": c["old_age"],
                "disability": c["disability"],
                "survivors": c["survivors"],
                "work_risk": c["work_risk"],
                "rural": retirees,
            },
            "rural_insurance": {
                "total_covered": c["rural_head_of_family"] + c["rural_beneficiary"] + retirees,
                "heads_of_family": c["rural_head_of_family"],
                "beneficiaries": c["rural_beneficiary"],
                "retirees_pensioners": retirees,
                "chart_values": [
                    c["rural_beneficiary"],
                    c["rural_head_of_family"],
                    c["rural_disability"],
                    c["rural_old_age"],
                ],
                "pensioners": retirees,
            },
        }
        general = [g for g in AFFILIATE_GROUPS if g != "rural_head_of_family"]
        if all(g in self.sex_counts for g in general if c[g]):
            female = sum(self.sex_counts.get(g, (0, 0))[0] for g in general)
            result["affiliates_by_sex"] = {
                "female": female,
                "male": result["general_insurance_affiliates"] - female,
            }
        if self.cantons_covered is not None:
            result["cantons_covered"] = min(self.cantons_covered, c["rural_head_of_family"])
        return result


def minimum_wage(year: int) -> int:
    return int(figures()["minimum_wage"]["by_year"][year])


def plan_for(scope: str, scale: float = 1.0) -> ScopePlan:
    """Build the plan of a scope (``loja-2022`` or ``national-2023``) at a scale."""
    if scope not in SCOPES:
        raise ValueError(f"ámbito desconocido: {scope} (use {' o '.join(SCOPES)})")
    if not 0 < scale <= 2:
        raise ValueError("la escala debe ser mayor que 0 y no pasar de 2")
    data = figures()["scopes"][SCOPES[scope]]
    ref = data["reference_date"]
    plan = ScopePlan(
        scope=scope,
        scale=scale,
        reference_date=ref,
        province=data["province"],
        minimum_wage=minimum_wage(ref.year),
        counts=dict.fromkeys(GROUPS, 0),
    )
    scaled = {key: round_half_up(value, scale) for key, value in data["counts"].items()}
    if scope == "national-2023":
        _plan_national(plan, scaled)
    else:
        _plan_loja(plan, scaled, data)
    extra = assumptions()
    affiliates = sum(plan.counts[g] for g in AFFILIATE_GROUPS)
    pensioners = sum(plan.counts[g] for g in PENSIONER_GROUPS)
    plan.counts["former_affiliate"] = round(
        affiliates * extra["affiliation"]["former_affiliate_share"]
    )
    plan.counts["deceased_pensioner"] = round(
        pensioners * extra["pensions"]["deceased_open_pension_share"]
    )
    return plan


def _split(plan: ScopePlan, total: int, parts: dict[str, float]) -> None:
    for name, count in zip(parts, apportion(total, list(parts.values())), strict=True):
        plan.counts[name] += int(count)


def _dependency_weights() -> dict[str, float]:
    return dict(assumptions()["dependency_regimes"])


def _plan_national(plan: ScopePlan, scaled: dict[str, int]) -> None:
    splits = figures()["splits"]
    _split(plan, scaled["dependency"], _dependency_weights())
    plan.counts["self_employed"] = scaled["self_employed"]
    _split(plan, scaled["voluntary"], splits["voluntary"])
    _split(plan, scaled["semi_contributory"], splits["semi_contributory"])
    rural = min(scaled["rural_pensioners"], scaled["pensioners"])
    retirees = splits["rural_retirees"]
    _split(
        plan,
        rural,
        {"rural_old_age": retirees["old_age"], "rural_disability": retirees["disability"]},
    )
    non_rural = apportion(
        scaled["pensioners"] - rural, list(splits["non_rural_pensioners"].values())
    )
    _split(plan, int(non_rural[0]), splits["ivm"])
    plan.counts["work_risk"] = int(non_rural[1])
    _split(plan, scaled["dependents"], splits["dependents"])
    plan.employers = round_half_up(figures()["employers"]["national_2023"], plan.scale)
    if "rural_pensioners_previous_year_end" in scaled:
        plan.rural_pensioners_before = min(scaled["rural_pensioners_previous_year_end"], rural)
    growth = figures()["scopes"]["national_2023"].get("new_affiliates")
    if growth is not None:
        plan.net_growth = round_half_up(int(growth), plan.scale)
    stock_growth = assumptions()["turnover"]["yearly_growth"]
    if stock_growth is None and growth is not None:  # the reference year's own rate
        affiliates = int(figures()["scopes"]["national_2023"]["published_totals"]["affiliates"])
        stock_growth = int(growth) / (affiliates - int(growth))
    plan.stock_growth = None if stock_growth is None else float(stock_growth)


def _plan_loja(plan: ScopePlan, scaled: dict[str, int], data: dict[str, Any]) -> None:
    female, male = scaled["general_female"], scaled["general_male"]
    national = figures()["scopes"]["national_2023"]["counts"]
    weights = data["general_regime_weights"]
    sgo_dependency = national["dependency"] / (national["dependency"] + national["self_employed"])
    regime_weights = {"home_work": weights["home_work"], "voluntary": weights["voluntary"]}
    for regime, share in _dependency_weights().items():
        regime_weights[regime] = weights["sgo"] * sgo_dependency * share
    regime_weights["self_employed"] = weights["sgo"] * (1 - sgo_dependency)
    regime_counts = dict(
        zip(regime_weights, apportion(female + male, list(regime_weights.values())), strict=True)
    )
    female_by_regime = _female_split(regime_counts, female)
    for regime, count in regime_counts.items():
        plan.counts[regime] = int(count)
        plan.sex_counts[regime] = (female_by_regime[regime], int(count) - female_by_regime[regime])
    plan.counts["rural_head_of_family"] = scaled["rural_heads"]
    plan.counts["rural_beneficiary"] = scaled["rural_beneficiaries"]
    plan.counts["rural_disability"] = scaled["rural_retirees_disability"]
    plan.counts["rural_old_age"] = scaled["rural_retirees_old_age"]
    _split(plan, scaled["pensioners_ivm"], figures()["splits"]["ivm"])
    plan.counts["work_risk"] = scaled["pensioners_work_risk"]
    plan.counts["health_extension"] = scaled["health_extension"]
    plan.cantons_covered = data["cantons_covered"]
    dependency = sum(plan.counts[r] for r in _dependency_weights())
    ratio = figures()["employers"]["national_2023"] / national["dependency"]
    plan.employers = max(1, round(dependency * ratio))


def female_share(column: str) -> float:
    table = figures()["by_sex_age"][column]
    return float(sum(table["F"]) / (sum(table["F"]) + sum(table["M"])))


def _female_split(regime_counts: dict[str, Any], female: int) -> dict[str, int]:
    """Women per regime: TNRH at its published share, the other regimes share the rest in
    proportion to their published female shares (Appendix C), so the total is exact."""
    column = {r: PROVINCE_COLUMN[r] for r in regime_counts}
    n_home = int(regime_counts["home_work"])
    result = {"home_work": min(female, n_home, round(n_home * female_share("home_work")))}
    rest = [r for r in regime_counts if r != "home_work"]
    capacity = {r: int(regime_counts[r]) for r in rest}
    remaining = female - result["home_work"]
    if remaining > sum(capacity.values()):  # more women than seats outside TNRH
        result["home_work"] += remaining - sum(capacity.values())
        remaining = sum(capacity.values())
    open_regimes = list(rest)
    for r in rest:
        result[r] = 0
    while remaining > 0 and open_regimes:
        shares = [capacity[r] * female_share(column[r]) for r in open_regimes]
        parts = apportion(remaining, shares)
        remaining = 0
        for r, part in zip(list(open_regimes), parts, strict=True):
            take = min(int(part), capacity[r] - result[r])
            result[r] += take
            remaining += int(part) - take
            if result[r] == capacity[r]:
                open_regimes.remove(r)
    return result


def canton_weights(plan: ScopePlan, group: str) -> tuple[list[str], np.ndarray]:
    """Cantons a group may live in, with weights: province share (Appendix B.1 column of the
    group; one province for a provincial scope) times the canton's share of its province."""
    data = figures()
    rows = data["by_province"]["rows"]
    column = data["by_province"]["columns"].index(PROVINCE_COLUMN[group])
    rural = group in RURAL_GROUPS
    codes: list[str] = []
    weights: list[float] = []
    by_province: dict[str, list[str]] = {}
    for canton, province in cantons():
        by_province.setdefault(province, []).append(canton)
    for province, members in by_province.items():
        if plan.province is not None and province != plan.province:
            continue
        province_weight = 1.0 if plan.province else float(rows[province][column])
        shares = _canton_shares(province, members, rural=rural)
        codes.extend(members)
        weights.extend(province_weight * shares)
    return codes, np.asarray(weights)


def _canton_shares(province: str, members: list[str], *, rural: bool) -> np.ndarray:
    data = figures()["canton_weights"]
    known = data["population"]
    if rural:
        known = {**known, **data["rural_population"]}
    capital_share = assumptions()["territory"]["capital_share"]
    if all(c in known for c in members):
        w = np.array([known[c] for c in members], dtype=np.float64)
    elif any(c in known for c in members):
        total = data["province_population"][province]
        unknown = [c for c in members if c not in known]
        rest = (total - sum(known[c] for c in members if c in known)) / len(unknown)
        w = np.array([known.get(c, rest) for c in members], dtype=np.float64)
    elif rural or len(members) == 1:
        w = np.ones(len(members))
    else:
        w = np.full(len(members), (1 - capital_share) / (len(members) - 1))
        w[[c.endswith("01") for c in members].index(True)] = capital_share
    shares: np.ndarray = w / w.sum()
    return shares
