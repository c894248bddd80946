"""Computing a claim: its rule's inputs come from the contribution history and the registry (and
the claim's own data: days, incapacity percentage, cause); the amount and explanation come from
``seguro.rules``. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from seguro.benefits.funds import credit_months, fund_balance_cents
from seguro.benefits.history import average_of_months_before, months_before
from seguro.benefits.kinds import spec_of
from seguro.benefits.models import Claim, ClaimKind, FundKind, SurvivorRelationship
from seguro.contributions.history import ContributionHistory
from seguro.core.errors import DomainError
from seguro.pensions.models import Pension
from seguro.registry.models import Affiliation, Pensioner, Person
from seguro.rules.api import compute
from seguro.rules.errors import RuleError
from seguro.rules.explain import Explanation, show
from seguro.rules.money import from_cents, to_cents
from seguro.rules.params import default_parameters

ZERO = Decimal("0.00")


@dataclass
class Calculation:
    rule: str
    eligible: bool
    reason: str
    amount_cents: int
    outputs: dict[str, Any]
    explanation: list[dict[str, Any]] = field(default_factory=list)


def _last_affiliation(person: Person, on: date) -> Affiliation | None:
    return (
        Affiliation.objects.filter(person=person, valid_from__lte=on)
        .order_by("-valid_from", "-id")
        .first()
    )


def _is_active(person: Person, on: date) -> bool:
    return Affiliation.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), person=person, valid_from__lte=on
    ).exists()


def _is_pensioner(person: Person, on: date) -> bool:
    return Pensioner.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), person=person, valid_from__lte=on
    ).exists()


def _regime(person: Person, on: date) -> str:
    affiliation = _last_affiliation(person, on)
    if affiliation is None:
        raise DomainError(
            f"la persona {person.identifier} no tiene afiliaciones registradas hasta el "
            f"{on:%d/%m/%Y}.",
            field="solicitante",
        )
    return affiliation.regime


def _days_since_exit(person: Person, on: date) -> int:
    """Days from the last day of work (aviso de salida) to ``on``; 0 while still working."""
    if _is_active(person, on):
        return 0
    affiliation = _last_affiliation(person, on)
    if affiliation is None or affiliation.valid_to is None:
        return 0
    return (on - affiliation.valid_to).days


def _months_since_exit(person: Person, on: date) -> int:
    affiliation = _last_affiliation(person, on)
    if affiliation is None or affiliation.valid_to is None or _is_active(person, on):
        return 0
    end = affiliation.valid_to
    return (on.year - end.year) * 12 + on.month - end.month


def rule_run(
    rule: str, on: date, inputs: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run a rule. A salary history too short for the pension base (fewer than five complete
    years) makes the pension rules fail; the requirements may still say the person does not
    qualify, and then that is the answer (otherwise the base is really missing: the error)."""
    try:
        return compute(rule, on, inputs)
    except RuleError:
        if "salary_history" not in inputs:
            raise
        short = {k: v for k, v in inputs.items() if k != "salary_history"}
        try:
            outputs, explanation = compute(rule, on, {**short, "best_five_years_average": "0.00"})
        except RuleError:
            outputs = {"eligible": True}
        if outputs.get("eligible", True):
            raise
        return outputs, explanation


def _run(
    rule: str, on: date, inputs: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        return rule_run(rule, on, inputs)
    except RuleError as exc:
        raise DomainError(f"no se puede calcular: {exc}", field="cálculo") from exc


def _result(
    claim: Claim, outputs: dict[str, Any], explanation: list[dict[str, Any]], amount: Decimal
) -> Calculation:
    spec = spec_of(claim.kind)
    eligible = bool(outputs.get("eligible", True))
    reason = str(outputs.get("reason") or "")
    if eligible and amount <= 0:
        eligible, reason = False, "El monto calculado es cero: no hay nada que pagar."
    return Calculation(
        rule=spec.rule,
        eligible=eligible,
        reason=reason,
        amount_cents=to_cents(amount) if eligible else 0,
        outputs=show(outputs),
        explanation=explanation,
    )


def claim_calculate(claim: Claim, history: ContributionHistory) -> Calculation:
    """Run the claim's rule on the history given (the real one, or the one counting the months
    of employers in arrears)."""
    kind = ClaimKind(claim.kind)
    on = claim.event_date
    insured = claim.insured
    if kind == ClaimKind.SURVIVORS:
        return _survivors(claim, history)
    if kind == ClaimKind.RESERVE_FUND:
        return _reserve_fund_withdrawal(claim, history)
    base = history.rule_inputs()
    if kind == ClaimKind.OLD_AGE:
        inputs = {**base, "birth_date": insured.birth_date.isoformat()}
    elif kind == ClaimKind.DISABILITY:
        inputs = {
            **base,
            "active": _is_active(insured, on),
            "months_since_exit": _months_since_exit(insured, on),
        }
    elif kind == ClaimKind.RURAL:
        inputs = {
            "birth_date": insured.birth_date.isoformat(),
            "contributions": history.contributions,
        }
    elif kind == ClaimKind.FUNERAL:
        inputs = {
            "deceased_is_pensioner": _is_pensioner(insured, on),
            "contributions_last_12_months": history.contributions_last_12_months,
        }
        outputs, explanation = _run("funeral_grant", on, inputs)
        amount = outputs["maximum"]
        if claim.expenses_cents is not None and outputs["eligible"]:
            expenses = from_cents(claim.expenses_cents)
            if expenses < amount:
                amount = expenses
            explanation.append(
                {"step": "Reembolso: gastos facturados hasta el máximo", "value": str(amount)}
            )
        return _result(claim, outputs, explanation, amount)
    elif kind == ClaimKind.SEVERANCE:
        inputs = {
            "regime": _regime(insured, on),
            "contributions": history.contributions,
            "days_unemployed": _days_since_exit(insured, claim.filed_on),
            "balance": str(from_cents(fund_balance_cents(insured.pk, FundKind.SEVERANCE))),
        }
    elif kind == ClaimKind.UNEMPLOYMENT:
        inputs = {
            "regime": _regime(insured, on),
            "contributions": history.dependency_contributions,
            "consecutive_before": history.consecutive_before,
            "days_unemployed": (claim.filed_on - on).days,
            "cause": claim.cause or "dismissal",
            "is_retiree": _is_pensioner(insured, on),
            "average_salary": str(average_of_months_before(history, 12)),
            "severance_balance": str(
                from_cents(fund_balance_cents(insured.pk, FundKind.SEVERANCE))
            ),
        }
        outputs, explanation = _run("unemployment_benefit", on, inputs)
        total = sum(outputs["payments"], ZERO)
        explanation.append({"step": "Total de los pagos mensuales", "value": str(total)})
        outputs["total"] = total
        return _result(claim, outputs, explanation, total)
    elif kind == ClaimKind.WORK_RISK_TEMPORARY:
        inputs = {"average_salary": str(average_of_months_before(history, 12)), "days": claim.days}
    elif kind == ClaimKind.WORK_RISK_PARTIAL:
        inputs = {
            "incapacity_percent": str(claim.incapacity_percent),
            "average_salary_previous_year": str(average_of_months_before(history, 12)),
        }
    elif kind in (ClaimKind.WORK_RISK_TOTAL, ClaimKind.WORK_RISK_ABSOLUTE):
        last_year = average_of_months_before(history, 12)
        best = history.best_five_years_average or ZERO
        inputs = {
            "kind": "total" if kind == ClaimKind.WORK_RISK_TOTAL else "absolute",
            "base": str(max(last_year, best)),
            "years_of_contributions": history.years_of_contributions,
        }
        outputs, explanation = _run("work_risk_pension", on, inputs)
        explanation.insert(
            0,
            {
                "step": "Base: la mayor entre el promedio de los 12 meses anteriores "
                f"({last_year}) y el de los 5 mejores años ({best}) (C.D. 513 Art. 34)",
                "value": inputs["base"],
            },
        )
        return _result(claim, outputs, explanation, outputs["amount"])
    elif kind == ClaimKind.SICKNESS:
        inputs = {
            "salary_last_3_months": str(sum(months_before(history, 3), ZERO)),
            "days": claim.days,
            "consecutive_contributions": history.consecutive_before,
        }
    elif kind == ClaimKind.MATERNITY:
        last = months_before(history, 1)
        inputs = {
            "salary": str(last[-1] if last else ZERO),
            "consecutive_contributions": history.consecutive_before,
        }
    else:  # pragma: no cover - every kind is handled above
        raise DomainError(f"tipo de solicitud desconocido: {claim.kind}", field="prestación")
    outputs, explanation = _run(spec_of(kind).rule, on, inputs)
    return _result(claim, outputs, explanation, outputs[spec_of(kind).amount_output])


def _deceased_pension(claim: Claim, history: ContributionHistory) -> tuple[Decimal, list[Any], str]:
    """The pension the deceased received, or the invalidity pension their history gives at
    the date of death (an active affiliate with the required contributions generates montepío)."""
    deceased = claim.insured
    pension = (
        Pension.objects.filter(holder=deceased, start__lte=claim.event_date)
        .exclude(kind="survivors")
        .order_by("-start")
        .first()
    )
    if pension is not None:
        amount = from_cents(pension.base_amount_cents)
        return amount, [{"step": "Pensión que recibía el causante", "value": str(amount)}], ""
    inputs = {
        **history.rule_inputs(),
        "active": _is_active(deceased, claim.event_date),
        "months_since_exit": _months_since_exit(deceased, claim.event_date),
    }
    outputs, explanation = _run("disability_pension", claim.event_date, inputs)
    explanation.insert(
        0,
        {
            "step": "Pensión que habría generado el causante (invalidez a la fecha del "
            "fallecimiento, C.D. 100 Art. 24)",
            "value": str(outputs["amount"]),
        },
    )
    reason = ""
    if not outputs["eligible"]:
        reason = f"El causante no generó derecho a montepío. {outputs['reason']}"
    return outputs["amount"], explanation, reason


def _survivors(claim: Claim, history: ContributionHistory) -> Calculation:
    amount, steps, reason = _deceased_pension(claim, history)
    relations = list(claim.beneficiaries.values_list("relationship", flat=True))
    if reason:
        refused: dict[str, Any] = {"eligible": False, "reason": reason, "deceased_pension": amount}
        return _result(claim, refused, steps, ZERO)
    inputs = {
        "deceased_pension": str(amount),
        "spouse": SurvivorRelationship.SPOUSE in relations,
        "children": relations.count(SurvivorRelationship.CHILD),
        "parents": min(2, relations.count(SurvivorRelationship.PARENT)),
    }
    outputs, explanation = _run("survivors_pension", claim.event_date, inputs)
    outputs["deceased_pension"] = amount
    return _result(claim, outputs, steps + explanation, outputs["total"])


def _reserve_fund_withdrawal(claim: Claim, history: ContributionHistory) -> Calculation:
    """Retiro de fondos de reserva acumulados: 36 monthly reserve-fund credits (C.D. 316); the
    amount is the account's balance. (No rule of the engine covers it; the threshold is the
    dated parameter ``third_party_funds.reserve_fund.withdrawal_minimum_contributions``.)"""
    person = claim.insured
    on = claim.filed_on
    ex = Explanation()
    minimum = default_parameters().get(
        "third_party_funds.reserve_fund.withdrawal_minimum_contributions", on
    )
    months = credit_months(person.pk, FundKind.RESERVE_FUND, on)
    ex.param(f"Aportaciones de fondos de reserva acreditadas: {months}; mínimo", minimum)
    balance = from_cents(fund_balance_cents(person.pk, FundKind.RESERVE_FUND))
    reason = None
    if months < minimum.value:
        reason = f"Tiene {months} aportaciones de fondos de reserva; se requieren {minimum.value}."
    eligible = reason is None
    amount = balance if eligible else ZERO
    ex.calc("Monto a retirar (saldo de la cuenta de fondos de reserva)", amount)
    outputs = {"eligible": eligible, "reason": reason, "amount": amount, "credited_months": months}
    return _result(claim, outputs, ex.as_list(), amount)
