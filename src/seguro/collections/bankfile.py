"""The bank file format (data/FORMATO-BANCO.md): parsing and row validation, no database.

    fecha;referencia_banco;ruc_o_cedula;valor
    2023-08-20;BP-2023-000101;1190000000001;1042.87

Rows are numbered as lines of the file (the header is line 1). Every defect of every row is
collected; the import service refuses the whole file when there is any.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from seguro.collections._common import money_cents
from seguro.core.errors import DomainError
from seguro.registry import ids

COLUMNS = ("fecha", "referencia_banco", "ruc_o_cedula", "valor")
MAX_BYTES = 5 * 1024 * 1024
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BankFileError(DomainError):
    """A file with defects: ``errors`` lists every one (each with its row)."""

    def __init__(self, errors: list[DomainError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.row or 0, e.field or ""))
        super().__init__(
            f"el archivo tiene {len(self.errors)} error(es); no se registró ningún pago.",
            field="archivo",
        )


@dataclass(frozen=True)
class BankRow:
    row: int
    paid_on: date
    reference: str
    debtor_id: str  # a 13-digit RUC or a 10-digit cédula, validated
    is_tax_id: bool
    amount_cents: int


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise BankFileError(
            [DomainError("el archivo supera los 5 MB; divídalo en varios.", field="archivo")]
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BankFileError(
            [DomainError("el archivo no está en UTF-8.", field="archivo", row=1)]
        ) from None


def _row(number: int, cells: list[str], errors: list[DomainError]) -> BankRow | None:
    if len(cells) != len(COLUMNS):
        errors.append(
            DomainError(
                f"tiene {len(cells)} columnas y deben ser {len(COLUMNS)} separadas por ';'.",
                row=number,
            )
        )
        return None
    raw_date, reference, debtor_id, raw_amount = (c.strip() for c in cells)
    found = len(errors)
    paid_on = None
    if not _DATE.match(raw_date):
        errors.append(DomainError(f"{raw_date!r} no es AAAA-MM-DD.", field="fecha", row=number))
    else:
        try:
            paid_on = date.fromisoformat(raw_date)
        except ValueError:
            errors.append(
                DomainError(f"{raw_date!r} no es una fecha válida.", field="fecha", row=number)
            )
    if paid_on is not None and paid_on > date.today():
        errors.append(
            DomainError(
                f"la fecha {paid_on:%d/%m/%Y} está en el futuro.", field="fecha", row=number
            )
        )
    if not _REFERENCE.match(reference):
        errors.append(
            DomainError(
                "la referencia es obligatoria: hasta 40 letras, dígitos, '.', '_', '/' o '-'.",
                field="referencia_banco",
                row=number,
            )
        )
    is_tax_id = len(debtor_id) == 13
    try:
        if is_tax_id:
            debtor_id, _kind = ids.tax_id_validate(debtor_id)
        else:
            debtor_id = ids.cedula_validate(debtor_id)
    except ids.InvalidId as exc:
        errors.append(
            DomainError(f"RUC o cédula inválido: {exc}", field="ruc_o_cedula", row=number)
        )
    amount = 0
    try:
        amount = money_cents(raw_amount, "valor")
    except DomainError as exc:
        errors.append(DomainError(exc.message, field="valor", row=number))
    if len(errors) > found or paid_on is None:
        return None
    return BankRow(number, paid_on, reference, debtor_id, is_tax_id, amount)


def bank_file_parse(content: bytes) -> tuple[list[BankRow], list[DomainError]]:
    """The well-formed rows and the defects of the others (the caller refuses the file if there
    is any defect, after checking the well-formed rows against the database too)."""
    text = _decode(content)
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = [c.strip().lower() for c in lines[0]] if lines else []
    if tuple(header) != COLUMNS:
        message = f"la cabecera debe ser {';'.join(COLUMNS)}."
        return [], [DomainError(message, field="cabecera", row=1)]
    errors: list[DomainError] = []
    rows: list[BankRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines are ignored
        parsed = _row(number, cells, errors)
        if parsed is None:
            continue
        if parsed.reference in seen:
            errors.append(
                DomainError(
                    f"la referencia {parsed.reference} se repite (fila {seen[parsed.reference]}).",
                    field="referencia_banco",
                    row=number,
                )
            )
            continue
        seen[parsed.reference] = number
        rows.append(parsed)
    if not rows and not errors:
        errors.append(DomainError("el archivo no tiene pagos.", field="archivo", row=2))
    return rows, errors


def bank_file_render(rows: pl.DataFrame) -> bytes:
    """The file a bank sends for ``rows`` (paid_on, reference, debtor_id, amount_cents), in
    their order: what ``bank_file_parse`` reads and what an import's SHA-256 is taken over."""
    cents = pl.col("amount_cents")
    lines = rows.select(
        pl.concat_str(
            [
                pl.col("paid_on").dt.strftime("%Y-%m-%d"),
                pl.col("reference"),
                pl.col("debtor_id"),
                (cents // 100).cast(pl.Utf8) + "." + (cents % 100).cast(pl.Utf8).str.zfill(2),
            ],
            separator=";",
        )
    ).to_series()
    return ("\n".join([";".join(COLUMNS), *lines.to_list()]) + "\n").encode()
