"""`seguro demo` prepares the Loja province and prints a user for every role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from seguro.collections.models import Payment
from seguro.core.models import JobRun
from seguro.core.roles import ROLES
from seguro.demo.users import DEMO_PASSWORD
from seguro.health.models import Attention
from seguro.registry.models import Person, UserScope

pytestmark = pytest.mark.django_db


def test_demo_loads_loja_and_prints_a_user_per_role() -> None:
    out = StringIO()
    call_command("demo", "--no-serve", "--scale", "0.01", stdout=out)
    printed = out.getvalue()
    assert Person.objects.filter(canton__province_id="11").exists()
    # The year's operations: closed months, payments and attentions of 2022.
    assert JobRun.objects.filter(job="close-month", period__year=2022, status="done").count() == 12
    assert Payment.objects.filter(paid_on__year=2022).exists()
    assert Attention.objects.filter(attended_on__year=2022).exists()
    report = Client().get("/rendicion-de-cuentas/?anio=2022&provincia=11")
    assert report.status_code == 200 and "Dirección Provincial de Loja" in report.content.decode()
    for role in ROLES:
        assert role.group_name in printed
    assert DEMO_PASSWORD in printed
    clerk = Client()
    assert clerk.login(username="oficinista", password=DEMO_PASSWORD)
    assert clerk.get("/admin/registry/person/").status_code == 200
    assert UserScope.objects.get(user__username="oficinista").province_id == "11"
    affiliate = Client()
    assert affiliate.login(username="afiliado", password=DEMO_PASSWORD)
    page = affiliate.get("/registro/mi-ficha/?fecha=2022-12-31")
    assert page.status_code == 200 and "Mi ficha de afiliado" in page.content.decode()
    # A second run keeps the data and refreshes the users.
    again = StringIO()
    people = Person.objects.count()
    call_command("demo", "--no-serve", stdout=again)
    assert "se conservan" in again.getvalue()
    assert "ya estaban generadas" in again.getvalue()
    assert Person.objects.count() == people
