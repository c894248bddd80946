"""Explanations: the steps a clerk shows a citizen, with the parameters and their legal sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from seguro.rules.params import ParamValue

CONFIRMED = "confirmado"
UNCONFIRMED = "no confirmado"
REFORM = "reforma hipotética (no es ley vigente)"


def show(value: Any) -> Any:
    """JSON-ready rendering of a value (Decimals as strings with their quantized places)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): show(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [show(v) for v in value]
    return value


@dataclass
class Explanation:
    steps: list[dict[str, Any]] = field(default_factory=list)

    def param(self, step: str, pv: ParamValue, value: Any = None) -> None:
        """A step that uses a dated legal parameter (``value`` defaults to the parameter's)."""
        entry: dict[str, Any] = {
            "step": step,
            "value": show(pv.value if value is None else value),
            "parameter": pv.name,
            "reference": pv.reference.text(),
            "effective": pv.effective.isoformat(),
        }
        if pv.reform is not None:
            entry["confidence"] = REFORM
            entry["note"] = pv.note
        elif pv.confidence == "confirmed":
            entry["confidence"] = CONFIRMED
            if pv.note:
                entry["note"] = pv.note
        else:
            entry["confidence"] = UNCONFIRMED
            entry["step"] = f"{step} (valor no confirmado)"
            entry["note"] = pv.note
        self.steps.append(entry)

    def calc(self, step: str, value: Any) -> None:
        """An arithmetic step (no parameter)."""
        self.steps.append({"step": step, "value": show(value)})

    def as_list(self) -> list[dict[str, Any]]:
        return list(self.steps)
