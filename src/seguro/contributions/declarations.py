"""Payroll declarations (planillas): submission, rectification and generation.

One declaration per employer and month, one line per worker. Every line is validated and every
error is reported at once, with its row and field, in one ``DeclarationRejected``; when there is
any error nothing is written. The rules:

- the period is the first day of a month; a month can be declared from its own first day (the
  current month is accepted, a later one is not) until its close starts
  (``selectors.period_is_open_for_declarations``);
- the cédula is valid (modulo 10) and belongs to a registered person, who has an affiliation with
  this employer in force on at least one day of the month;
- days worked go from 1 to the days of the commercial month (``general.days_per_month``, 30);
- the salary is positive, has at most two decimals and is not under the minimum wage of the
  period (``general.minimum_wage``, the SBU) pro-rated by days: SBU x days / 30, rounded
  half-up to the cent (30 days: the whole SBU);
- a cédula appears once per declaration, and a declaration has at least one line.

A second declaration of the same employer and month is a rectification: the earlier one becomes
``superseded``, the new one takes the next version and points to it with ``replaces``; both stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from seguro.contributions.models import (
    DeclarationLine,
    DeclarationSource,
    DeclarationStatus,
    Novelty,
    PayrollDeclaration,
)
from seguro.contributions.selectors import period_close_status
from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry import ids, scope
from seguro.registry.models import Affiliation, Employer, Person
from seguro.rules import default_parameters

CENT = Decimal("0.01")
MAX_SALARY = Decimal("9999999999.99")  # a storage limit, not the law
QUERY_CHUNK = 900  # ids per IN (...) query: under every engine's parameter limit

# The novelty codes of the file format and the API (Spanish) and the stored values.
NOVELTY_CODES: dict[str, str] = {
    "": Novelty.NONE,
    "entrada": Novelty.ENTRY,
    "salida": Novelty.EXIT,
    "cambio_salario": Novelty.SALARY_CHANGE,
    "licencia": Novelty.LEAVE,
}
NOVELTY_NAMES = {value: code for code, value in NOVELTY_CODES.items()}
FIELD_ORDER = ("archivo", "periodo", "cedula", "salario", "dias", "novedad")


@dataclass(frozen=True)
class LineInput:
    """One line as received. ``row`` is the spreadsheet row (header = 1) or, in the API, the
    position in the list. ``None`` in a value means the parser could not read it (and said so)."""

    row: int
    cedula: str
    salary: Decimal | None
    days: int | None
    novelty: str | None = Novelty.NONE


class DeclarationRejected(DomainError):
    """A declaration with errors: ``errors`` lists every one (row, field, Spanish message)."""

    def __init__(self, errors: Sequence[DomainError]) -> None:
        self.errors = sorted(errors, key=_error_key)
        count = len(self.errors)
        noun = "error" if count == 1 else "errores"
        super().__init__(f"la planilla tiene {count} {noun}; no se guardó nada.")


def _error_key(error: DomainError) -> tuple[int, int]:
    field = error.field or ""
    return (error.row or 0, FIELD_ORDER.index(field) if field in FIELD_ORDER else 99)


# --- the law's numbers -------------------------------------------------------------------


def days_per_month(period: date) -> int:
    return int(default_parameters().value("general.days_per_month", period))


def minimum_wage(period: date) -> Decimal:
    return Decimal(default_parameters().value("general.minimum_wage", period))


def minimum_for_days(period: date, days: int) -> Decimal:
    """The minimum salary for ``days`` worked: SBU x days / 30, rounded half-up to the cent."""
    full = days_per_month(period)
    return (minimum_wage(period) * days / full).quantize(CENT, rounding=ROUND_HALF_UP)


def month_end(period: date) -> date:
    return (period.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


# --- reads ---------------------------------------------------------------------------------


def declarations_visible(user: Any) -> QuerySet[PayrollDeclaration]:
    """Declarations a user may read: all (national staff, the system), those of the user's
    employer, or of the employers of the user's province. An affiliate reads none: a declaration
    shows every worker's salary (their own contributions are in their history)."""
    user_scope = scope.scope_of(user)
    base = PayrollDeclaration.objects.all()
    if user_scope.everything:
        return base
    if user_scope.employer_id:
        return base.filter(employer_id=user_scope.employer_id)
    if user_scope.province_code:
        return base.filter(employer__canton__province_id=user_scope.province_code)
    return base.none()


def period_parse(text: str) -> date:
    """'2024-03' (or '2024-03-01') to the first day of that month; DomainError otherwise."""
    value = (text or "").strip()
    try:
        if len(value) == 7:
            return date.fromisoformat(f"{value}-01")
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            f"el período {value!r} no es un mes válido; escríbalo como AAAA-MM (por ejemplo "
            "2024-03).",
            field="periodo",
        ) from None


# --- validation ----------------------------------------------------------------------------


def _period_errors(period: date) -> list[DomainError]:
    errors = []
    if period.day != 1:
        errors.append(
            DomainError("el período es un mes: use el primer día del mes.", field="periodo")
        )
    month = period.replace(day=1)
    current = timezone.localdate().replace(day=1)
    if month > current:
        errors.append(
            DomainError(
                f"el período {month:%m/%Y} está en el futuro: un mes se declara desde su primer "
                "día.",
                field="periodo",
            )
        )
    status = period_close_status(month)
    if status is not None:
        state = "está en curso" if status == "running" else "ya terminó"
        errors.append(
            DomainError(
                f"el período {month:%m/%Y} está cerrado: su cierre mensual {state} y ya no "
                "recibe planillas ni rectificaciones.",
                field="periodo",
            )
        )
    return errors


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), QUERY_CHUNK):
        yield values[start : start + QUERY_CHUNK]


def _people_by_cedula(cedulas: Sequence[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for part in _chunks(cedulas):
        for person in Person.objects.filter(national_id__in=part):
            found[str(person.national_id)] = person
    return found


def _affiliations_by_person(employer: Employer, person_ids: Sequence[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Affiliation]] = {}
    for part in _chunks(person_ids):
        rows = Affiliation.objects.filter(employer=employer, person_id__in=part)
        for affiliation in rows.order_by("valid_from"):
            found.setdefault(affiliation.person_id, []).append(affiliation)
    return found


def _in_force(affiliations: list[Affiliation], period: date) -> Affiliation | None:
    end = month_end(period)
    current = [
        a
        for a in affiliations
        if a.valid_from <= end and (a.valid_to is None or a.valid_to >= period)
    ]
    return current[-1] if current else None


def _not_affiliated(line: LineInput, employer: Employer, history: list[Any], period: date) -> str:
    message = (
        f"el trabajador con cédula {line.cedula} no está afiliado con el empleador "
        f"{employer.tax_id} en {period:%m/%Y}"
    )
    before = [a for a in history if a.valid_to is not None and a.valid_to < period]
    after = [a for a in history if a.valid_from > month_end(period)]
    if before:
        message += f": su afiliación terminó el {before[-1].valid_to:%d/%m/%Y}"
    elif after:
        message += f": su afiliación empieza el {after[0].valid_from:%d/%m/%Y}"
    else:
        message += "; registre primero el aviso de entrada"
    return message + "."


def _salary_errors(line: LineInput, period: date) -> list[DomainError]:
    salary = line.salary
    if salary is None:
        return []
    field, row = "salario", line.row
    if salary <= 0:
        return [DomainError("el salario debe ser mayor que cero.", field=field, row=row)]
    if salary != salary.quantize(CENT):
        return [
            DomainError(f"el salario {salary} tiene más de dos decimales.", field=field, row=row)
        ]
    if salary > MAX_SALARY:
        return [DomainError(f"el salario {salary} es demasiado alto.", field=field, row=row)]
    days = line.days
    if days is None or not 1 <= days <= days_per_month(period):
        return []
    floor = minimum_for_days(period, days)
    if salary >= floor:
        return []
    full = days_per_month(period)
    sbu = minimum_wage(period)
    if days == full:
        why = f"el salario básico unificado (SBU) de {period:%m/%Y}: USD {sbu}"
    else:
        why = (
            f"el mínimo proporcional a {days} días: SBU x días / {full} = {sbu} x {days} / {full}"
            f" = USD {floor} (redondeado al centavo, la mitad hacia arriba)"
        )
    return [DomainError(f"el salario USD {salary} es menor que {why}.", field=field, row=row)]


def _line_errors(line: LineInput, period: date, parsed: set[tuple[int, str]]) -> list[DomainError]:
    """Checks of one line that need no database."""
    errors: list[DomainError] = []
    row = line.row
    for field, value in (("salario", line.salary), ("dias", line.days), ("novedad", line.novelty)):
        if value is None and (row, field) not in parsed:
            errors.append(DomainError("falta el valor.", field=field, row=row))
    full = days_per_month(period)
    if line.days is not None and not 1 <= line.days <= full:
        errors.append(
            DomainError(
                f"los días trabajados van de 1 a {full}; la fila dice {line.days}.",
                field="dias",
                row=row,
            )
        )
    if line.novelty is not None and line.novelty not in NOVELTY_NAMES:
        errors.append(
            DomainError(
                f"novedad desconocida: {line.novelty!r}; use vacía, entrada, salida, "
                "cambio_salario o licencia.",
                field="novedad",
                row=row,
            )
        )
    return errors + _salary_errors(line, period)


@dataclass
class _Resolved:
    line: LineInput
    person: Person
    affiliation: Affiliation


def _validate(
    employer: Employer,
    period: date,
    lines: Sequence[LineInput],
    parse_errors: Sequence[DomainError],
) -> tuple[list[DomainError], list[_Resolved]]:
    errors = list(parse_errors) + _period_errors(period)
    month = period.replace(day=1)
    if not lines and not parse_errors:
        errors.append(
            DomainError(
                "la planilla no tiene líneas: declare al menos un trabajador.", field="archivo"
            )
        )
    parsed = {(e.row, e.field) for e in parse_errors if e.row is not None and e.field}
    valid_ids: dict[int, str] = {}
    first_row: dict[str, int] = {}
    for line in lines:
        errors.extend(_line_errors(line, month, parsed))
        if (line.row, "cedula") in parsed:
            continue
        try:
            cedula = ids.cedula_validate(line.cedula)
        except ids.InvalidId as exc:
            shown = line.cedula or "(vacía)"
            errors.append(
                DomainError(f"cédula {shown} inválida: {exc}", field="cedula", row=line.row)
            )
            continue
        if cedula in first_row:
            errors.append(
                DomainError(
                    f"la cédula {cedula} está repetida: ya se declaró en la fila "
                    f"{first_row[cedula]}.",
                    field="cedula",
                    row=line.row,
                )
            )
            continue
        first_row[cedula] = line.row
        valid_ids[line.row] = cedula
    people = _people_by_cedula(list(valid_ids.values()))
    history = _affiliations_by_person(employer, [p.pk for p in people.values()])
    resolved = []
    for line in lines:
        valid = valid_ids.get(line.row)
        if valid is None:
            continue
        person = people.get(valid)
        if person is None:
            errors.append(
                DomainError(
                    f"la cédula {valid} no corresponde a ninguna persona registrada en el IESS.",
                    field="cedula",
                    row=line.row,
                )
            )
            continue
        affiliations = history.get(person.pk, [])
        affiliation = _in_force(affiliations, month)
        if affiliation is None:
            message = _not_affiliated(line, employer, affiliations, month)
            errors.append(DomainError(message, field="cedula", row=line.row))
            continue
        resolved.append(_Resolved(line, person, affiliation))
    return errors, resolved


# --- writes --------------------------------------------------------------------------------


@transaction.atomic
def declaration_submit(
    *,
    actor: Any,
    employer: Employer,
    period: date,
    lines: Sequence[LineInput],
    source: str,
    parse_errors: Sequence[DomainError] = (),
    api_token_id: int | None = None,
) -> PayrollDeclaration:
    """Validate every line and store the declaration (a rectification when the month already
    has one). Raises ``DeclarationRejected`` with every error, writing nothing, when any line
    (or ``parse_errors``, the file reader's own errors) fails."""
    scope.scope_require_employer(actor, employer)
    if source not in DeclarationSource.values:
        raise DomainError(f"origen de planilla desconocido: {source!r}.", field="origen")
    errors, resolved = _validate(employer, period, lines, parse_errors)
    if errors:
        raise DeclarationRejected(errors)
    Employer.objects.select_for_update().filter(pk=employer.pk).first()  # one at a time
    previous = (
        PayrollDeclaration.objects.select_for_update()
        .filter(employer=employer, period=period, status=DeclarationStatus.ACTIVE)
        .first()
    )
    version = 1
    if previous is not None:
        last = PayrollDeclaration.objects.filter(employer=employer, period=period).aggregate(
            v=Max("version")
        )["v"]
        version = int(last or 0) + 1
        previous.status = DeclarationStatus.SUPERSEDED
        previous.save(update_fields=["status"])
    total_cents = sum(_cents(r.line.salary) for r in resolved)
    declaration = PayrollDeclaration.objects.create(
        employer=employer,
        period=period,
        version=version,
        replaces=previous,
        status=DeclarationStatus.ACTIVE,
        source=source,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        line_count=len(resolved),
        total_salary_cents=total_cents,
    )
    DeclarationLine.objects.bulk_create(
        [
            DeclarationLine(
                declaration=declaration,
                row_number=r.line.row,
                person=r.person,
                affiliation=r.affiliation,
                salary_cents=_cents(r.line.salary),
                days_worked=int(r.line.days or 0),
                novelty=r.line.novelty or Novelty.NONE,
            )
            for r in resolved
        ],
        batch_size=2000,
    )
    action = "declaration.rectify" if previous is not None else "declaration.submit"
    verb = "Rectificación" if previous is not None else "Planilla"
    audit_event_record(
        actor=actor,
        action=action,
        target=declaration,
        summary=(
            f"{verb} {period:%Y-%m} de {employer.tax_id} (v{version}): {len(resolved)} líneas, "
            f"USD {Decimal(total_cents) / 100:.2f}"
        ),
        data={
            "employer": employer.tax_id,
            "period": period,
            "version": version,
            "source": source,
            "line_count": len(resolved),
            "total_salary_cents": total_cents,
            "replaces": previous.pk if previous is not None else None,
            "api_token": api_token_id,
        },
    )
    return declaration


def _cents(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * 100)


def declaration_generate_from_affiliations(
    *, actor: Any, employer: Employer, period: date
) -> PayrollDeclaration:
    """The declaration the employer's affiliations imply (synthetic data, the demo)."""
    from seguro.contributions import generation  # it builds on this module's rules

    return declaration_submit(
        actor=actor,
        employer=employer,
        period=period,
        lines=generation.lines_from_affiliations(employer, period),
        source=DeclarationSource.SYNTH,
    )


def declarations_generate_bulk(
    *, period: date, employer_ids: Sequence[int] | None = None, progress: bool = True
) -> int:
    """Declarations for every employer with workers in force in the month (or those of
    ``employer_ids``) that has none yet, written set-based; returns the lines written. The same
    lines as ``declaration_generate_from_affiliations``, one audit event for the whole run."""
    from seguro.contributions import generation  # it builds on this module's rules

    errors = _period_errors(period)
    if errors:
        raise DeclarationRejected(errors)
    return generation.bulk_generate(
        period=period,
        end=month_end(period),
        full_month=days_per_month(period),
        minimum_cents=_cents(minimum_wage(period)),
        employer_ids=employer_ids,
        progress=progress,
    )
