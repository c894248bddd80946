"""`seguro rules eval` (cli.main): output shape, exit statuses 0/1/2, Spanish messages; and the
"what if" reform overlay applied to one evaluation without touching the law files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from seguro.rules import evaluate, load_reform
from seguro.rules.cli import main
from seguro.rules.errors import RuleError
from seguro.rules.params import default_parameters

HERE = Path(__file__).parent
EXAMPLES = HERE / "data" / "rules-examples.json"
REFORM = HERE / "data" / "reform_ivm_rate_increase_2027.yaml"


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, io.StringIO(stdin), out, err)
    return status, out.getvalue(), err.getvalue()


def test_the_public_examples_evaluate_with_exit_0_in_order() -> None:
    status, out, err = run(["eval", "--input", str(EXAMPLES)])
    assert status == 0, err
    results = json.loads(out)
    examples = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    assert [r["rule"] for r in results] == [e["rule"] for e in examples]
    for result, example in zip(results, examples, strict=True):
        assert result["date"] == example["date"]
        assert {k: result["outputs"][k] for k in example["outputs"]} == example["outputs"]
        assert result["explanation"]
        for step in result["explanation"]:
            assert step["step"]
            if "parameter" in step:
                assert step["reference"] and step["confidence"] in ("confirmado", "no confirmado")
                if step["confidence"] == "no confirmado":
                    assert "no confirmado" in step["step"] and step["note"]


def test_a_case_with_an_error_gives_exit_1_and_the_others_still_run(tmp_path: Path) -> None:
    cases = [
        {"rule": "minimum_wage", "date": "2025-01-01", "inputs": {}},
        {"rule": "old_age_pension", "date": "2025-01-01", "inputs": {"contributions": 360}},
        {"rule": "no_such_rule", "date": "2025-01-01", "inputs": {}},
        {"rule": "minimum_wage", "date": "1999-01-01", "inputs": {}},
        {"rule": "minimum_wage", "date": "31/12/2025"},
        "not a case",
    ]
    out_file = tmp_path / "out.json"
    status, _, _ = run(["eval", "--input", "-", "--output", str(out_file)], json.dumps(cases))
    assert status == 1
    results = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(results) == len(cases)
    assert results[0]["outputs"] == {"amount": "470.00"}
    assert results[1]["error"] == "Falta el dato 'birth_date' (fecha de nacimiento)."
    assert "La regla 'no_such_rule' no existe" in results[2]["error"]
    assert "No hay parámetros vigentes" in results[3]["error"]
    assert "no es una fecha válida" in results[4]["error"]
    assert "debe ser un objeto JSON" in results[5]["error"]
    assert all("outputs" not in r for r in results[1:])


@pytest.mark.parametrize("payload", ['{"rule": "minimum_wage"}', "no es json", "42"])
def test_input_that_is_not_a_json_list_gives_exit_2_with_a_spanish_message(payload: str) -> None:
    status, out, err = run(["eval", "--input", "-"], payload)
    assert status == 2
    assert out == ""
    assert "lista" in err


def test_a_missing_input_file_or_bad_arguments_give_exit_2() -> None:
    assert run(["eval", "--input", "/nonexistent/cases.json"])[0] == 2
    status, _, err = run(["eval"])
    assert status == 2 and "Uso: seguro rules eval" in err


def test_the_module_entry_point_runs_as_a_program() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "seguro.rules.cli", "eval", "--input", "-"],
        input='[{"rule": "minimum_wage", "date": "2026-01-01"}]',
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["outputs"]["amount"] == "482.00"


# --------------------------------------------------------------------------- reform overlay
def test_a_reform_raises_the_ivm_rate_from_its_date_for_one_evaluation_only() -> None:
    reform = load_reform(REFORM.read_text(encoding="utf-8"))
    inputs = {"regime": "private_employee", "salary": "1000.00"}
    before = evaluate("contribution", date(2026, 12, 1), inputs, overlay=reform)["outputs"]
    after = evaluate("contribution", date(2027, 1, 1), inputs, overlay=reform)
    law = evaluate("contribution", date(2027, 1, 1), inputs)["outputs"]
    assert before["employer"] == law["employer"] == "111.50"
    assert after["outputs"]["employer"] == "121.50"  # 1 000 x (0.1115 + 0.0100)
    assert after["outputs"]["by_fund"]["ivm"] == "119.60"
    assert after["outputs"]["employee"] == "94.50"
    step = next(s for s in after["explanation"] if s.get("confidence", "").startswith("reforma"))
    assert "Reforma hipotética" in step["note"]
    # the shipped law is untouched
    assert default_parameters().value("contributions.rates.private_employee", date(2027, 1, 1))[
        "employer"
    ]["ivm"] == Decimal("0.0432")


def test_the_cli_applies_a_reform_file() -> None:
    cases = [
        {
            "rule": "contribution",
            "date": "2027-03-01",
            "inputs": {"regime": "private_employee", "salary": "1000.00"},
        }
    ]
    status, out, err = run(["eval", "--input", "-", "--reform", str(REFORM)], json.dumps(cases))
    assert status == 0, err
    assert json.loads(out)[0]["outputs"]["employer"] == "121.50"


def test_a_reform_of_an_unknown_parameter_or_key_is_rejected() -> None:
    text = REFORM.read_text(encoding="utf-8")
    with pytest.raises(RuleError, match="no existe"):
        default_parameters().with_reform(
            load_reform(
                text.replace("contributions.rates.private_employee", "contributions.rates.pirate")
            )
        )
    with pytest.raises(RuleError, match="clave desconocida"):
        default_parameters().with_reform(load_reform(text.replace("ivm:", "ivn:")))
    status, _, err = run(["eval", "--input", "-", "--reform", "/nonexistent.yaml"], "[]")
    assert status == 2 and "reforma" in err


def test_a_reform_can_replace_a_scalar_such_as_the_pension_floor_multiple() -> None:
    reform = load_reform("""
title: Escenario - revalorización 2025 del 2 %
reference: {instrument: Escenario actuarial, article: "-", date: "2025-01-01", source: prueba}
parameters:
  pensions.revaluation_rate:
    "2025-01-01": "0.02"
""")
    result = evaluate(
        "pension_revaluation",
        date(2025, 1, 1),
        {"pension": "1000.00", "years_of_contributions": 30},
        overlay=reform,
    )
    assert result["outputs"] == {"amount": "1020.00", "rate": "0.0200"}
    assert "error" in evaluate(
        "pension_revaluation",
        date(2025, 1, 1),
        {"pension": "1000.00", "years_of_contributions": 30},
    )
