"""Ecuador's political division as loaded by the data migration (INEC DPA)."""

import pytest
from django.db.models import Count

from seguro.registry.models import Canton, Province

pytestmark = pytest.mark.django_db


def test_24_provinces_and_221_cantons() -> None:
    assert Province.objects.count() == 24
    assert Canton.objects.count() == 221


def test_cantons_per_region_as_published() -> None:
    per_region = dict(
        Canton.objects.values_list("province__region").annotate(n=Count("code")).order_by()
    )
    assert per_region == {"sierra": 91, "costa": 86, "oriente": 41, "insular": 3}


def test_loja_has_16_cantons_and_galapagos_is_insular() -> None:
    loja = Province.objects.get(name="Loja")
    assert (loja.code, loja.region, loja.cantons.count()) == ("11", "sierra", 16)
    assert Province.objects.get(code="20").region == "insular"
    assert Canton.objects.get(code="2302").name == "La Concordia"  # not the legacy 0808


def test_canton_codes_start_with_their_province_code() -> None:
    assert all(c.code[:2] == c.province_id for c in Canton.objects.all())
