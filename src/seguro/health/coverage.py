"""Coverage before an attention (selector): which bases apply to a person on a date, and what the
``health_coverage`` rule says for each of them.

Bases, in the order they are tried (the first covered one is the answer):

- *pensioner*: a pension in force;
- *affiliate*: an affiliation in force (not rural head of family: that is the rural basis; not
  home work: the TNRH regime has no IESS health care, the MSP gives it, law-ecuador.md §1.4),
  with the contributions of the last 12 months from the contribution history. Months an
  employer declared and did not pay count for the worker (LSS Art. 94: the employer's fault
  never takes the benefit away) and make that employer liable for the attention's cost;
- *rural*: a member (head, beneficiary, retiree) of a rural family in force, with the head's
  contributions (the head pays for the family);
- *spouse*: a spouse dependent in force, with the holder's contributions (or the holder's
  pension);
- *child*: a child dependent registered before the date, with the child's age (the rule holds
  the age limit) and the holder's contributions;
- *former_affiliate*: no affiliation in force, the last one ended ``months_since_exit`` months
  ago (a month or a fraction of one counts as a month).

A refusal joins the reason of every basis tried. Emergencies are always attended (law §8.3);
the check then says ``attend`` without ``covered``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from seguro.contributions.history import ContributionHistory, contribution_history
from seguro.registry.models import (
    Dependent,
    DependentKind,
    Pensioner,
    Person,
    Regime,
    RuralMember,
)
from seguro.rules.api import compute

NO_HEALTH_REGIMES = frozenset({Regime.HOME_WORK.value})
RURAL_REGIME = Regime.RURAL_HEAD_OF_FAMILY.value
EMERGENCY = "emergency"


@dataclass(frozen=True)
class BasisEvaluation:
    basis: str
    label: str
    covered: bool
    reason: str
    explanation: list[dict[str, Any]]
    employer_in_arrears_id: int | None = None


@dataclass(frozen=True)
class CoverageResult:
    person_id: int
    on: date
    emergency: bool
    covered: bool
    attend: bool
    basis: str
    label: str
    reason: str
    explanation: list[dict[str, Any]]
    employer_in_arrears_id: int | None = None
    evaluations: list[BasisEvaluation] = field(default_factory=list)


def _in_force(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_since(exit_day: date, on: date) -> int:
    """Months from the last day of work to ``on``, a fraction counting as a whole month."""
    months = max(0, (on.year - exit_day.year) * 12 + on.month - exit_day.month)
    if add_months(exit_day, months) < on:
        months += 1
    return months


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _months_with_arrears(history: ContributionHistory, on: date) -> tuple[int, int, int | None]:
    """(paid months in the last 12, unpaid months declared by an employer in the same window,
    the employer of the latest of those: the one whose arrears the check relies on)."""
    start = add_months(on.replace(day=1), -12)
    unpaid = sorted((p, e) for p, e in history.unpaid_periods if e is not None and p >= start)
    paid_months = {p for p, _ in history.salary_history}
    extra = {p for p, _ in unpaid if f"{p:%Y-%m}" not in paid_months}
    employer = unpaid[-1][1] if unpaid else None
    return history.contributions_last_12_months, len(extra), employer


def _evaluate(
    basis: str, label: str, on: date, inputs: dict[str, Any], prefix: str = ""
) -> BasisEvaluation:
    outputs, steps = compute("health_coverage", on, inputs)
    reason = outputs["reason"] or ""
    return BasisEvaluation(
        basis=basis,
        label=label,
        covered=bool(outputs["covered"]),
        reason=f"{prefix}{reason}" if reason else "",
        explanation=[{"step": "Base evaluada", "value": label}, *steps],
    )


def _contributory(
    basis: str,
    label: str,
    status: str,
    on: date,
    payer: Person,
    prefix: str = "",
    extra_inputs: dict[str, Any] | None = None,
) -> BasisEvaluation:
    """A basis that rests on ``payer``'s contributions in the last 12 months."""
    history = contribution_history(payer.pk, on)
    paid, arrears, employer = _months_with_arrears(history, on)
    inputs = {"status": status, "contributions_last_12_months": min(12, paid + arrears)}
    inputs.update(extra_inputs or {})
    evaluation = _evaluate(basis, label, on, inputs, prefix)
    steps = [
        evaluation.explanation[0],
        {
            "step": f"Aportaciones pagadas de {payer.identifier} en los 12 meses anteriores",
            "value": paid,
        },
    ]
    if arrears:
        steps.append(
            {
                "step": (
                    "Meses declarados y no pagados por el empleador en mora: cuentan para el "
                    "afiliado y el costo de la atención se carga al empleador (LSS Art. 94 y 96)"
                ),
                "value": arrears,
            }
        )
    return BasisEvaluation(
        basis=evaluation.basis,
        label=evaluation.label,
        covered=evaluation.covered,
        reason=evaluation.reason,
        explanation=[*steps, *evaluation.explanation[1:]],
        employer_in_arrears_id=employer,
    )


def _pension_in_force(person_id: int, on: date) -> bool:
    return Pensioner.objects.filter(_in_force(on), person_id=person_id).exists()


def _evaluations(person: Person, on: date) -> list[BasisEvaluation]:
    found: list[BasisEvaluation] = []
    if _pension_in_force(person.pk, on):
        found.append(_evaluate("pensioner", "Pensionista del IESS", on, {"status": "pensioner"}))
    affiliations = list(person.affiliations.filter(valid_from__lte=on).order_by("-valid_from"))
    current = [
        a
        for a in affiliations
        if (a.valid_to is None or a.valid_to >= on) and a.regime not in NO_HEALTH_REGIMES
    ]
    general = [a for a in current if a.regime != RURAL_REGIME]
    if general:
        found.append(
            _contributory("affiliate", "Afiliado al Seguro General", "affiliate", on, person)
        )
    membership = (
        RuralMember.objects.filter(_in_force(on), _in_force(on, "family__"), person=person)
        .select_related("family__head")
        .first()
    )
    if membership is not None or any(a.regime == RURAL_REGIME for a in current):
        head = membership.family.head if membership is not None else person
        found.append(
            _contributory(
                "rural",
                "Familia del Seguro Social Campesino",
                "affiliate",
                on,
                head,
                prefix="Jefe de familia campesina: ",
            )
        )
    dependents = Dependent.objects.filter(person=person, valid_from__lte=on).select_related(
        "holder"
    )
    for dependent in dependents:
        holder = dependent.holder
        holder_pensioned = _pension_in_force(holder.pk, on)
        if dependent.kind == DependentKind.SPOUSE:
            if dependent.valid_to is not None and dependent.valid_to < on:
                continue
            if holder_pensioned:
                found.append(
                    _evaluate(
                        "spouse",
                        "Cónyuge de pensionista con extensión",
                        on,
                        {"status": "pensioner"},
                    )
                )
            else:
                found.append(
                    _contributory(
                        "spouse",
                        "Cónyuge o conviviente con extensión de cobertura",
                        "spouse_extension",
                        on,
                        holder,
                        prefix="Titular: ",
                    )
                )
        else:
            age = age_on(person.birth_date, on)
            if holder_pensioned:
                found.append(
                    _evaluate(
                        "child",
                        "Hijo o hija de pensionista",
                        on,
                        {"status": "child", "child_age": age},
                    )
                )
            else:
                found.append(
                    _contributory(
                        "child",
                        "Hijo o hija menor de edad de afiliado",
                        "child",
                        on,
                        holder,
                        prefix="",
                        extra_inputs={"child_age": age},
                    )
                )
    ended = [
        a
        for a in affiliations
        if a.valid_to is not None and a.valid_to < on and a.regime not in NO_HEALTH_REGIMES
    ]
    if not current and ended:
        last_day = max(a.valid_to for a in ended if a.valid_to is not None)
        months = months_since(last_day, on)
        evaluation = _evaluate(
            "former_affiliate",
            "Afiliado cesante en período de protección",
            on,
            {"status": "former_affiliate", "months_since_exit": months},
        )
        step = {"step": f"Último día de trabajo: {last_day:%d/%m/%Y}", "value": months}
        found.append(
            BasisEvaluation(
                basis=evaluation.basis,
                label=evaluation.label,
                covered=evaluation.covered,
                reason=evaluation.reason,
                explanation=[evaluation.explanation[0], step, *evaluation.explanation[1:]],
            )
        )
    return found


def coverage_evaluate(
    *, person: Person, on: date, emergency: bool = False, prefer: str | None = None
) -> CoverageResult:
    """Evaluate every basis that applies; covered by the first that covers, or by ``prefer``
    when that basis covers too (a rural dispensary serves people as rural family members, even
    those who are also pensioners or affiliates)."""
    evaluations = _evaluations(person, on)
    if person.death_date is not None and person.death_date <= on:
        evaluations = []
        no_basis = f"La persona falleció el {person.death_date:%d/%m/%Y}."
    else:
        no_basis = (
            "No consta como afiliado, pensionista, dependiente ni miembro de una familia del "
            "Seguro Social Campesino en esa fecha."
        )
    covering = [e for e in evaluations if e.covered]
    winner = next((e for e in covering if e.basis == prefer), covering[0] if covering else None)
    if winner is not None:
        return CoverageResult(
            person_id=person.pk,
            on=on,
            emergency=emergency,
            covered=True,
            attend=True,
            basis=winner.basis,
            label=winner.label,
            reason="",
            explanation=winner.explanation,
            employer_in_arrears_id=winner.employer_in_arrears_id,
            evaluations=evaluations,
        )
    reason = " ".join(e.reason for e in evaluations if e.reason) or no_basis
    steps = [step for e in evaluations for step in e.explanation]
    if emergency:
        steps.append({"step": "Emergencia: se atiende siempre, con o sin cobertura", "value": True})
    return CoverageResult(
        person_id=person.pk,
        on=on,
        emergency=emergency,
        covered=False,
        attend=emergency,
        basis=EMERGENCY if emergency else "",
        label="Emergencia (atención inmediata)" if emergency else "",
        reason=reason,
        explanation=steps,
        evaluations=evaluations,
    )
