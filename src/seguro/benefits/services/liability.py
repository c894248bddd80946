"""Employer liability (responsabilidad patronal): the plan a computation records and the debts
an approval creates. Which kinds create it and how much is decided in ``kinds`` (docstring)."""

from __future__ import annotations

from datetime import date
from typing import Any

from seguro.benefits.calculation import Calculation
from seguro.benefits.kinds import spec_of
from seguro.benefits.models import Claim, EmployerLiability, Periodicity
from seguro.registry.models import Employer
from seguro.rules.api import compute
from seguro.rules.explain import Explanation
from seguro.rules.money import cents, from_cents, to_cents
from seguro.rules.params import default_parameters

ART_94 = (
    "LSS Art. 94 (sentencia de la Corte Constitucional 1024-19-JP/21): el IESS concede la "
    "prestación contando los meses que el empleador declaró y no pagó; el empleador responde"
)


def _split(amount: int, weights: dict[int, int]) -> dict[int, int]:
    """Split cents in proportion to the months each employer owes (largest remainder)."""
    total = sum(weights.values())
    shares = {k: amount * w // total for k, w in weights.items()}
    rest = amount - sum(shares.values())
    for key in sorted(weights, key=lambda k: (-(amount * weights[k] % total), k))[:rest]:
        shares[key] += 1
    return shares


def _funeral_amount(claim: Claim, employer_ids: list[int]) -> tuple[int, list[dict[str, Any]]]:
    """C.D. 517 Art. 9: a fraction of the SBU at the date of death; more for a repeat offender."""
    on = claim.event_date
    wage, steps = compute("minimum_wage", on, {})
    pv = default_parameters().get("employer_liability.funeral_grant", on)
    repeat = EmployerLiability.objects.filter(employer_id__in=employer_ids).exists()
    key = "reincident_sbu_multiple" if repeat else "sbu_multiple"
    amount = cents(wage["amount"] * pv.value[key])
    ex = Explanation()
    label = "empleador reincidente" if repeat else "primera vez"
    ex.param(
        f"Responsabilidad patronal por auxilio de funerales ({label}): SBU x", pv, pv.value[key]
    )
    ex.calc(f"{wage['amount']} x {pv.value[key]}", amount)
    return to_cents(amount), steps + ex.as_list()


def liability_plan(
    claim: Claim, paid_only: Calculation, granted: Calculation, owed: list[tuple[date, int]]
) -> list[dict[str, Any]]:
    """What each employer in arrears will owe if the claim is granted (JSON-ready); empty when
    the unpaid months change nothing or the kind creates no liability."""
    spec = spec_of(claim.kind)
    if not owed or not granted.eligible or spec.liability == "none":
        return []
    if paid_only.eligible and paid_only.amount_cents >= granted.amount_cents:
        return []
    months: dict[int, int] = {}
    for _, employer_id in owed:
        months[employer_id] = months.get(employer_id, 0) + 1
    if spec.liability == "funeral":
        total, steps = _funeral_amount(claim, sorted(months))
    else:
        total = granted.amount_cents - (paid_only.amount_cents if paid_only.eligible else 0)
        what = "la pensión mensual" if spec.pension_kind else "la prestación"
        steps = [
            {
                "step": f"{ART_94} por la diferencia de {what}: concedida "
                f"{from_cents(granted.amount_cents)} menos la que dan solo los meses pagados "
                f"{from_cents(paid_only.amount_cents if paid_only.eligible else 0)} "
                "(C.D. 517 Arts. 13-15 la valoran con rendimientos del BIESS no publicados: "
                "valor no confirmado)",
                "value": str(from_cents(total)),
                "confidence": "no confirmado",
            }
        ]
    periodicity = Periodicity.MONTHLY if spec.pension_kind else Periodicity.ONCE
    plan = []
    for employer_id, share in sorted(_split(total, months).items()):
        if share <= 0:
            continue
        periods = sorted(p.isoformat()[:7] for p, e in owed if e == employer_id)
        plan.append(
            {
                "employer_id": employer_id,
                "amount_cents": share,
                "periodicity": periodicity.value,
                "unpaid_periods": periods,
                "explanation": [
                    {"step": ART_94, "value": ", ".join(periods)},
                    *steps,
                    {
                        "step": f"Parte de este empleador ({months[employer_id]} de "
                        f"{sum(months.values())} meses impagos)",
                        "value": str(from_cents(share)),
                    },
                ],
            }
        )
    return plan


def liabilities_create(claim: Claim, on: date) -> list[EmployerLiability]:
    """Create the debts the claim's computation planned (inside the approval's transaction)."""
    created = []
    for item in claim.outputs.get("employer_liability", []):
        employer = Employer.objects.select_related("canton").get(pk=item["employer_id"])
        created.append(
            EmployerLiability.objects.create(
                employer=employer,
                claim=claim,
                province_code=employer.canton.province_id,
                amount_cents=item["amount_cents"],
                periodicity=item["periodicity"],
                unpaid_periods=item["unpaid_periods"],
                explanation=item["explanation"],
                created_on=on,
            )
        )
    return created
