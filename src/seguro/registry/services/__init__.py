"""Registry writes. Each service takes the acting user, runs in one transaction, checks the law's
rules and the actor's scope, and records an audit event in that transaction.

Every refusal is a DomainError with a Spanish message naming the field at fault; nothing is
written when one is raised. The services are split by entity; import them from here.
"""

from seguro.registry.services.affiliations import affiliation_end, affiliation_start, salary_change
from seguro.registry.services.dependents import dependent_add
from seguro.registry.services.employers import employer_register, employer_update
from seguro.registry.services.people import person_record_death, person_register, person_update
from seguro.registry.services.rural import (
    rural_family_register,
    rural_member_add,
    rural_organisation_register,
)
from seguro.registry.services.scopes import user_scope_set

__all__ = [
    "affiliation_end",
    "affiliation_start",
    "dependent_add",
    "employer_register",
    "employer_update",
    "person_record_death",
    "person_register",
    "person_update",
    "rural_family_register",
    "rural_member_add",
    "rural_organisation_register",
    "salary_change",
    "user_scope_set",
]
