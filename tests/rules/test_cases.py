"""Legal cases in YAML (tests/rules/cases/*.yaml), named as sentences, expected values written as
the law's arithmetic; both sides of every threshold and effective date."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from seguro.rules import evaluate, evaluate_case
from tests.rules.law_arithmetic import law_value, matches

HERE = Path(__file__).parent
CASE_FILES = sorted((HERE / "cases").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=case["name"]))
    return params


@pytest.mark.parametrize("case", _cases())
def test_legal_case(case: dict[str, Any]) -> None:
    result = evaluate(case["rule"], date.fromisoformat(case["date"]), case.get("inputs", {}))
    if "error" in case:
        assert "error" in result, result.get("outputs")
        assert case["error"] in result["error"]
        return
    assert "error" not in result, result.get("error")
    for key, expected in case["expected"].items():
        assert key in result["outputs"], key
        assert matches(expected, result["outputs"][key]), (key, expected, result["outputs"][key])
    assert result["explanation"], "every computed case carries an explanation"


def test_case_files_are_named_as_sentences() -> None:
    assert len(CASE_FILES) >= 8
    for path in CASE_FILES:
        words = path.stem.split("_")
        assert len(words) >= 5, path.name


def test_the_arithmetic_checker_can_fail() -> None:
    assert matches("1200 * 0.7750", "930.00")
    assert not matches("1200 * 0.7750", "930.01")
    assert not matches({"amount": "1"}, {"other": "1.00"})
    assert law_value("500 * 3 * 0.1333 / 12").quantize(law_value("0.01")) == law_value("16.66")


PUBLIC_EXAMPLES = [
    example
    for name in ("rules-examples.json", "law-worked-examples.json")
    for example in json.loads((HERE / "data" / name).read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("example", PUBLIC_EXAMPLES, ids=[e["name"] for e in PUBLIC_EXAMPLES])
def test_public_example(example: dict[str, Any]) -> None:
    """The public examples and every worked example of law-ecuador.md give exactly the
    published strings."""
    result = evaluate_case({k: example[k] for k in ("rule", "date", "inputs")})
    assert "error" not in result, result.get("error")
    for key, value in example["outputs"].items():
        actual = result["outputs"][key]
        if isinstance(value, dict):
            actual = {k: actual[k] for k in value}
        assert actual == value, key
