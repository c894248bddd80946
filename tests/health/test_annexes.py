"""Agreements of the annexed dispensaries: signed for an annexed dispensary only, with a valid
RUC, renewed once from the day after the old one ends, one audit event each."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.health import services
from seguro.health.models import AnnexAgreement, UnitKind
from seguro.registry import ids
from tests.health import factories

pytestmark = pytest.mark.django_db

PUBLIC_RUC = ids.tax_id_make(ids.TaxIdKind.PUBLIC_ENTITY, "11", 1)
# The same RUC with its public-entity check digit (the ninth) changed.
BAD_RUC = PUBLIC_RUC[:8] + str((int(PUBLIC_RUC[8]) + 1) % 10) + PUBLIC_RUC[9:]


def _sign(unit, number: str = "ANX-2017-01", **changes):
    fields = {
        "actor": None,
        "unit": unit,
        "institution": "Universidad de prueba",
        "institution_tax_id": PUBLIC_RUC,
        "number": number,
        "valid_from": date(2017, 5, 1),
        "valid_to": date(2022, 4, 30),
        **changes,
    }
    return services.annex_agreement_sign(**fields)


def test_renewal_starts_the_day_after_and_is_done_once() -> None:
    dispensary = factories.unit(kind=UnitKind.ANNEXED_DISPENSARY, canton="1101")
    first = _sign(dispensary)
    renewal = services.annex_agreement_renew(
        actor=None, agreement=first, number="ANX-2022-01", valid_to=date(2027, 4, 30)
    )
    assert (renewal.valid_from, renewal.renews, renewal.institution) == (
        date(2022, 5, 1),
        first,
        "Universidad de prueba",
    )
    with pytest.raises(DomainError, match="ya fue renovado"):
        services.annex_agreement_renew(
            actor=None, agreement=first, number="ANX-2022-02", valid_to=date(2027, 4, 30)
        )
    actions = AuditEvent.objects.filter(target_type="health.annexagreement").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["health_annex_agreement.renew", "health_annex_agreement.sign"]


def test_only_an_annexed_dispensary_signs_one() -> None:
    centre = factories.unit(kind=UnitKind.HEALTH_CENTRE_B)
    with pytest.raises(DomainError, match="no es un dispensario anexo") as refused:
        _sign(centre)
    assert refused.value.field == "dispensario anexo"
    assert not AnnexAgreement.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"institution_tax_id": BAD_RUC}, "RUC"),
        ({"institution_tax_id": "123"}, "RUC"),
        ({"institution": "  "}, "institución"),
        ({"valid_to": date(2017, 4, 30)}, "vigente hasta"),
    ],
)
def test_bad_input_is_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    dispensary = factories.unit(kind=UnitKind.ANNEXED_DISPENSARY)
    with pytest.raises(DomainError) as refused:
        _sign(dispensary, **changes)
    assert field in str(refused.value.field)
    assert not AnnexAgreement.objects.exists()


def test_a_renewal_keeps_its_dispensary() -> None:
    one = factories.unit(kind=UnitKind.ANNEXED_DISPENSARY)
    other = factories.unit(kind=UnitKind.ANNEXED_DISPENSARY)
    first = _sign(one)
    with pytest.raises(DomainError, match="mismo dispensario"):
        _sign(other, number="ANX-2022-09", renews=first)
