"""Reading a declaration file (planilla) in the one documented format (data/FORMATO-PLANILLA.md).

CSV (UTF-8, separated by ``;`` or ``,``, header in the first row) or XLSX (the first sheet,
header in row 1). Columns ``cedula``, ``salario``, ``dias``, ``novedad``, named without regard to
case or accents (``Cédula`` is ``cedula``); other columns are ignored; rows that are entirely
empty are skipped. ``salario`` takes ``.`` or ``,`` as decimal separator (when both appear, the
last one is the decimal separator and the other separates thousands). ``novedad`` is empty or
one of ``entrada``, ``salida``, ``cambio_salario``, ``licencia``.

Row numbers are the spreadsheet's (the header is row 1). What cannot be read is reported with
row and field, and then checked together with the declaration's rules by
``declaration_submit_file``: the person who uploads sees every error at once.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from seguro.contributions.declarations import (
    NOVELTY_CODES,
    LineInput,
    declaration_submit,
)
from seguro.contributions.models import DeclarationSource, PayrollDeclaration
from seguro.core.errors import DomainError
from seguro.registry.models import Employer

COLUMNS = ("cedula", "salario", "dias", "novedad")
REQUIRED = ("cedula", "salario", "dias")  # an absent ``novedad`` column means no novelties
MAX_BYTES = 20 * 1024 * 1024
DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_CSV = DATA_DIR / "planilla-ejemplo.csv"
SAMPLE_XLSX = DATA_DIR / "planilla-ejemplo.xlsx"
FORMAT_DOC = DATA_DIR / "FORMATO-PLANILLA.md"


@dataclass
class ParsedFile:
    lines: list[LineInput] = field(default_factory=list)
    errors: list[DomainError] = field(default_factory=list)


def normalise_name(text: Any) -> str:
    """'  Cédula ' -> 'cedula', 'Días' -> 'dias', 'Cambio de salario' -> 'cambio_de_salario'."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(plain.replace("-", " ").split())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_cedula(value: Any) -> str:
    """Spreadsheets store a cédula typed as a number without its leading zero: put it back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _text(value).zfill(10)
    return _text(value).replace(" ", "").replace("-", "")


def parse_salary(value: Any) -> Decimal:
    """Dollars with '.' or ',' as decimal separator; ValueError (Spanish) when not a number."""
    if isinstance(value, bool):
        raise ValueError("no es un valor en dólares.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text of the float, as the sheet shows it
    if isinstance(value, Decimal):
        return value
    text = str(value or "").strip().replace("$", "").replace("USD", "").replace(" ", "")
    if not text:
        raise ValueError("falta el salario.")
    comma, dot = text.rfind(","), text.rfind(".")
    if comma >= 0 and dot >= 0:
        thousands = "." if comma > dot else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{_text(value)!r} no es un valor en dólares.") from None
    if not amount.is_finite():
        raise ValueError(f"{_text(value)!r} no es un valor en dólares.")
    return amount


def parse_days(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("no es un número de días.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    if not text:
        raise ValueError("faltan los días trabajados.")
    if not text.lstrip("-").isdigit():
        raise ValueError(f"{text!r} no es un número entero de días.")
    return int(text)


def parse_novelty(value: Any) -> str:
    code = normalise_name(value)
    code = {"vacio": "", "ninguna": "", "cambio_de_salario": "cambio_salario"}.get(code, code)
    if code not in NOVELTY_CODES:
        options = ", ".join(c for c in NOVELTY_CODES if c)
        raise ValueError(f"{_text(value)!r} no es una novedad válida; use vacío o {options}.")
    return NOVELTY_CODES[code]


def _rows_from_table(table: Iterable[tuple[int, list[Any]]]) -> ParsedFile:
    """``table``: (spreadsheet row, cells) with the header first."""
    parsed = ParsedFile()
    rows = iter(table)
    header = next(rows, None)
    if header is None:
        parsed.errors.append(DomainError("el archivo está vacío.", field="archivo", row=1))
        return parsed
    names = [normalise_name(cell) for cell in header[1]]
    missing = [c for c in REQUIRED if c not in names]
    for column in missing:
        parsed.errors.append(
            DomainError(
                f"falta la columna «{column}» en la fila de títulos; las columnas son "
                + ", ".join(COLUMNS)
                + ".",
                field=column,
                row=1,
            )
        )
    if missing:
        return parsed
    where = {c: names.index(c) for c in COLUMNS if c in names}
    for number, cells in rows:
        if all(_text(c) == "" for c in cells):
            continue
        parsed.lines.append(_line(number, cells, where, parsed.errors))
    return parsed


def _cell(cells: list[Any], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def _line(
    number: int, cells: list[Any], where: dict[str, int], errors: list[DomainError]
) -> LineInput:
    values: dict[str, Any] = {}
    readers = {"salario": parse_salary, "dias": parse_days, "novedad": parse_novelty}
    for column, reader in readers.items():
        raw = _cell(cells, where.get(column))
        try:
            values[column] = reader(raw)
        except ValueError as exc:
            values[column] = None
            errors.append(DomainError(str(exc), field=column, row=number))
    return LineInput(
        row=number,
        cedula=parse_cedula(_cell(cells, where["cedula"])),
        salary=values["salario"],
        days=values["dias"],
        novelty=values["novedad"],
    )


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = content.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        book.close()


def is_xlsx(filename: str, content: bytes) -> bool:
    return filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04"


def parse_declaration_file(filename: str, content: bytes) -> ParsedFile:
    """Read a CSV or XLSX planilla: the lines it holds and what could not be read."""
    if len(content) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        return ParsedFile(errors=[DomainError(f"el archivo supera {limit} MB.", field="archivo")])
    if is_xlsx(filename, content):
        try:
            return _rows_from_table(_xlsx_rows(content))
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return ParsedFile(
                errors=[
                    DomainError(
                        "el archivo no es un libro de Excel (XLSX) válido.", field="archivo"
                    )
                ]
            )
    if filename and not filename.lower().endswith((".csv", ".txt")):
        return ParsedFile(
            errors=[
                DomainError(
                    "formato de archivo no admitido: suba un CSV o un XLSX.", field="archivo"
                )
            ]
        )
    try:
        return _rows_from_table(_csv_rows(content))
    except UnicodeDecodeError:
        return ParsedFile(
            errors=[
                DomainError(
                    "el archivo CSV no está en UTF-8; guárdelo como «CSV UTF-8».", field="archivo"
                )
            ]
        )
    except csv.Error as exc:
        return ParsedFile(errors=[DomainError(f"CSV ilegible: {exc}.", field="archivo")])


def declaration_submit_file(
    *,
    actor: Any,
    employer: Employer,
    period: date,
    filename: str,
    content: bytes,
    source: str = DeclarationSource.UPLOAD,
) -> PayrollDeclaration:
    """Read the file and submit it: the reader's errors and the declaration's rules are reported
    together in one ``DeclarationRejected``; nothing is stored when there is any."""
    parsed = parse_declaration_file(filename, content)
    return declaration_submit(
        actor=actor,
        employer=employer,
        period=period,
        lines=parsed.lines,
        source=source,
        parse_errors=parsed.errors,
    )
