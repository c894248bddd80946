"""What the synthetic year is calibrated to (published figures) and the choices it makes
(assumptions), read from ``synth/data/year_<scope>.yaml`` and scaled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from typing import Any

import yaml

from seguro.core.errors import DomainError
from seguro.synth.calibration import round_half_up

SCOPE_FILES = {"loja-2022": "year_loja_2022.yaml"}


def month_of(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def months_between(first: date, last: date) -> list[date]:
    months = []
    current = first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class YearPlan:
    scope: str
    scale: float
    seed: int
    province_code: str
    year: int
    data: dict[str, Any]

    @property
    def assumptions(self) -> dict[str, Any]:
        return dict(self.data["assumptions"])

    @property
    def months(self) -> list[date]:
        """Every month closed: the months before the year (history, arrears) and the year's."""
        return months_between(month_of(self.assumptions["first_month"]), date(self.year, 12, 1))

    def count(self, published: int) -> int:
        return round_half_up(int(published), self.scale)

    def cents(self, usd: str) -> int:
        exact = Decimal(usd) * 100 * Decimal(str(self.scale))
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def arrears_recovered_cents(self) -> int:
        return self.cents(self.data["figures"]["arrears_recovered_usd"])

    @property
    def arrears_target_cents(self) -> int:
        """The year's arrears-recovery target: what was recovered / the published compliance."""
        compliance = Decimal(self.data["figures"]["arrears_target_compliance"])
        exact = Decimal(self.arrears_recovered_cents) / compliance
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def rural_attentions(self) -> dict[str, int]:
        return {k: self.count(v) for k, v in self.data["figures"]["rural_attentions"].items()}

    @property
    def referrals(self) -> int:
        return self.count(self.data["figures"]["external_network_attentions"])

    def scaled_count(self, name: str, minimum: int = 0) -> int:
        return max(minimum, self.count(self.assumptions[name]))


def year_plan(scope: str, scale: float, seed: int) -> YearPlan:
    name = SCOPE_FILES.get(scope)
    if name is None:
        known = ", ".join(sorted(SCOPE_FILES))
        raise DomainError(f"no hay un año sintético para '{scope}'; use: {known}.", field="scope")
    if not 0 < scale <= 1:
        raise DomainError("la escala va de 0 (excluido) a 1.", field="scale")
    text = resources.files("seguro.synth").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return YearPlan(scope, scale, seed, str(data["province_code"]), int(data["year"]), data)
