"""Reading case inputs with Spanish error messages that name the input."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from seguro.rules.errors import RuleError

LABELS: dict[str, str] = {
    "regime": "régimen de afiliación",
    "salary": "salario o materia gravada mensual",
    "months_with_employer": "meses con el mismo empleador",
    "reserve_fund_mode": "modalidad del fondo de reserva",
    "spouse_extension": "extensión de salud al cónyuge",
    "birth_date": "fecha de nacimiento",
    "contributions": "número de aportaciones (imposiciones)",
    "best_five_years_average": "promedio de los 5 mejores años de salario",
    "salary_history": "historial de salarios",
    "consecutive_before": "aportaciones consecutivas inmediatamente anteriores",
    "active": "afiliado activo",
    "months_since_exit": "meses desde el cese",
    "kind": "tipo",
    "intellectual_disability": "discapacidad intelectual",
    "deceased_pension": "pensión del causante",
    "spouse": "cónyuge o conviviente con derecho",
    "children": "número de hijos con derecho",
    "parents": "número de padres con derecho",
    "deceased_is_pensioner": "el fallecido era pensionista",
    "contributions_last_12_months": "aportaciones en los últimos 12 meses",
    "pensions_paid_in_year": "pensiones pagadas en el año",
    "region": "región",
    "months_received": "meses de pensión recibidos",
    "pension": "pensión",
    "years_of_contributions": "años de aportaciones",
    "days_unemployed": "días de desempleo",
    "balance": "saldo de la cuenta",
    "cause": "causa del cese",
    "is_retiree": "es jubilado",
    "average_salary": "salario promedio",
    "average_minimum_wage": "promedio de los SBU de los 12 meses anteriores",
    "severance_balance": "saldo de cesantía",
    "principal": "capital adeudado",
    "due_date": "fecha de vencimiento",
    "paid_date": "fecha de pago",
    "debt": "deuda",
    "days": "días",
    "incapacity_percent": "porcentaje de incapacidad",
    "average_salary_previous_year": "salario promedio del año anterior",
    "base": "base de cálculo",
    "salary_last_3_months": "remuneraciones de los últimos 3 meses",
    "consecutive_contributions": "aportaciones consecutivas",
    "status": "condición",
    "child_age": "edad del hijo",
    "family_income": "ingreso de la unidad familiar",
}

_MISSING = object()


def label(name: str) -> str:
    return f"'{name}' ({LABELS.get(name, name)})"


class Inputs:
    """Typed, validated access to a case's ``inputs`` mapping."""

    def __init__(self, raw: Mapping[str, Any]):
        self.raw = raw

    def has(self, name: str) -> bool:
        return self.raw.get(name) is not None

    def _get(self, name: str, default: Any) -> Any:
        value = self.raw.get(name)
        if value is None:
            if default is _MISSING:
                raise RuleError(f"Falta el dato {label(name)}.")
            return default
        return value

    def money(self, name: str, default: Any = _MISSING) -> Decimal:
        value = self._get(name, default)
        if isinstance(value, Decimal):
            amount = value
        elif isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise RuleError(f'El dato {label(name)} debe ser un monto, por ejemplo "1200.00".')
        else:
            try:
                amount = Decimal(str(value).strip())
            except InvalidOperation:
                raise RuleError(
                    f"El dato {label(name)} no es un monto válido: {value!r}."
                ) from None
        if not amount.is_finite() or amount < 0:
            raise RuleError(f"El dato {label(name)} debe ser un monto positivo o cero.")
        if amount != amount.quantize(Decimal("0.01")):
            raise RuleError(f"El dato {label(name)} tiene más de dos decimales: {value!r}.")
        return amount.quantize(Decimal("0.01"))

    def number(self, name: str, default: Any = _MISSING) -> Decimal:
        """A non-negative decimal that is not money (e.g. a percentage)."""
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            raise RuleError(f"El dato {label(name)} debe ser un número.")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise RuleError(f"El dato {label(name)} no es un número válido: {value!r}.") from None
        if not number.is_finite() or number < 0:
            raise RuleError(f"El dato {label(name)} debe ser un número positivo o cero.")
        return number

    def integer(self, name: str, default: Any = _MISSING, *, maximum: int | None = None) -> int:
        value = self._get(name, default)
        if isinstance(value, bool):
            raise RuleError(f"El dato {label(name)} debe ser un número entero.")
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            raise RuleError(f"El dato {label(name)} debe ser un número entero: {value!r}.")
        if value < 0:
            raise RuleError(f"El dato {label(name)} no puede ser negativo.")
        if maximum is not None and value > maximum:
            raise RuleError(f"El dato {label(name)} no puede ser mayor que {maximum}.")
        return value

    def boolean(self, name: str, default: Any = _MISSING) -> bool:
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise RuleError(f"El dato {label(name)} debe ser true o false.")
        return value

    def date(self, name: str, default: Any = _MISSING) -> date:
        value = self._get(name, default)
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise RuleError(
                f"El dato {label(name)} no es una fecha válida (AAAA-MM-DD): {value!r}."
            ) from None

    def text(self, name: str, default: Any = _MISSING) -> str:
        value = self._get(name, default)
        if not isinstance(value, str) or not value.strip():
            raise RuleError(f"El dato {label(name)} debe ser un texto.")
        return value.strip()

    def choice(self, name: str, choices: Sequence[str], default: Any = _MISSING) -> str:
        value = self._get(name, default)
        if value not in choices:
            options = ", ".join(choices)
            raise RuleError(f"El dato {label(name)} no es válido: {value!r}. Opciones: {options}.")
        return str(value)

    def salary_history(self, name: str = "salary_history") -> list[tuple[str, Decimal]]:
        value = self._get(name, _MISSING)
        if not isinstance(value, list) or not value:
            raise RuleError(
                f"El dato {label(name)} debe ser una lista de "
                "{'period': 'AAAA-MM', 'salary': ...}."
            )
        rows: list[tuple[str, Decimal]] = []
        seen: set[str] = set()
        for i, row in enumerate(value):
            if not isinstance(row, Mapping) or "period" not in row or "salary" not in row:
                raise RuleError(
                    f"El elemento {i + 1} de {label(name)} necesita 'period' (AAAA-MM) y 'salary'."
                )
            period = str(row["period"])
            if len(period) != 7 or period[4] != "-" or not (period[:4] + period[5:]).isdigit():
                raise RuleError(f"El período {period!r} de {label(name)} no tiene forma AAAA-MM.")
            if not 1 <= int(period[5:]) <= 12:
                raise RuleError(f"El período {period!r} de {label(name)} tiene un mes inválido.")
            if period in seen:
                raise RuleError(f"El período {period} aparece dos veces en {label(name)}.")
            seen.add(period)
            rows.append((period, Inputs({"salary": row["salary"]}).money("salary")))
        return rows


REGIMES: tuple[str, ...] = (
    "private_employee",
    "public_servant",
    "bank_or_local_government",
    "self_employed",
    "voluntary",
    "voluntary_abroad",
    "home_work",
    "rural_head_of_family",
)

REGIME_LABELS: dict[str, str] = {
    "private_employee": "relación de dependencia (sector privado)",
    "public_servant": "servidor público",
    "bank_or_local_government": "banca, GAD o entidad descentralizada",
    "self_employed": "sin relación de dependencia",
    "voluntary": "afiliado voluntario",
    "voluntary_abroad": "afiliado voluntario en el exterior",
    "home_work": "trabajo no remunerado del hogar",
    "rural_head_of_family": "jefe de familia del Seguro Social Campesino",
}


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on`` (a 29 February birthday counts from 1 March)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
