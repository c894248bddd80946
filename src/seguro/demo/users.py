"""Demo users, one per role, scoped as real users would be (Loja's provincial office)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Count, Q

from seguro.core.audit import audit_event_record
from seguro.core.roles import ROLES
from seguro.registry.models import Affiliation, Employer
from seguro.registry.services import user_scope_set

DEMO_PASSWORD = "seguro-demo-2022"
USERNAMES = {
    "clerk": "oficinista",
    "benefits_officer": "prestaciones",
    "approver": "aprobador",
    "collections_officer": "cartera",
    "health_staff": "salud",
    "finance": "finanzas",
    "auditor": "auditor",
    "employer": "empleador",
    "affiliate": "afiliado",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    scope: str


@transaction.atomic
def demo_users_create(*, province_code: str, on: date) -> list[DemoUser]:
    """Create or refresh the demo users; returns what to print. Idempotent."""
    in_force = Q(affiliations__valid_to__isnull=True) | Q(affiliations__valid_to__gte=on)
    employer = (
        Employer.objects.filter(canton__province_id=province_code)
        .annotate(workers=Count("affiliations", filter=in_force))
        .order_by("-workers", "tax_id")
        .first()
    )
    affiliation = (
        Affiliation.objects.filter(person__canton__province_id=province_code, employer=employer)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("person")
        .order_by("person__national_id")
        .first()
    )
    made: list[DemoUser] = []
    admin, _ = User.objects.get_or_create(username="admin")
    admin.is_staff = admin.is_superuser = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    made.append(DemoUser("admin", "Superusuario", "todo el país"))
    for role in ROLES:
        user, _ = User.objects.get_or_create(username=USERNAMES[role.code])
        user.is_staff = role.staff
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role.group_name)])
        if role.code == "employer" and employer is not None:
            user_scope_set(actor=None, user=user, employer=employer)
            label = f"empleador {employer.name} ({employer.tax_id})"
        elif role.code == "affiliate" and affiliation is not None:
            user_scope_set(actor=None, user=user, person=affiliation.person)
            label = f"afiliado {affiliation.person.national_id}"
        elif role.code == "auditor":
            user_scope_set(actor=None, user=user)  # national, read only by its role
            label = "todo el país, solo lectura"
        else:
            user_scope_set(actor=None, user=user, province_code=province_code)
            label = f"provincia {province_code}"
        made.append(DemoUser(user.username, role.group_name, label))
        audit_event_record(
            actor=None,
            action="demo.user",
            target=user,
            summary=f"Usuario de demostración {user.username}",
            data={"role": role.code},
        )
    return made
