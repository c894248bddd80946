"""The law work risks applies, read from dated parameters (never written here as numbers).

- the term of the accident / occupational-disease notice (C.D. 517 Art. 14 c): ten working days
  from the working day after the event (``work_risks.accident_report_term``);
- the working days: Monday to Friday except the national holidays on the day they are rested
  (``work_risks.national_holidays``, one list per year; a year without a list falls back to the
  Código del Trabajo Art. 65 dates without transfers, and the explanation says so);
- the fixed part of the employer liability (C.D. 517 Art. 15), in SBU from the ``minimum_wage``
  rule (``work_risks.employer_liability``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from seguro.core.errors import DomainError
from seguro.rules import RuleError, compute, default_parameters
from seguro.rules.explain import Explanation

TERM = "work_risks.accident_report_term"
HOLIDAYS = "work_risks.national_holidays"
LIABILITY = "work_risks.employer_liability"
CENT = Decimal("0.01")


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm): carnival and Good Friday move with it."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def statutory_holidays(year: int) -> list[date]:
    """Código del Trabajo Art. 65 dates, untransferred: the fallback for a year with no list."""
    easter = _easter(year)
    return sorted(
        [
            date(year, 1, 1),
            easter - timedelta(days=48),  # carnival Monday
            easter - timedelta(days=47),  # carnival Tuesday
            easter - timedelta(days=2),  # Good Friday
            date(year, 5, 1),
            date(year, 5, 24),
            date(year, 8, 10),
            date(year, 10, 9),
            date(year, 11, 2),
            date(year, 11, 3),
            date(year, 12, 25),
        ]
    )


@dataclass
class HolidayCalendar:
    """National holidays by year, noting which years come from the fallback."""

    by_year: dict[int, frozenset[date]] = field(default_factory=dict)
    fallback_years: set[int] = field(default_factory=set)
    explanation: Explanation = field(default_factory=Explanation)

    def load(self, year: int) -> frozenset[date]:
        if year in self.by_year:
            return self.by_year[year]
        params = default_parameters()
        try:
            pv = params.get(HOLIDAYS, date(year, 1, 1))
        except RuleError:
            pv = None
        if pv is not None and int(pv.value["year"]) == year:
            days = [date.fromisoformat(d) for d in [*pv.value["holidays"], *pv.value["decreed"]]]
            self.explanation.param(
                f"Feriados nacionales de {year} (días de descanso)",
                pv,
                [d.isoformat() for d in sorted(days)],
            )
        else:
            days = statutory_holidays(year)
            self.fallback_years.add(year)
            self.explanation.calc(
                f"Feriados de {year}: no constan en el calendario cargado; se usan las fechas del "
                "Código del Trabajo Art. 65 sin traslados (resultado por confirmar)",
                [d.isoformat() for d in days],
            )
        self.by_year[year] = frozenset(days)
        return self.by_year[year]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.load(day.year)


@lru_cache(maxsize=32)
def _term(on: date) -> tuple[int, bool]:
    value = default_parameters().value(TERM, on)
    return int(value["days"]), bool(value["working_days"])


@dataclass(frozen=True)
class Deadline:
    event_date: date
    due_date: date
    reported_on: date
    late: bool
    days_used: int  # working (or calendar) days from the event to the report
    explanation: list[dict[str, Any]]


def report_deadline(*, event_date: date, reported_on: date) -> Deadline:
    """The last day to report an event of ``event_date`` and whether ``reported_on`` is late.

    Day 1 is the first working day after the event; the report is on time up to and including
    the last day of the term.
    """
    params = default_parameters()
    pv = params.get(TERM, event_date)
    days, working = _term(event_date)
    calendar = HolidayCalendar()
    ex = calendar.explanation
    kind = "hábiles" if working else "calendario"
    ex.param(f"Término para presentar el aviso: {days} días {kind}", pv, days)

    def counts(day: date) -> bool:
        return calendar.is_working_day(day) if working else True

    due, counted = event_date, 0
    while counted < days:
        due += timedelta(days=1)
        if counts(due):
            counted += 1
    used, day = 0, event_date
    while day < reported_on:
        day += timedelta(days=1)
        if counts(day):
            used += 1
    late = reported_on > due
    ex.calc(
        f"Fecha del siniestro o del diagnóstico inicial: {event_date:%d/%m/%Y}", str(event_date)
    )
    ex.calc(f"Último día del término (día {days} {kind} siguiente)", due.isoformat())
    ex.calc(
        f"Aviso presentado el {reported_on:%d/%m/%Y}: {used} días {kind} después",
        "tardío" if late else "a tiempo",
    )
    return Deadline(event_date, due, reported_on, late, used, ex.as_list())


def liability_surcharge(*, on: date, reason: str) -> tuple[int, list[dict[str, Any]]]:
    """Fixed part of the employer liability in cents (SBU x multiple) with its explanation."""
    params = default_parameters()
    pv = params.get(LIABILITY, on)
    key = {"late_report": "late_report_sbu_multiple", "unaffiliated": "unaffiliated_sbu_multiple"}
    try:
        multiple = Decimal(pv.value[key[reason]])
    except KeyError:
        raise DomainError(f"causa de responsabilidad patronal desconocida: {reason}.") from None
    try:
        outputs, steps = compute("minimum_wage", on, {})
    except RuleError as exc:
        raise DomainError(str(exc), field="fecha") from None
    sbu = Decimal(outputs["amount"])
    ex = Explanation(list(steps))
    ex.param("Responsabilidad patronal: múltiplo del SBU", pv, multiple)
    amount = (sbu * multiple).quantize(CENT)
    ex.calc(f"{sbu} × {multiple} = {amount}", amount)
    return int(amount * 100), ex.as_list()
