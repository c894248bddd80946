"""Control recommendations: overdue on both sides of the deadline, and closing with evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seguro.core.errors import DomainError
from seguro.institution import selectors, services
from seguro.institution.models import AuditRecommendation

TODAY = date.today()


def _register(unit, deadline: date | None, memo: str = "IESS-DPL-2024-0001-M"):
    return services.audit_recommendation_register(
        actor=None,
        issuer="cge",
        memo_number=memo,
        memo_date=TODAY - timedelta(days=60),
        recommendation="Conciliar mensualmente los saldos de cuentas por cobrar.",
        responsible_unit=unit,
        deadline=deadline,
    )


def test_due_yesterday_is_overdue_and_due_today_is_not(unit):
    place = unit()
    yesterday = _register(place, TODAY - timedelta(days=1), "IESS-DPL-2024-0001-M")
    today = _register(place, TODAY, "IESS-DPL-2024-0002-M")
    no_deadline = _register(place, None, "IESS-DPL-2024-0003-M")
    assert yesterday.overdue(TODAY) is True
    assert today.overdue(TODAY) is False
    assert today.overdue(TODAY + timedelta(days=1)) is True
    assert no_deadline.overdue(TODAY) is False
    overdue = selectors.audit_recommendations_overdue(on=TODAY)
    assert list(overdue) == [yesterday]


def test_an_implemented_recommendation_is_never_overdue(unit):
    item = _register(unit(), TODAY - timedelta(days=10))
    services.audit_recommendation_update_status(
        actor=None,
        recommendation=item,
        status="implemented",
        evidence="Conciliaciones de enero a junio, memorando IESS-DPL-2024-0100-M",
        evidence_date=TODAY - timedelta(days=1),
    )
    item.refresh_from_db()
    assert item.status == "implemented"
    assert item.overdue(TODAY) is False
    assert not selectors.audit_recommendations_overdue(on=TODAY).exists()


def test_closing_needs_evidence_and_a_closed_one_stays_closed(unit):
    item = _register(unit(), TODAY)
    with pytest.raises(DomainError) as refused:
        services.audit_recommendation_update_status(
            actor=None, recommendation=item, status="implemented"
        )
    assert refused.value.field == "evidencia de cumplimiento"
    services.audit_recommendation_update_status(
        actor=None,
        recommendation=item,
        status="not_applicable",
        evidence="La norma que la motivó fue derogada.",
        evidence_date=TODAY,
    )
    with pytest.raises(DomainError):
        services.audit_recommendation_update_status(
            actor=None, recommendation=item, status="in_progress"
        )


def test_the_deadline_cannot_precede_the_memo(unit):
    with pytest.raises(DomainError) as refused:
        _register(unit(), TODAY - timedelta(days=61))
    assert refused.value.field == "plazo"


def test_loja_2022_has_its_six_memos(loja_2022):
    memos = list(
        AuditRecommendation.objects.order_by("memo_date", "memo_number").values_list(
            "memo_number", "memo_date"
        )
    )
    assert memos[0] == ("IESS-DPL-2022-0183-M", date(2022, 1, 20))
    assert len(memos) == 6
    both = AuditRecommendation.objects.get(memo_number="IESS-DPL-2022-3395-M")
    assert both.additional_memo_number == "IESS-CPPPRTFRSDL-2022-2483-M"
    assert both.additional_memo_date == date(2022, 11, 25)
    assert not selectors.audit_recommendations_overdue(on=TODAY).exists()
