"""Public entry point: evaluate one rule for one case, JSON-ready (RULES.md shapes)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from seguro.rules.errors import RuleError
from seguro.rules.explain import show
from seguro.rules.inputs import Inputs
from seguro.rules.params import ParameterSet, Reform, default_parameters
from seguro.rules.registry import RULES


def parameters_for(overlay: Reform | ParameterSet | None = None) -> ParameterSet:
    """The shipped law, optionally with a "what if" reform applied (the law files are untouched)."""
    if overlay is None:
        return default_parameters()
    if isinstance(overlay, ParameterSet):
        return overlay
    return default_parameters().with_reform(overlay)


def compute(
    rule: str, on: date, inputs: Mapping[str, Any], *, params: ParameterSet | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run a rule; return (outputs with Decimal money, explanation). Raise :class:`RuleError`."""
    try:
        func = RULES[rule]
    except KeyError:
        raise RuleError(
            f"La regla '{rule}' no existe. Reglas disponibles: {', '.join(sorted(RULES))}."
        ) from None
    if not isinstance(inputs, Mapping):
        raise RuleError("El dato 'inputs' debe ser un objeto JSON con los datos del caso.")
    outputs, explanation = func(params or default_parameters(), on, Inputs(inputs))
    return outputs, explanation.as_list()


def evaluate(
    rule: str,
    on: date,
    inputs: Mapping[str, Any],
    *,
    overlay: Reform | ParameterSet | None = None,
) -> dict[str, Any]:
    """Evaluate one case: ``{"rule", "date", "outputs", "explanation"}`` or, when the case cannot
    be computed, ``{"rule", "date", "error", "explanation": []}`` with a Spanish message."""
    result: dict[str, Any] = {"rule": rule, "date": on.isoformat()}
    try:
        outputs, explanation = compute(rule, on, inputs, params=parameters_for(overlay))
    except RuleError as exc:
        result["error"] = str(exc)
        result["explanation"] = []
        return result
    result["outputs"] = show(outputs)
    result["explanation"] = explanation
    return result


def evaluate_case(case: Any, *, overlay: Reform | ParameterSet | None = None) -> dict[str, Any]:
    """Evaluate one raw case of a ``rules eval`` input list (validating its shape)."""
    if not isinstance(case, Mapping):
        return {
            "error": "El caso debe ser un objeto JSON con 'rule', 'date' e 'inputs'.",
            "explanation": [],
        }
    head: dict[str, Any] = {}
    if "name" in case:
        head["name"] = case["name"]
    rule = case.get("rule")
    raw_date = case.get("date")
    head["rule"] = rule
    head["date"] = raw_date
    if not isinstance(rule, str) or not rule:
        return {**head, "error": "Falta el dato 'rule' (nombre de la regla).", "explanation": []}
    if raw_date is None:
        return {
            **head,
            "error": "Falta el dato 'date' (fecha en que se aplica la ley).",
            "explanation": [],
        }
    try:
        on = date.fromisoformat(str(raw_date))
    except ValueError:
        return {
            **head,
            "error": f"El dato 'date' no es una fecha válida (AAAA-MM-DD): {raw_date!r}.",
            "explanation": [],
        }
    inputs = case.get("inputs", {})
    if inputs is None:
        inputs = {}
    result = evaluate(rule, on, inputs, overlay=overlay)
    return {**head, **result}
