"""What a report is made of: figures (each with its definition), tables, charts and sections.

A figure's ``key`` is its dotted path in the seeds' figures.yaml (``coverage.total_covered``,
``affiliates_by_sex.female``...), so the JSON report of a scope has the same shape as the
published figures it is compared with. Every figure is computed by a query over operational
data; ``definition`` says which, in Spanish, and appears beside it in the HTML and in the PDF's
annex.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

Value = int | Decimal | str | list[Any] | None


@dataclass(frozen=True)
class Scope:
    """A report's reach: a year, and the whole country or one province (INEC code)."""

    year: int
    province_code: str | None = None
    province_name: str | None = None
    # Results several sections share (e.g. the coverage counts), computed once per report.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def on(self) -> date:
        """Stocks (people covered, pensions in force) are counted on the last day of the year."""
        return date(self.year, 12, 31)

    @property
    def title(self) -> str:
        where = (
            f"Dirección Provincial de {self.province_name}" if self.province_code else "Nacional"
        )
        return f"Rendición de cuentas {self.year} · {where}"

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.province_code or 'nacional'}"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Value
    unit: str  # "personas", "USD", "proporción", "atenciones"...
    definition: str
    card: bool = True  # shown as a card on the page; False when a table shows it already

    def shown(self) -> str:
        return show_value(self.value, self.unit)


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    definition: str
    total: list[Any] | None = None


@dataclass(frozen=True)
class Chart:
    """Data for a chart; charts.py draws it as SVG."""

    kind: str  # "bar", "pie", "line"
    title: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""


@dataclass
class Section:
    code: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, key: str, label: str, value: Value, unit: str, definition: str, card: bool = True
    ) -> None:
        self.figures.append(Figure(key, label, value, unit, definition, card))


@dataclass
class Report:
    scope: Scope
    sections: list[Section]

    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    def as_json(self) -> dict[str, Any]:
        """The figures nested by their keys, as figures.yaml nests them, plus the definitions."""
        nested: dict[str, Any] = {}
        for figure in self.figures():
            node = nested
            *parents, leaf = figure.key.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = json_value(figure.value)
        return {
            "year": self.scope.year,
            "province_code": self.scope.province_code,
            "province": self.scope.province_name,
            "figures": nested,
            "definitions": {f.key: f.definition for f in self.figures()},
        }


def json_value(value: Value) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return value


def grouped(number: Decimal, places: int) -> str:
    """The number as the rest of the site shows it (es-EC: decimal comma, grouped thousands)."""
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def show_value(value: Value, unit: str) -> str:
    if value is None:
        return "sin datos"
    if isinstance(value, list):
        if any(isinstance(v, dict) for v in value):
            return "ver la tabla"
        return " · ".join(show_value(v, "") for v in value)
    if unit == "USD":
        return f"USD {grouped(Decimal(value), 2)}"
    if unit == "proporción":
        return f"{grouped(Decimal(value) * 100, 1)} %"
    if isinstance(value, Decimal):
        return grouped(value, 2)
    if isinstance(value, int):
        return grouped(Decimal(value), 0)
    return str(value)
