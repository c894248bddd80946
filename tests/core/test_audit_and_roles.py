"""The audit trail cannot be changed; roles carry exactly the permissions they declare."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.core.roles import ROLES, roles_sync

pytestmark = pytest.mark.django_db


def _event() -> AuditEvent:
    user = User.objects.create_user("clerk-a", password="x-1234567")
    with transaction.atomic():
        return audit_event_record(actor=user, action="test.write", target=user, summary="prueba")


def test_audit_event_cannot_be_changed_or_deleted() -> None:
    event = _event()
    event.summary = "otra cosa"
    with pytest.raises(PermissionError, match="no se modifican"):
        event.save()
    with pytest.raises(PermissionError, match="no se eliminan"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == "prueba"


def test_audit_event_outside_a_transaction_is_a_programming_error() -> None:
    user = User.objects.create_user("clerk-b", password="x-1234567")
    # pytest-django wraps each test in a transaction; leave it to see the guard.
    connection = transaction.get_connection()
    saved = connection.in_atomic_block
    connection.in_atomic_block = False
    try:
        with pytest.raises(RuntimeError, match="inside the service's transaction"):
            audit_event_record(actor=user, action="x", target=user, summary="x")
    finally:
        connection.in_atomic_block = saved


def test_admin_shows_audit_events_read_only() -> None:
    event = _event()
    admin = User.objects.create_superuser("root", password="x-1234567")
    from django.test import Client

    client = Client()
    client.force_login(admin)
    assert client.get("/admin/core/auditevent/").status_code == 200
    change_url = f"/admin/core/auditevent/{event.pk}/change/"
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="summary"' not in page.content.decode()  # no editable field
    assert client.post(change_url, {"summary": "x"}).status_code == 403
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/core/auditevent/add/").status_code == 403


def test_every_role_is_a_group_with_exactly_its_permissions() -> None:
    roles_sync()
    clerk = Group.objects.get(name="Oficinista de agencia")
    codes = set(clerk.permissions.values_list("codename", flat=True))
    assert {"add_person", "change_affiliation", "view_pensioner"} <= codes
    assert not any(code.startswith("delete_") for code in codes)
    auditor = Group.objects.get(name="Auditor (solo lectura)")
    auditor_codes = set(auditor.permissions.values_list("codename", flat=True))
    assert auditor_codes and all(code.startswith("view_") for code in auditor_codes)
    assert "view_auditevent" in auditor_codes
    assert "view_userscope" not in auditor_codes | codes  # who sees what: superusers only
    affiliate = Group.objects.get(name="Afiliado")
    assert set(affiliate.permissions.values_list("codename", flat=True)) == {
        "view_person",
        "view_affiliation",
        "view_salaryrecord",
        "view_dependent",
    }
    assert Group.objects.filter(name__in=[r.group_name for r in ROLES]).count() == len(ROLES)


def test_domain_error_names_row_and_field() -> None:
    error = DomainError("el salario es menor que el mínimo.", field="salario", row=7)
    assert str(error) == "fila 7, campo «salario»: el salario es menor que el mínimo."
