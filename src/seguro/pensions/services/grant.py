"""Granting a pension in payment (called by the benefit claim once it is approved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.pensions.models import Pension, PensionBeneficiary, Relationship
from seguro.pensions.services._common import (
    SURVIVOR_RELATIONSHIPS,
    child_limit_date,
    require_alive,
    survivors_shares,
)
from seguro.registry.models import Pensioner, PensionKind, Person, Region


@dataclass(frozen=True)
class BeneficiaryShare:
    """Who receives (part of) a pension: the holder, or a survivor of the deceased."""

    person: Person
    relationship: str  # "holder", "spouse", "child", "parent"


def _check_holder_pension(holder: Person | None, beneficiaries: list[BeneficiaryShare]) -> Person:
    if holder is None:
        raise DomainError("la pensión necesita el titular que la recibe.", field="titular")
    if len(beneficiaries) != 1 or beneficiaries[0].relationship != Relationship.HOLDER:
        raise DomainError(
            "una pensión propia tiene un único beneficiario: el titular.", field="beneficiarios"
        )
    if beneficiaries[0].person.pk != holder.pk:
        raise DomainError("el beneficiario debe ser el titular.", field="beneficiarios")
    return holder


def _check_survivors(
    deceased: Person | None, start: date, beneficiaries: list[BeneficiaryShare]
) -> Person:
    if deceased is None:
        raise DomainError("el montepío necesita el causante fallecido.", field="causante")
    if deceased.death_date is None or deceased.death_date > start:
        raise DomainError(
            "el causante no consta fallecido antes del inicio del montepío.", field="causante"
        )
    if not beneficiaries:
        raise DomainError("el montepío necesita al menos un beneficiario.", field="beneficiarios")
    seen: set[int] = set()
    for share in beneficiaries:
        if share.relationship not in SURVIVOR_RELATIONSHIPS:
            raise DomainError(
                f"el parentesco {share.relationship!r} no da derecho a montepío.",
                field="beneficiarios",
            )
        if share.person.pk == deceased.pk or share.person.pk in seen:
            raise DomainError(
                f"el beneficiario {share.person.identifier} está repetido o es el causante.",
                field="beneficiarios",
            )
        seen.add(share.person.pk)
        require_alive(share.person, start, "beneficiarios")
        if share.relationship == Relationship.CHILD:
            limit = child_limit_date(share.person.birth_date, start)
            if start >= limit:
                raise DomainError(
                    f"el hijo o hija {share.person.identifier} cumplió la edad límite el "
                    f"{limit:%d/%m/%Y}; no tiene derecho a montepío.",
                    field="beneficiarios",
                )
    return deceased


@transaction.atomic
def pension_grant(
    *,
    actor: Any,
    kind: str,
    holder: Person | None,
    deceased: Person | None,
    start: date,
    amount_cents: int,
    region: str,
    beneficiaries: list[BeneficiaryShare],
    explanation: list[dict[str, Any]],
    source: str = "",
    years_of_contributions: int = 0,
    monthly_bonuses: bool = False,
) -> Pension:
    """Put a pension in payment and register its pensioners, in one transaction.

    For survivors, ``amount_cents`` is the deceased's pension and each survivor's share comes
    from the survivors_pension rule; otherwise the holder receives ``amount_cents``.
    """
    if kind not in PensionKind.values:
        raise DomainError(f"el tipo de pensión {kind!r} no existe.", field="tipo")
    if region not in Region.values:
        raise DomainError(f"la región {region!r} no existe.", field="región")
    if not isinstance(amount_cents, int) or amount_cents <= 0:
        raise DomainError("la pensión debe ser mayor que cero.", field="monto")
    if kind == PensionKind.SURVIVORS:
        _check_survivors(deceased, start, beneficiaries)
        shares = survivors_shares(amount_cents, start, [b.relationship for b in beneficiaries])
        amounts = [shares.for_relationship(b.relationship) for b in beneficiaries]
        share_explanation = shares.explanation
    else:
        person = _check_holder_pension(holder, beneficiaries)
        require_alive(person, start, "titular")
        deceased = None
        amounts = [amount_cents]
        share_explanation = explanation
    pension = Pension.objects.create(
        kind=kind,
        holder=holder if kind != PensionKind.SURVIVORS else None,
        deceased=deceased,
        start=start,
        base_amount_cents=amount_cents,
        years_of_contributions=years_of_contributions,
        region=region,
        monthly_bonuses=monthly_bonuses,
        explanation=explanation,
        source=source[:120],
    )
    rows = []
    for share, cents in zip(beneficiaries, amounts, strict=True):
        registered = Pensioner.objects.create(person=share.person, kind=kind, valid_from=start)
        if share.relationship == Relationship.HOLDER:
            pension.pensioner = registered
        rows.append(
            PensionBeneficiary.objects.create(
                pension=pension,
                person=share.person,
                relationship=share.relationship,
                share_cents=cents,
                valid_from=start,
                explanation=share_explanation,
                pensioner=registered,
            )
        )
    if pension.pensioner_id:
        pension.save(update_fields=["pensioner"])
    audit_event_record(
        actor=actor,
        action="pension.grant",
        target=pension,
        summary=f"{pension.get_kind_display()} desde {start:%d/%m/%Y}: "
        + ", ".join(f"{r.person.identifier} {r.share_cents / 100:.2f}" for r in rows),
        data={
            "kind": kind,
            "start": start,
            "amount_cents": amount_cents,
            "region": region,
            "source": source,
            "beneficiaries": [
                {
                    "person": r.person_id,
                    "relationship": r.relationship,
                    "share_cents": r.share_cents,
                }
                for r in rows
            ],
        },
    )
    return pension
