"""Roles are Django groups; this module is their single definition.

Each role lists the model permissions it holds. `roles_sync` runs after every migration and
brings the groups in line, so a new model's permissions reach the roles without a hand edit.
Row scope (which province, employer or person a user sees) lives in the registry's UserScope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Role:
    code: str
    group_name: str  # what the user reads in the admin (Spanish)
    staff: bool  # may enter the admin site
    permissions: tuple[str, ...]  # "app_label.action_model"; "app_label.view_*" means every model


REGISTRY_WRITE = tuple(
    f"registry.{action}_{model}"
    for model in (
        "person",
        "employer",
        "affiliation",
        "salaryrecord",
        "dependent",
        "ruralorganisation",
        "ruralfamily",
        "ruralmember",
        "pensioner",
    )
    for action in ("view", "add", "change")
)

CLERK = Role(
    "clerk",
    "Oficinista de agencia",
    True,
    (*REGISTRY_WRITE, "registry.view_*", "contributions.view_payrolldeclaration"),
)
BENEFITS_OFFICER = Role(
    "benefits_officer",
    "Oficial de prestaciones",
    True,
    (
        "registry.view_*",
        "contributions.view_*",
        "benefits.view_*",
        "benefits.add_*",
        "benefits.change_*",
        "work_risks.view_*",
        "work_risks.add_*",
        "work_risks.change_*",
        "pensions.view_*",
        "pensions.add_*",
        "pensions.change_*",
    ),
)
# The approver reads what the officer computed and decides; the services, not the permission,
# keep the approver from being the person who computed (maker-checker).
APPROVER = Role(
    "approver",
    "Aprobador de prestaciones",
    True,
    (
        "registry.view_*",
        "contributions.view_*",
        "benefits.view_*",
        "work_risks.view_*",
        "pensions.view_*",
    ),
)
COLLECTIONS_WRITE = tuple(
    f"collections.{action}_{model}"
    for model in (
        "payment",
        "bankimport",
        "fine",
        "paymentagreement",
        "credittitle",
        "enforcementcase",
        "inspection",
        "inspectionfinding",
        "collectiontarget",
    )
    for action in ("add", "change")
)
COLLECTIONS_OFFICER = Role(
    "collections_officer",
    "Oficial de cartera y coactiva",
    True,
    ("registry.view_*", "collections.view_*", "contributions.view_*", *COLLECTIONS_WRITE),
)
HEALTH_STAFF = Role(
    "health_staff",
    "Personal de salud",
    True,
    (
        "registry.view_person",
        "registry.view_affiliation",
        "registry.view_dependent",
        "registry.view_pensioner",
        "registry.view_ruralmember",
        "registry.view_ruralfamily",
        "health.view_*",
        "health.add_*",
        "health.change_*",
    ),
)
FINANCE = Role(
    "finance",
    "Finanzas",
    True,
    (
        "registry.view_employer",
        "contributions.view_obligation",
        "ledger.view_*",
        "institution.view_*",
        "institution.add_*",
        "institution.change_*",
        "health.view_*",
        "benefits.view_*",
        "pensions.view_*",
    ),
)
AUDITOR = Role(
    "auditor",
    "Auditor (solo lectura)",
    True,
    (
        "registry.view_*",
        "core.view_*",
        "institution.view_*",
        "collections.view_*",
        "contributions.view_*",
        "ledger.view_*",
        "benefits.view_*",
        "health.view_*",
        "work_risks.view_*",
        "pensions.view_*",
    ),
)
EMPLOYER = Role(
    "employer",
    "Empleador",
    False,
    (
        "registry.view_person",
        "registry.view_affiliation",
        "registry.view_salaryrecord",
        "registry.view_employer",
        "contributions.view_payrolldeclaration",
        "contributions.view_declarationline",
        "contributions.view_obligation",
        "collections.view_payment",
        "collections.view_paymentallocation",
        "collections.view_fine",
        "collections.view_paymentagreement",
        "collections.view_agreementinstalment",
        "work_risks.view_accidentreport",
        "work_risks.add_accidentreport",
        "work_risks.view_occupationaldiseasecase",
        "work_risks.view_employerliability",
    ),
)
AFFILIATE = Role(
    "affiliate",
    "Afiliado",
    False,
    (
        "registry.view_person",
        "registry.view_affiliation",
        "registry.view_salaryrecord",
        "registry.view_dependent",
    ),
)

ROLES: tuple[Role, ...] = (
    CLERK,
    BENEFITS_OFFICER,
    APPROVER,
    COLLECTIONS_OFFICER,
    HEALTH_STAFF,
    FINANCE,
    AUDITOR,
    EMPLOYER,
    AFFILIATE,
)
ROLES_BY_CODE = {role.code: role for role in ROLES}


# Who may see which rows is for superusers alone; a wildcard never grants these.
SUPERUSER_ONLY = frozenset({"registry.userscope"})


def roles_sync(**_: Any) -> None:
    """Create the role groups and set exactly their permissions (post_migrate handler)."""
    from django.contrib.auth.models import Group, Permission

    all_permissions = list(Permission.objects.select_related("content_type"))
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        wanted = []
        for perm in all_permissions:
            app, codename = perm.content_type.app_label, perm.codename
            if f"{app}.{perm.content_type.model}" in SUPERUSER_ONLY:
                continue
            action = codename.split("_", 1)[0]
            for spec in role.permissions:
                spec_app, spec_code = spec.split(".", 1)
                if spec_app != app:
                    continue
                if spec_code == codename or (spec_code.endswith("_*") and spec_code[:-2] == action):
                    wanted.append(perm)
                    break
        group.permissions.set(wanted)


def user_roles(user: Any) -> set[str]:
    """Role codes of a user, from their groups."""
    if not getattr(user, "is_authenticated", False):
        return set()
    names = set(user.groups.values_list("name", flat=True))
    return {role.code for role in ROLES if role.group_name in names}
