"""Severance fund withdrawal (cesantía) and unemployment insurance (seguro de desempleo)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from seguro.rules.common import MONTHS_PER_YEAR, minimum_wage
from seguro.rules.explain import Explanation
from seguro.rules.inputs import REGIME_LABELS, REGIMES, Inputs
from seguro.rules.money import cents, rate4
from seguro.rules.params import ParameterSet

Outputs = dict[str, Any]
ZERO = Decimal("0.00")


def severance_withdrawal(
    params: ParameterSet, on: date, inp: Inputs
) -> tuple[Outputs, Explanation]:
    """Retiro de cesantía: 24 contributions and 60 days out of work (dependency regimes)."""
    ex = Explanation()
    regime = inp.choice("regime", REGIMES)
    contributions = inp.integer("contributions")
    days = inp.integer("days_unemployed")
    balance = inp.money("balance")
    regimes = params.get("third_party_funds.severance.regimes", on)
    min_contrib = params.get("third_party_funds.severance.minimum_contributions", on)
    min_days = params.get("third_party_funds.severance.minimum_days_unemployed", on)
    ex.param("Regímenes con cuenta de cesantía", regimes)
    ex.param(f"Aportaciones: {contributions}; mínimo", min_contrib)
    ex.param(f"Días cesante: {days}; mínimo", min_days)
    reason = None
    if regime not in regimes.value:
        reason = f"El régimen {REGIME_LABELS[regime]} no tiene fondo de cesantía."
    elif contributions < min_contrib.value:
        reason = f"Tiene {contributions} aportaciones; se requieren {min_contrib.value}."
    elif days < min_days.value:
        reason = f"Lleva {days} días cesante; se requieren {min_days.value}."
    eligible = reason is None
    amount = balance if eligible else ZERO
    ex.calc("Monto a retirar (saldo de la cuenta individual)", amount)
    return {"eligible": eligible, "reason": reason, "amount": amount}, ex


def _average_minimum_wage(params: ParameterSet, on: date, ex: Explanation) -> tuple[Decimal, int]:
    """Sum of the 12 monthly SBUs before the month of ``on`` (returned as sum, count)."""
    total = Decimal(0)
    year, month = on.year, on.month
    for _ in range(MONTHS_PER_YEAR):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        total += minimum_wage(params, date(year, month, 1)).value
    ex.calc("Promedio de los SBU de los 12 meses anteriores (PSBU)", cents(total / MONTHS_PER_YEAR))
    return total, MONTHS_PER_YEAR


def unemployment_benefit(
    params: ParameterSet, on: date, inp: Inputs
) -> tuple[Outputs, Explanation]:
    """Seguro de desempleo: five monthly payments, a fixed part of 70 % SBU (scaled down when the
    average salary is below the average SBU) topped up from the severance account to 70, 65,
    60, 55 and 50 % of the average salary (Ley de Trabajo Juvenil Art. 6; C.D. 515, 518, 609)."""
    ex = Explanation()
    regime = inp.choice("regime", REGIMES)
    contributions = inp.integer("contributions")
    consecutive = inp.integer("consecutive_before")
    days = inp.integer("days_unemployed")
    cause = inp.text("cause")
    retiree = inp.boolean("is_retiree", False)
    pmg = inp.money("average_salary")
    balance = inp.money("severance_balance", "0")

    regimes = params.get("unemployment.regimes", on)
    causes = params.get("unemployment.qualifying_causes", on)
    min_contrib = params.get("unemployment.minimum_contributions", on)
    min_consec = params.get("unemployment.minimum_consecutive", on)
    min_days = params.get("unemployment.minimum_days_unemployed", on)
    window = params.get("unemployment.application_window_days", on)
    for step, pv in [
        ("Regímenes con seguro de desempleo", regimes),
        ("Causas de cese con derecho", causes),
        ("Aportaciones mínimas", min_contrib),
        ("Aportaciones continuas inmediatamente anteriores", min_consec),
        ("Días mínimos de desempleo", min_days),
        ("Plazo para solicitar (días)", window),
    ]:
        ex.param(step, pv)
    reason = None
    if regime not in regimes.value:
        reason = f"El régimen {REGIME_LABELS[regime]} no tiene seguro de desempleo."
    elif retiree:
        reason = "Los jubilados no tienen seguro de desempleo."
    elif cause not in causes.value:
        reason = f"La causa del cese ({cause}) no es un cese involuntario con derecho."
    elif contributions < min_contrib.value:
        reason = f"Tiene {contributions} aportaciones; se requieren {min_contrib.value}."
    elif consecutive < min_consec.value:
        reason = (
            f"Tiene {consecutive} aportaciones continuas antes del cese; se requieren "
            f"{min_consec.value}."
        )
    elif days < min_days.value:
        reason = f"Lleva {days} días de desempleo; se requieren {min_days.value}."
    elif days > min_days.value + window.value:
        reason = (
            f"Lleva {days} días de desempleo: venció el plazo de {window.value} días "
            "para solicitar."
        )
    if reason is not None:
        return {"eligible": False, "reason": reason, "fixed_part": ZERO, "payments": []}, ex

    sbu = minimum_wage(params, on)
    ex.param("SBU vigente a la fecha del cese", sbu)
    if inp.has("average_minimum_wage"):
        psbu_sum, count = inp.money("average_minimum_wage"), 1
        ex.calc("Promedio de los SBU de los 12 meses anteriores (dato del caso)", psbu_sum)
    else:
        psbu_sum, count = _average_minimum_wage(params, on, ex)
    fixed_rate = params.get("unemployment.fixed_part_rate", on)
    ex.calc("Promedio de la materia gravada de los 12 meses anteriores (PMG)", pmg)
    if pmg * count >= psbu_sum:
        fixed = cents(sbu.value * fixed_rate.value)
        ex.param(f"Parte fija = {rate4(fixed_rate.value)} x SBU", fixed_rate, fixed)
    else:
        fixed = cents(fixed_rate.value * pmg * sbu.value * count / psbu_sum)
        ex.param(
            f"PMG menor que PSBU: parte fija = {rate4(fixed_rate.value)} x PMG / PSBU x SBU",
            fixed_rate,
            fixed,
        )
    rates = params.get("unemployment.payment_rates", on)
    order = params.get("unemployment.balance_order", on)
    ex.param("Porcentajes del PMG de los 5 pagos", rates, [rate4(r) for r in rates.value])
    ex.param("Orden de consumo del saldo de cesantía", order)
    ex.calc("Saldo de cesantía disponible", balance)
    payments: list[Decimal] = []
    for i, rate in enumerate(rates.value, start=1):
        target = cents(pmg * rate)
        top_up = min(max(target - fixed, ZERO), balance)
        balance -= top_up
        payments.append(fixed + top_up)
        ex.calc(
            f"Pago {i}: objetivo {pmg} x {rate4(rate)} = {target}; parte fija {fixed} + "
            f"cesantía {top_up}",
            fixed + top_up,
        )
    return {"eligible": True, "reason": None, "fixed_part": fixed, "payments": payments}, ex
