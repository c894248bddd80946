"""Ending a pension or a share: death, remarriage, a child reaching the age limit.

Shares are versioned: a share that changes is closed the day before and a new row starts with
the new amount, so every past month keeps the amounts it was paid. When a survivor's share
ends, the remaining survivors' shares are recomputed with the survivors_pension rule.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.pensions.models import (
    Pension,
    PensionBeneficiary,
    PensionEndReason,
    Relationship,
)
from seguro.pensions.services._common import (
    add_years,
    child_age_limit,
    survivors_shares,
)
from seguro.registry.models import Pensioner, PensionKind, Person


def _open_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _close_share(share: PensionBeneficiary, last_day: date, reason: str) -> None:
    if last_day < share.valid_from:
        raise DomainError(
            f"el derecho de {share.person.identifier} empezó el {share.valid_from:%d/%m/%Y}; "
            "no puede terminar antes.",
            field="fecha",
        )
    share.valid_to = last_day
    share.end_reason = reason
    share.save(update_fields=["valid_to", "end_reason"])


def _recompute_survivors(pension: Pension, first_day: date) -> list[dict[str, Any]]:
    """New shares for the survivors still entitled from ``first_day``."""
    remaining = list(
        pension.beneficiaries.select_related("person").filter(_open_on(first_day)).order_by("id")
    )
    if not remaining:
        return []
    shares = survivors_shares(
        pension.base_amount_cents, first_day, [b.relationship for b in remaining]
    )
    changes = []
    for row in remaining:
        new_cents = shares.for_relationship(row.relationship)
        if new_cents == row.share_cents:
            continue
        changes.append(
            {"person": row.person_id, "before_cents": row.share_cents, "after_cents": new_cents}
        )
        if row.valid_from == first_day:  # started today: correct it in place
            row.share_cents = new_cents
            row.explanation = shares.explanation
            row.save(update_fields=["share_cents", "explanation"])
            continue
        old_end = row.valid_to
        row.valid_to = first_day - timedelta(days=1)
        row.end_reason = PensionEndReason.OTHER
        row.save(update_fields=["valid_to", "end_reason"])
        PensionBeneficiary.objects.create(
            pension=pension,
            person=row.person,
            relationship=row.relationship,
            share_cents=new_cents,
            valid_from=first_day,
            valid_to=old_end,
            explanation=shares.explanation,
            pensioner=row.pensioner,
        )
    return changes


@transaction.atomic
def beneficiary_end(
    *, actor: Any, share: PensionBeneficiary, last_day: date, reason: str
) -> Pension:
    """End one person's share on ``last_day`` (the last day paid for); recompute the others."""
    share = (
        PensionBeneficiary.objects.select_for_update()
        .select_related("pension", "person")
        .get(pk=share.pk)
    )
    if reason not in PensionEndReason.values:
        raise DomainError(f"la causa {reason!r} no existe.", field="causa")
    if share.valid_to is not None and share.valid_to <= last_day:
        raise DomainError("ese derecho ya había terminado.", field="beneficiario")
    pension = share.pension
    _close_share(share, last_day, reason)
    if share.pensioner_id is not None:
        Pensioner.objects.filter(pk=share.pensioner_id).update(valid_to=last_day)
    first_day = last_day + timedelta(days=1)
    changes: list[dict[str, Any]] = []
    if pension.kind == PensionKind.SURVIVORS:
        changes = _recompute_survivors(pension, first_day)
    still_paid = pension.beneficiaries.filter(_open_on(first_day)).exists()
    if not still_paid:
        pension.end_date = last_day
        pension.end_reason = (
            reason
            if share.relationship == Relationship.HOLDER
            else PensionEndReason.NO_BENEFICIARIES
        )
        pension.save(update_fields=["end_date", "end_reason"])
    audit_event_record(
        actor=actor,
        action="pension.share_end",
        target=pension,
        summary=f"Fin del derecho de {share.person.identifier} el {last_day:%d/%m/%Y}: "
        f"{share.get_end_reason_display()}",
        data={
            "share": share.pk,
            "last_day": last_day,
            "reason": reason,
            "recomputed": changes,
            "pension_ended": not still_paid,
        },
    )
    return pension


def beneficiary_remarriage(
    *, actor: Any, share: PensionBeneficiary, marriage_date: date
) -> Pension:
    """A widow(er)'s new marriage or union ends the share the day before."""
    if share.relationship != Relationship.SPOUSE:
        raise DomainError(
            "sólo el cónyuge o conviviente pierde el montepío por nuevo matrimonio.",
            field="beneficiario",
        )
    return beneficiary_end(
        actor=actor,
        share=share,
        last_day=marriage_date - timedelta(days=1),
        reason=PensionEndReason.REMARRIAGE,
    )


def person_pensions_end_on_death(*, actor: Any, person: Person) -> list[Pension]:
    """End every share of a person recorded dead (paid up to the day of death)."""
    if person.death_date is None:
        raise DomainError("la persona no consta fallecida en el registro.", field="persona")
    ended = []
    open_shares = PensionBeneficiary.objects.filter(person=person).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=person.death_date)
    )
    for share in open_shares.order_by("id"):
        reason = (
            PensionEndReason.HOLDER_DEATH
            if share.relationship == Relationship.HOLDER
            else PensionEndReason.BENEFICIARY_DEATH
        )
        # A death recorded before the share began (reported late) voids it from its first day.
        last_day = max(person.death_date, share.valid_from)
        ended.append(beneficiary_end(actor=actor, share=share, last_day=last_day, reason=reason))
    return ended


def pension_events_apply(*, actor: Any, on: date) -> dict[str, int]:
    """Apply the endings the registry already shows by ``on``: deaths and children who reached
    the age limit (their share ends the day before the birthday). Safe to run again."""
    counts = {"deaths": 0, "age_limit": 0}
    # Children first, eldest first: each recomputation then starts from the right group.
    years = child_age_limit(on)
    born_by = add_years(on, -years)  # a child born on or before this day is of age on ``on``
    # A recomputation versions the siblings' rows, so look again until nothing is left.
    while True:
        ended_now = 0
        children = (
            PensionBeneficiary.objects.filter(
                relationship=Relationship.CHILD, person__birth_date__lte=born_by
            )
            .exclude(end_reason=PensionEndReason.AGE_LIMIT)
            .select_related("person")
            .order_by("person__birth_date", "id")
        )
        for share in list(children):
            share.refresh_from_db(fields=["valid_to"])
            last_day = add_years(share.person.birth_date, years) - timedelta(days=1)
            if share.valid_to is not None and share.valid_to <= last_day:
                continue  # already ended, or closed into a newer row
            beneficiary_end(
                actor=actor, share=share, last_day=last_day, reason=PensionEndReason.AGE_LIMIT
            )
            ended_now += 1
        counts["age_limit"] += ended_now
        if not ended_now:
            break
    dead = (
        PensionBeneficiary.objects.filter(person__death_date__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=F("person__death_date")))
        .values_list("person_id", flat=True)
        .distinct()
    )
    for person in Person.objects.filter(pk__in=list(dead)).order_by("pk"):
        counts["deaths"] += len(person_pensions_end_on_death(actor=actor, person=person))
    return counts
