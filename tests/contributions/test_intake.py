"""Reading planilla files (CSV and XLSX, one format) and submitting them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from seguro.contributions import intake
from seguro.contributions.declarations import DeclarationRejected, LineInput
from seguro.contributions.intake import (
    declaration_submit_file,
    parse_declaration_file,
    parse_salary,
)
from seguro.contributions.models import Novelty
from seguro.registry import ids
from tests.contributions.declaring import (
    MARCH_2024,
    csv_bytes,
    employer_with_workers,
    stored_counts,
    xlsx_bytes,
)


def _file(employer: Any, name: str, content: bytes) -> Any:
    return declaration_submit_file(
        actor=None, employer=employer, period=MARCH_2024, filename=name, content=content
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("482.00", "482.00"),
        ("482,00", "482.00"),
        ("1.250,50", "1250.50"),
        ("1,250.50", "1250.50"),
        (" $ 700 ", "700"),
        ("0,5", "0.5"),
    ],
)
def test_salary_takes_a_point_or_a_comma_as_decimal_separator(text: str, expected: str) -> None:
    assert parse_salary(text) == Decimal(expected)


def test_headers_are_case_and_accent_insensitive_and_extra_columns_ignored() -> None:
    content = csv_bytes(
        [["Jaramillo", "1104680135", "482,00", "30", "Cambio de salario"]],
        header=["Nombres", " Cédula ", "SALARIO", "Días", "Novedad"],
    )
    parsed = parse_declaration_file("planilla.csv", content)
    assert parsed.errors == []
    assert parsed.lines == [
        LineInput(
            row=2,
            cedula="1104680135",
            salary=Decimal("482.00"),
            days=30,
            novelty=Novelty.SALARY_CHANGE,
        )
    ]


def test_comma_separated_csv_with_quoted_decimal_comma_and_a_bom() -> None:
    content = b'\xef\xbb\xbfcedula,salario,dias\n1104680135,"482,50",30\n\n1104680135,500.10,15\n'
    parsed = parse_declaration_file("p.csv", content)
    assert parsed.errors == []
    assert [(x.row, x.salary, x.days, x.novelty) for x in parsed.lines] == [
        (2, Decimal("482.50"), 30, Novelty.NONE),
        (4, Decimal("500.10"), 15, Novelty.NONE),  # the empty row 3 is skipped
    ]


def test_parse_errors_carry_the_spreadsheet_row_and_the_column() -> None:
    content = csv_bytes(
        [
            ["1104680135", "mil", "30", ""],
            ["1104680135", "482", "treinta", "vacaciones"],
        ]
    )
    errors = parse_declaration_file("p.csv", content).errors
    assert [(e.row, e.field) for e in errors] == [(2, "salario"), (3, "dias"), (3, "novedad")]
    assert "'mil' no es un valor en dólares" in errors[0].message
    assert "vacaciones" in errors[2].message and "cambio_salario" in errors[2].message


def test_a_missing_column_is_reported_on_the_header_row() -> None:
    errors = parse_declaration_file("p.csv", b"cedula;dias\n1104680135;30\n").errors
    assert [(e.row, e.field) for e in errors] == [(1, "salario")]
    assert "falta la columna «salario»" in errors[0].message


def test_other_files_are_refused_with_a_reason() -> None:
    assert "UTF-8" in parse_declaration_file("p.csv", "cédula".encode("latin-1")).errors[0].message
    assert "XLSX" in parse_declaration_file("p.xlsx", b"PK\x03\x04 roto").errors[0].message
    assert "CSV o un XLSX" in parse_declaration_file("p.pdf", b"%PDF").errors[0].message


def test_a_cedula_typed_as_a_number_in_excel_gets_its_leading_zero_back() -> None:
    cedula = ids.cedula_make("07", 123)  # El Oro: starts with 0
    parsed = parse_declaration_file("p.xlsx", xlsx_bytes([[int(cedula), 482.1, 30, None]]))
    assert parsed.errors == []
    (line,) = parsed.lines
    assert line.cedula == cedula and line.salary == Decimal("482.1")


def test_the_sample_files_follow_the_format_and_say_the_same() -> None:
    from_csv = parse_declaration_file("x.csv", intake.SAMPLE_CSV.read_bytes())
    from_xlsx = parse_declaration_file("x.xlsx", intake.SAMPLE_XLSX.read_bytes())
    assert from_csv.errors == [] and from_xlsx.errors == []
    assert len(from_csv.lines) == 5
    assert from_csv.lines == from_xlsx.lines
    for line in from_csv.lines:
        ids.cedula_validate(line.cedula)
    assert "planilla-ejemplo.csv" in intake.FORMAT_DOC.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_csv_and_xlsx_of_the_same_content_give_the_same_declaration() -> None:
    employer, workers = employer_with_workers(3)
    rows = [
        [workers[0].person.national_id, "1250.50", 30, ""],
        [workers[1].person.national_id, "230", 15, "licencia"],
        [workers[2].person.national_id, "800.00", 30, "cambio_salario"],
    ]
    from_csv = _file(employer, "planilla.csv", csv_bytes(rows))
    xlsx_rows = [[r[0], float(r[1]), r[2], r[3] or None] for r in rows]
    from_xlsx = _file(employer, "planilla.xlsx", xlsx_bytes(xlsx_rows))
    assert from_xlsx.replaces_id == from_csv.pk

    def content(declaration: Any) -> list[tuple[Any, ...]]:
        return list(
            declaration.lines.order_by("row_number").values_list(
                "row_number", "person_id", "salary_cents", "days_worked", "novelty"
            )
        )

    assert content(from_csv) == content(from_xlsx)
    assert from_csv.total_salary_cents == from_xlsx.total_salary_cents == 228050


@pytest.mark.django_db
def test_a_file_with_three_errors_lists_all_three_with_their_rows_and_stores_nothing() -> None:
    employer, workers = employer_with_workers(4)
    rows = [
        [workers[0].person.national_id, "800,00", 30, ""],
        [workers[1].person.national_id, "459,99", 30, ""],  # row 3: under the SBU
        [workers[2].person.national_id, "800,00", 31, ""],  # row 4: 31 days
        [workers[3].person.national_id, "800,00", 30, ""],
        ["1104680136", "800,00", 30, ""],  # row 6: bad check digit
    ]
    before = stored_counts()
    with pytest.raises(DeclarationRejected) as caught:
        _file(employer, "planilla.csv", csv_bytes(rows))
    assert stored_counts() == before
    errors = caught.value.errors
    assert [(e.row, e.field) for e in errors] == [(3, "salario"), (4, "dias"), (6, "cedula")]
    assert caught.value.message == "la planilla tiene 3 errores; no se guardó nada."


@pytest.mark.django_db
def test_parse_errors_and_rule_errors_are_listed_together() -> None:
    employer, workers = employer_with_workers(2)
    unknown = ids.cedula_make("11", 7_654_321)
    rows = [
        [workers[0].person.national_id, "abc", 30, ""],
        [unknown, "800", 30, ""],
        [workers[1].person.national_id, "800", 30, "feriado"],
    ]
    with pytest.raises(DeclarationRejected) as caught:
        _file(employer, "planilla.csv", csv_bytes(rows))
    assert [(e.row, e.field) for e in caught.value.errors] == [
        (2, "salario"),
        (3, "cedula"),
        (4, "novedad"),
    ]


@pytest.mark.django_db
def test_a_header_only_file_is_refused() -> None:
    employer, _ = employer_with_workers(1)
    with pytest.raises(DeclarationRejected, match="1 error"):
        _file(employer, "planilla.csv", csv_bytes([]))
