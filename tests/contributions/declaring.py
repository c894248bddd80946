"""Employers with workers, and planilla files, for the intake tests (built through the services)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook

from seguro.contributions.models import DeclarationLine, PayrollDeclaration
from seguro.core.models import AuditEvent
from seguro.registry import services
from seguro.registry.models import Affiliation, Employer, Person
from tests import factories

MARCH_2024 = date(2024, 3, 1)  # SBU 2024: USD 460.00
HEADER = ("cedula", "salario", "dias", "novedad")


def hire(
    employer: Employer,
    *,
    person: Person | None = None,
    start: date = date(2024, 1, 2),
    salary: str = "800.00",
    national_id: str | None = None,
) -> Affiliation:
    return services.affiliation_start(
        actor=None,
        person=person or factories.person(national_id=national_id),
        employer=employer,
        regime="private_employee",
        valid_from=start,
        notice_date=start,
        salary=salary,
    )


def employer_with_workers(count: int = 3, **kwargs: Any) -> tuple[Employer, list[Affiliation]]:
    employer = factories.employer(canton=kwargs.pop("canton", factories.LOJA_CANTON))
    return employer, [hire(employer, **kwargs) for _ in range(count)]


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, sep: str = ";", header: Sequence[str] = HEADER
) -> bytes:
    lines = [sep.join(header)] + [sep.join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stored_counts() -> dict[str, int]:
    return {
        "declarations": PayrollDeclaration.objects.count(),
        "lines": DeclarationLine.objects.count(),
        "audit": AuditEvent.objects.filter(action__startswith="declaration.").count(),
    }
