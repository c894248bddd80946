"""The person who computed a claim never decides it; documents come before the computation."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from seguro.benefits import services
from seguro.benefits.models import Claim, ClaimState
from seguro.core.errors import DomainError
from seguro.core.roles import APPROVER
from tests import factories
from tests.benefits import helpers

pytestmark = pytest.mark.django_db


def _sickness(officer):
    person = helpers.affiliate(start=date(2023, 8, 1), months=6, salary="900.00")
    return helpers.computed(
        officer,
        kind="sickness",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=10,
    )


def test_the_user_who_computed_cannot_approve_even_holding_the_approver_role(officer) -> None:
    officer.groups.add(Group.objects.get(name=APPROVER.group_name))
    claim = _sickness(officer)
    with pytest.raises(DomainError, match="otra persona"):
        services.claim_approve(actor=officer, claim=claim, on=date(2024, 3, 1))
    with pytest.raises(DomainError, match="otra persona"):
        services.claim_deny(actor=officer, claim=claim, reason="prueba")
    claim.refresh_from_db()
    assert claim.state == ClaimState.COMPUTED and claim.decided_by is None


def test_a_second_officer_without_the_approver_role_cannot_decide(officer) -> None:
    claim = _sickness(officer)
    other = factories.user("benefits_officer", province="11")
    with pytest.raises(DomainError, match="rol de aprobador"):
        services.claim_approve(actor=other, claim=claim, on=date(2024, 3, 1))


def test_an_approver_of_another_province_cannot_decide_even_outside_the_pages(officer) -> None:
    claim = _sickness(officer)  # a Loja affiliate's claim
    quito = factories.user("approver", province="17")
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.claim_approve(actor=quito, claim=claim, on=date(2024, 3, 1))
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.claim_deny(actor=quito, claim=claim, reason="prueba")
    claim.refresh_from_db()
    assert claim.state == ClaimState.COMPUTED and claim.decided_by is None
    loja = factories.user("approver", province="11")
    assert services.claim_approve(actor=loja, claim=claim, on=date(2024, 3, 1)).decided_by == loja


def test_the_system_cannot_decide(officer) -> None:
    claim = _sickness(officer)
    with pytest.raises(DomainError, match="aprobador identificado"):
        services.claim_approve(actor=None, claim=claim, on=date(2024, 3, 1))


def test_the_database_refuses_a_decision_by_the_maker(officer) -> None:
    claim = _sickness(officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(decided_by=officer)


def test_a_claim_is_not_computed_before_its_documents_are_checked(officer, approver) -> None:
    person = helpers.affiliate(start=date(2023, 8, 1), months=6, salary="900.00")
    claim = services.claim_file(
        actor=officer,
        kind="sickness",
        applicant=person,
        filed_on=date(2024, 2, 20),
        event_date=date(2024, 2, 16),
        days=10,
    )
    claim = services.claim_documents_check(actor=officer, claim=claim, codes=["identity"])
    assert claim.state == ClaimState.FILED
    with pytest.raises(DomainError, match="Certificado médico"):
        services.claim_compute(actor=officer, claim=claim)
    claim = services.claim_documents_check(
        actor=officer, claim=claim, codes=["bank_account", "medical_certificate"]
    )
    assert claim.state == ClaimState.CHECKED
    claim = services.claim_compute(actor=officer, claim=claim)
    # 6 x 900 paid, last 3 months 2 700.00 / 90 = 30.00 a day; days 4-10: 7 x 22.50 = 157.50.
    assert claim.amount_cents == 15750
    with pytest.raises(DomainError, match="solo se paga una solicitud aprobada"):
        services.claim_pay(actor=officer, claim=claim, on=date(2024, 3, 1))


def test_an_officer_of_another_province_cannot_file(officer) -> None:
    person = helpers.affiliate(start=date(2023, 8, 1), months=6, salary="900.00")
    quito = factories.user("benefits_officer", province="17")
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        services.claim_file(
            actor=quito,
            kind="sickness",
            applicant=person,
            filed_on=date(2024, 2, 20),
            event_date=date(2024, 2, 16),
            days=10,
        )
