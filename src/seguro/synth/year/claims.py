"""What every synthetic claim shares: the two users who work them (maker-checker), the people
who may claim, and a claim walked through the benefits services from filing to payment."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count

from seguro.benefits.kinds import spec_of
from seguro.benefits.models import Claim
from seguro.benefits.services import (
    claim_approve,
    claim_compute,
    claim_deny,
    claim_documents_check,
    claim_file,
    claim_pay,
)
from seguro.contributions.models import ContributionRecord
from seguro.core.roles import ROLES_BY_CODE
from seguro.pensions.models import Pension
from seguro.registry.models import DEPENDENCY_REGIMES, Affiliation, Person, UserScope
from seguro.synth.year.histories import Worker

DEPENDENCY = [r.value for r in DEPENDENCY_REGIMES]
USERS = {
    "benefits_officer": "synth-prestaciones-analista",
    "approver": "synth-prestaciones-aprobador",
}


@dataclass(frozen=True)
class Staff:
    officer: Any
    approver: Any


def province_user(prefix: str, role: str, province_code: str) -> Any:
    """A synthetic staff user of the province with the role's group, created once."""
    user, created = get_user_model().objects.get_or_create(
        username=f"{prefix}-{province_code}", defaults={"is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=ROLES_BY_CODE[role].group_name))
        UserScope.objects.create(user=user, province_id=province_code)
    return user


def staff_get(province_code: str) -> Staff:
    """The province's benefits officer and approver (two people), created once."""
    users = {role: province_user(name, role, province_code) for role, name in USERS.items()}
    return Staff(officer=users["benefits_officer"], approver=users["approver"])


class People:
    """People of the province drawn with the seed, each used by one claim at most."""

    def __init__(
        self, province_code: str, seed: int, first_closed: date, closed_months: int
    ) -> None:
        self.province_code = province_code
        self.first_closed = first_closed
        self.closed_months = closed_months
        self.rng = np.random.default_rng(seed)
        self.used: set[int] = set()

    def _draw(self, rows: list[Any], count: int, key: Any) -> list[Any]:
        order = self.rng.permutation(len(rows))
        chosen = []
        for index in order:
            row = rows[int(index)]
            person_id = key(row)
            if person_id in self.used:
                continue
            self.used.add(person_id)
            chosen.append(row)
            if len(chosen) == count:
                break
        return chosen

    def workers(
        self,
        count: int,
        *,
        active: bool,
        regimes: Sequence[str] = DEPENDENCY,
        exits: tuple[date, date] | None = None,
        reserve_fund_mode: str | None = None,
    ) -> list[Worker]:
        """Affiliates in force (``active``) or whose last affiliation ended within ``exits``
        and who work nowhere since, in the regimes given, with an employer."""
        rows = Affiliation.objects.filter(
            person__canton__province_id=self.province_code,
            person__death_date__isnull=True,
            employer__isnull=False,
            regime__in=regimes,
        )
        if reserve_fund_mode:
            rows = rows.filter(reserve_fund_mode=reserve_fund_mode)
        if active:
            # In force since before the closed months and declared in every one of them: the
            # services then find the consecutive months the benefits require.
            closed = ContributionRecord.objects.filter(period__gte=self.first_closed)
            declared = (
                closed.values("person_id")
                .annotate(n=Count("period", distinct=True))
                .filter(n__gte=self.closed_months)
                .values("person_id")
            )
            rows = rows.filter(
                valid_to__isnull=True, valid_from__lt=self.first_closed, person_id__in=declared
            )
        else:
            assert exits is not None
            rows = rows.filter(valid_to__gte=exits[0], valid_to__lte=exits[1]).exclude(
                person__affiliations__valid_to__isnull=True
            )
        values = list(
            rows.order_by("id").values_list(
                "person_id", "person__canton_id", "employer_id", "id", "regime", "valid_to"
            )
        )
        chosen = self._draw(values, count, key=lambda r: r[0])
        return [Worker(p, c, e, a, r) for p, c, e, a, r, _ in chosen]

    def exit_dates(self, workers: Iterable[Worker]) -> dict[int, date]:
        ids = [w.affiliation_id for w in workers]
        rows = Affiliation.objects.filter(id__in=ids, valid_to__isnull=False)
        return {p: end for p, end in rows.values_list("person_id", "valid_to") if end is not None}

    def pensioners(self, count: int, *, kinds: Sequence[str], since_before: date) -> list[Person]:
        """Living pensioners of the province whose pension of ``kinds`` is in payment since
        before ``since_before`` and who work nowhere: their death ends a pension, not an
        affiliation, so the year-end count of affiliates keeps its calibration."""
        working = Affiliation.objects.filter(valid_to__isnull=True).values("person_id")
        ids = list(
            Pension.objects.filter(
                kind__in=kinds,
                holder__canton__province_id=self.province_code,
                holder__death_date__isnull=True,
                start__lt=since_before,
                end_date__isnull=True,
            )
            .exclude(holder_id__in=working)
            .order_by("holder_id")
            .values_list("holder_id", flat=True)
            .distinct()
        )
        chosen = self._draw(ids, count, key=lambda r: r)
        found = Person.objects.in_bulk(chosen)
        return [found[i] for i in chosen]

    def adults(self, count: int, born_before: date) -> list[Person]:
        """Living people of the province (spouses who claim a montepío)."""
        ids = list(
            Person.objects.filter(
                canton__province_id=self.province_code,
                death_date__isnull=True,
                birth_date__lte=born_before,
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        chosen = self._draw(ids, count, key=lambda r: r)
        found = Person.objects.in_bulk(chosen)
        return [found[i] for i in chosen]


def claim_walk(
    staff: Staff,
    *,
    kind: str,
    applicant: Person,
    filed_on: date,
    decided_on: date | Callable[[Claim], date],
    paid_on: Sequence[date] | Callable[[Claim], Sequence[date]] = (),
    **details: Any,
) -> Claim | None:
    """File, check the documents, compute (officer), approve (approver) and pay a claim through
    the benefits services. A claim the rule refuses is denied and None is returned. The
    decision and payment dates may depend on the computed claim (calibration by timing)."""
    claim = claim_file(
        actor=staff.officer, kind=kind, applicant=applicant, filed_on=filed_on, **details
    )
    codes = [code for code, _label in spec_of(kind).documents]
    claim = claim_documents_check(actor=staff.officer, claim=claim, codes=codes)
    claim = claim_compute(actor=staff.officer, claim=claim)
    if not claim.eligible:
        claim_deny(actor=staff.approver, claim=claim, reason=claim.reason or "No cumple.")
        return None
    on = decided_on(claim) if callable(decided_on) else decided_on
    claim = claim_approve(actor=staff.approver, claim=claim, on=on)
    for day in paid_on(claim) if callable(paid_on) else paid_on:
        claim_pay(actor=staff.officer, claim=claim, on=day)
    return claim
