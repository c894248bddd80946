"""Dated legal parameters: loading, validation, lookup by date and "what if" overlays.

Every parameter is one YAML file under ``parameters/``; its dotted name mirrors the path
(``pensions/old_age/coefficient.yaml`` -> ``pensions.old_age.coefficient``). Each file holds::

    description: ...
    unit: usd | rate | coefficient | sbu_multiple | count | days | months | years | text
          | boolean | table
    values:
      "2024-01-01":
        value: "460.00"
        reference: {instrument: ..., article: ..., date: ..., source: ...}
        confidence: confirmed | unconfirmed
        note: optional text

A value applies from its date until the next one. Decimal numbers are written as strings and
read as :class:`~decimal.Decimal`; in tables, numeric strings become Decimals too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from seguro.rules.errors import ParameterError, RuleError

__all__ = [
    "ParamValue",
    "Parameter",
    "ParameterSet",
    "Reference",
    "Reform",
    "default_parameters",
    "load_reform",
    "parse_parameter_file",
]

UNITS = frozenset(
    {
        "usd",
        "rate",
        "coefficient",
        "sbu_multiple",
        "count",
        "days",
        "months",
        "years",
        "text",
        "boolean",
        "table",
    }
)
DECIMAL_UNITS = frozenset({"usd", "rate", "coefficient", "sbu_multiple"})
INTEGER_UNITS = frozenset({"count", "days", "months", "years"})
FILE_KEYS = frozenset({"description", "unit", "values"})
VALUE_KEYS = frozenset({"value", "reference", "confidence", "note"})
REQUIRED_VALUE_KEYS = frozenset({"value", "reference", "confidence"})
REFERENCE_KEYS = frozenset({"instrument", "article", "date", "source"})
CONFIDENCE = frozenset({"confirmed", "unconfirmed"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^[-+]?\d+(\.\d+)?$")


class _StrictLoader(yaml.SafeLoader):
    """Safe loader that rejects duplicate keys and keeps dates as strings."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Timestamps stay strings: effective dates are parsed and checked explicitly.
_StrictLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    """Load YAML with duplicate-key detection and without implicit timestamps."""
    return yaml.load(text, Loader=_StrictLoader)


@dataclass(frozen=True)
class Reference:
    instrument: str
    article: str
    date: str
    source: str

    def text(self) -> str:
        return f"{self.instrument}, {self.article}, {self.date} (fuente: {self.source})"


@dataclass(frozen=True)
class ParamValue:
    """One dated value of a parameter, with its legal reference."""

    name: str
    effective: date
    value: Any
    reference: Reference
    confidence: str
    note: str | None = None
    reform: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.confidence == "confirmed" and self.reform is None


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[ParamValue, ...]

    def at(self, on: date) -> ParamValue:
        """The value in force on ``on`` (the latest whose date is <= ``on``)."""
        found: ParamValue | None = None
        for pv in self.values:
            if pv.effective <= on:
                found = pv
            else:
                break
        if found is None:
            first = self.values[0].effective.isoformat()
            raise RuleError(
                f"No hay parámetros vigentes para '{self.name}' en la fecha {on.isoformat()}: "
                f"los valores empiezan el {first}."
            )
        return found


def _convert(value: Any, unit: str, where: str) -> Any:
    if unit in DECIMAL_UNITS:
        if not isinstance(value, str) or not _DECIMAL.match(value):
            raise ParameterError(f"{where}: value must be a decimal string, got {value!r}")
        return Decimal(value)
    if unit in INTEGER_UNITS:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ParameterError(f"{where}: value must be an integer, got {value!r}")
        return value
    if unit == "text":
        if not isinstance(value, str) or not value:
            raise ParameterError(f"{where}: value must be text, got {value!r}")
        return value
    if unit == "boolean":
        if not isinstance(value, bool):
            raise ParameterError(f"{where}: value must be true/false, got {value!r}")
        return value
    return _convert_table(value, where)


def _convert_table(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        return {str(k): _convert_table(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert_table(v, where) for v in value]
    if isinstance(value, str) and _DECIMAL.match(value):
        return Decimal(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, float):
        raise ParameterError(f"{where}: write decimal numbers as strings, got float {value!r}")
    raise ParameterError(f"{where}: unsupported table value {value!r}")


def _parse_date(text: Any, where: str) -> date:
    if not isinstance(text, str) or not _ISO_DATE.match(text):
        raise ParameterError(f"{where}: effective date must be a quoted ISO date, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ParameterError(f"{where}: invalid date {text!r}") from exc


def _parse_reference(raw: Any, where: str) -> Reference:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: reference must be a mapping")
    keys = set(raw)
    if keys != REFERENCE_KEYS:
        missing = sorted(REFERENCE_KEYS - keys)
        unknown = sorted(keys - REFERENCE_KEYS)
        raise ParameterError(f"{where}: reference missing {missing} / unknown {unknown}")
    for key in REFERENCE_KEYS:
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise ParameterError(f"{where}: reference field {key!r} is empty")
    return Reference(raw["instrument"], raw["article"], raw["date"], raw["source"])


def parse_parameter_file(name: str, text: str) -> Parameter:
    """Parse and validate one parameter file; raise :class:`ParameterError` on any defect."""
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{name}: invalid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ParameterError(f"{name}: the file must be a mapping")
    unknown = set(raw) - FILE_KEYS
    missing = FILE_KEYS - set(raw)
    if unknown or missing:
        raise ParameterError(f"{name}: unknown keys {sorted(unknown)} / missing {sorted(missing)}")
    unit = raw["unit"]
    if unit not in UNITS:
        raise ParameterError(f"{name}: unknown unit {unit!r}")
    if not isinstance(raw["description"], str) or not raw["description"].strip():
        raise ParameterError(f"{name}: description is empty")
    values = raw["values"]
    if not isinstance(values, dict) or not values:
        raise ParameterError(f"{name}: values must be a non-empty mapping keyed by date")
    parsed: list[ParamValue] = []
    previous: date | None = None
    for key, entry in values.items():
        where = f"{name} @ {key}"
        effective = _parse_date(key, where)
        if previous is not None and effective <= previous:
            raise ParameterError(f"{where}: dates out of order (after {previous.isoformat()})")
        previous = effective
        if not isinstance(entry, dict):
            raise ParameterError(f"{where}: each value must be a mapping")
        keys = set(entry)
        if keys - VALUE_KEYS or REQUIRED_VALUE_KEYS - keys:
            raise ParameterError(
                f"{where}: unknown keys {sorted(keys - VALUE_KEYS)} / "
                f"missing {sorted(REQUIRED_VALUE_KEYS - keys)}"
            )
        if entry["confidence"] not in CONFIDENCE:
            raise ParameterError(f"{where}: confidence must be confirmed or unconfirmed")
        note = entry.get("note")
        if note is not None and (not isinstance(note, str) or not note.strip()):
            raise ParameterError(f"{where}: note must be text")
        if entry["confidence"] == "unconfirmed" and not note:
            raise ParameterError(f"{where}: an unconfirmed value needs a note saying why")
        parsed.append(
            ParamValue(
                name=name,
                effective=effective,
                value=_convert(entry["value"], unit, where),
                reference=_parse_reference(entry["reference"], where),
                confidence=entry["confidence"],
                note=note,
            )
        )
    return Parameter(name, raw["description"], unit, tuple(parsed))


def iter_parameter_files(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).with_suffix("")
        yield ".".join(rel.parts), path


@dataclass(frozen=True)
class Reform:
    """A "what if" overlay: parameter values that replace the law from their dates on."""

    title: str
    reference: Reference
    parameters: Mapping[str, Mapping[date, Any]]
    notes: Mapping[str, str] = field(default_factory=dict)


REFORM_KEYS = frozenset({"title", "reference", "parameters"})


def load_reform(text: str) -> Reform:
    """Parse a reform file (YAML or JSON). Raise :class:`RuleError` (Spanish) on a defect.

    Shape::

        title: Aumento de la tasa IVM patronal (escenario de la valuación actuarial)
        reference: {instrument: ..., article: ..., date: ..., source: ...}
        parameters:
          contributions.rates.private_employee:
            "2027-01-01": {employer: {ivm: "0.0532"}}   # tables: merged into the law's value

    """
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"El archivo de reforma no es YAML/JSON válido: {exc}") from exc
    if not isinstance(raw, dict) or set(raw) != REFORM_KEYS:
        raise RuleError(
            "El archivo de reforma debe tener exactamente las claves 'title', 'reference' y "
            "'parameters'."
        )
    try:
        reference = _parse_reference(raw["reference"], "reforma")
    except ParameterError as exc:
        raise RuleError(f"La referencia de la reforma está incompleta: {exc}") from exc
    params: dict[str, dict[date, Any]] = {}
    if not isinstance(raw["parameters"], dict) or not raw["parameters"]:
        raise RuleError("La reforma no modifica ningún parámetro ('parameters' vacío).")
    for name, dated in raw["parameters"].items():
        if not isinstance(dated, dict) or not dated:
            raise RuleError(f"La reforma del parámetro '{name}' debe ser un mapa fecha -> valor.")
        entries: dict[date, Any] = {}
        for key, value in dated.items():
            try:
                entries[_parse_date(key, name)] = value
            except ParameterError as exc:
                raise RuleError(f"Fecha inválida en la reforma de '{name}': {key!r}.") from exc
        params[str(name)] = dict(sorted(entries.items()))
    return Reform(str(raw["title"]), reference, params)


def _deep_merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            if key not in base:
                raise RuleError(f"La reforma usa una clave desconocida '{key}'.")
            merged[key] = _deep_merge(base[key], value)
        return merged
    return patch


class ParameterSet:
    """All parameters, indexed by dotted name."""

    def __init__(self, parameters: Mapping[str, Parameter], reform: Reform | None = None):
        self._parameters = dict(parameters)
        self.reform = reform

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def names(self) -> list[str]:
        return sorted(self._parameters)

    def parameter(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name!r}") from None

    def get(self, name: str, on: date) -> ParamValue:
        return self.parameter(name).at(on)

    def value(self, name: str, on: date) -> Any:
        return self.get(name, on).value

    def with_reform(self, reform: Reform) -> ParameterSet:
        """A new set where each reformed parameter takes the reform's values from their dates."""
        params = dict(self._parameters)
        for name, dated in reform.parameters.items():
            if name not in params:
                raise RuleError(f"La reforma modifica un parámetro que no existe: '{name}'.")
            law = params[name]
            first = min(dated)
            kept = [pv for pv in law.values if pv.effective < first]
            new: list[ParamValue] = []
            for effective, raw_value in dated.items():
                base = law.at(effective) if effective >= law.values[0].effective else None
                where = f"reforma de {name} @ {effective.isoformat()}"
                try:
                    if law.unit == "table" and base is not None:
                        raw_base = _to_raw(base.value)
                        value = _convert(_deep_merge(raw_base, raw_value), law.unit, where)
                    else:
                        value = _convert(raw_value, law.unit, where)
                except ParameterError as exc:
                    raise RuleError(f"Valor inválido en la {where}: {exc}") from exc
                new.append(
                    ParamValue(
                        name=name,
                        effective=effective,
                        value=value,
                        reference=reform.reference,
                        confidence="unconfirmed",
                        note=f"Reforma hipotética: {reform.title}",
                        reform=reform.title,
                    )
                )
            params[name] = Parameter(name, law.description, law.unit, tuple(kept + new))
        return ParameterSet(params, reform)


def _to_raw(value: Any) -> Any:
    """Back to the YAML shape (Decimals as strings) so a reform patch can be merged."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _to_raw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_raw(v) for v in value]
    return copy.copy(value)


def parameters_root() -> Path:
    return Path(str(resources.files("seguro.rules") / "parameters"))


def load_parameters(root: Path | None = None) -> ParameterSet:
    root = root or parameters_root()
    params: dict[str, Parameter] = {}
    for name, path in iter_parameter_files(root):
        params[name] = parse_parameter_file(name, path.read_text(encoding="utf-8"))
    if not params:
        raise ParameterError(f"no parameter files under {root}")
    return ParameterSet(params)


_DEFAULT: ParameterSet | None = None


def default_parameters() -> ParameterSet:
    """The law as shipped (loaded once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_parameters()
    return _DEFAULT


def to_decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - guarded by regex
        raise ParameterError(f"not a decimal: {text!r}") from exc
