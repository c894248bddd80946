"""The law as data: every parameter file is validated (references, dates, keys, confidence)."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.rules.errors import ParameterError, RuleError
from seguro.rules.params import (
    default_parameters,
    iter_parameter_files,
    load_parameters,
    parameters_root,
    parse_parameter_file,
)

FOLDERS = {
    "general",
    "affiliation",
    "contributions",
    "pensions",
    "survivors",
    "funeral",
    "third_party_funds",
    "unemployment",
    "arrears",
    "work_risks",
    "health_subsidies",
    "rural_insurance",
    "employer_liability",
}

GOOD = """\
description: Un parámetro de prueba.
unit: rate
values:
  "2020-01-01":
    value: "0.10"
    reference: {instrument: LSS, article: Art. 1, date: "2001-11-30", source: prueba}
    confidence: confirmed
  "2021-01-01":
    value: "0.20"
    reference: {instrument: LSS, article: Art. 2, date: "2001-11-30", source: prueba}
    confidence: unconfirmed
    note: Lectura no confirmada.
"""


def test_every_shipped_parameter_file_is_valid() -> None:
    files = list(iter_parameter_files(parameters_root()))
    assert len(files) >= 50
    for name, path in files:
        param = parse_parameter_file(name, path.read_text(encoding="utf-8"))
        for pv in param.values:
            assert pv.reference.instrument and pv.reference.source
    assert {name.split(".")[0] for name, _ in files} == FOLDERS


def test_a_valid_file_parses_and_is_looked_up_by_date() -> None:
    param = parse_parameter_file("x.y", GOOD)
    assert str(param.at(date(2020, 12, 31)).value) == "0.10"
    assert str(param.at(date(2021, 1, 1)).value) == "0.20"
    with pytest.raises(RuleError, match="empiezan el 2020-01-01"):
        param.at(date(2019, 12, 31))


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace("article: Art. 1, ", ""), "reference missing"),
        (GOOD.replace("source: prueba}", "source: ''}", 1), "empty"),
        (GOOD.replace('"2021-01-01"', '"2019-01-01"'), "out of order"),
        (GOOD.replace('"2021-01-01"', '"2020-01-01"'), "duplicate key"),
        (
            GOOD.replace("    confidence: confirmed", "    confidence: confirmed\n    colour: red"),
            "unknown keys",
        ),
        (GOOD.replace("unit: rate", "unit: rate\nauthor: me"), "unknown keys"),
        (GOOD.replace("confidence: confirmed", "confidence: maybe"), "confidence"),
        (GOOD.replace("    note: Lectura no confirmada.\n", ""), "needs a note"),
        (GOOD.replace('value: "0.10"', "value: 0.10"), "decimal string"),
        (GOOD.replace('"2020-01-01":', "20200101:"), "quoted ISO date"),
        (GOOD.replace('"2020-01-01":', '"2020-13-01":'), "invalid date"),
        (GOOD.replace("unit: rate", "unit: furlongs"), "unknown unit"),
        (
            GOOD.replace(
                '    reference: {instrument: LSS, article: Art. 1, date: "2001-11-30", '
                "source: prueba}\n",
                "",
                1,
            ),
            "missing",
        ),
    ],
)
def test_a_defective_file_is_rejected(broken: str, message: str) -> None:
    assert broken != GOOD
    with pytest.raises(ParameterError, match=message):
        parse_parameter_file("x.y", broken)


def test_a_defective_tree_fails_to_load(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    (root / "a").mkdir()
    (root / "a" / "b.yaml").write_text(GOOD.replace('"2021-01-01"', '"2019-01-01"'))
    with pytest.raises(ParameterError):
        load_parameters(root)


def test_unconfirmed_values_say_why() -> None:
    params = default_parameters()
    unconfirmed = [
        pv
        for name in params.names()
        for pv in params.parameter(name).values
        if pv.confidence == "unconfirmed"
    ]
    assert unconfirmed, "the reference marks points unconfirmed; they must show up"
    assert all(pv.note for pv in unconfirmed)


def test_the_central_bank_rate_is_an_unconfirmed_monthly_file() -> None:
    param = default_parameters().parameter("arrears.central_bank_rate")
    assert all(pv.confidence == "unconfirmed" for pv in param.values)
    assert "MENSUALMENTE" in param.description
    assert "MARCADOR" in (param.values[-1].note or "")


def test_the_minimum_wage_series_covers_2013_to_2026() -> None:
    series = default_parameters().parameter("general.minimum_wage")
    years = [pv.effective.year for pv in series.values]
    assert years == list(range(2013, 2027))


def test_no_legal_number_in_code() -> None:
    """Rule modules hold formulas only: no decimal literal like 0.0945 or 1357.73 in them."""
    import re

    from seguro.rules.params import parameters_root as root

    package = root().parent
    pattern = re.compile(r"(?<![\w.])\d+\.\d+")
    for path in package.glob("*.py"):
        code = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.strip().startswith(("#", '"', "'")) and '"""' not in line
        )
        strings_removed = re.sub(r"(\"[^\"]*\"|'[^']*')", "", code)
        assert not pattern.findall(strings_removed), (path.name, pattern.findall(strings_removed))
