"""The home page leads to every area of the system, the public report included."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

AREAS = ("/prestaciones/", "/pensiones/", "/salud/", "/riesgos/", "/rendicion-de-cuentas/")


def test_the_home_page_links_every_area() -> None:
    page = Client().get("/")
    assert page.status_code == 200
    html = page.content.decode()
    for href in AREAS:
        assert f'href="{href}"' in html, href
