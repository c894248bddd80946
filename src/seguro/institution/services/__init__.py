"""Writes of the institution app. Each service takes the acting user (None: the system), runs in
one transaction, checks the actor's row scope (a provincial user writes only rows of units of
their province), and records one audit event in that transaction. Every refusal is a
DomainError with a Spanish message naming the field; nothing is written when one is raised.
"""

from seguro.institution.services.budget import (
    budget_accrue,
    budget_appropriation_change,
    budget_commit,
    budget_line_record,
)
from seguro.institution.services.citizen import (
    citizen_request_answer,
    citizen_request_register,
    citizen_request_take,
)
from seguro.institution.services.control import (
    agreement_register,
    agreement_update,
    audit_recommendation_register,
    audit_recommendation_update_status,
)
from seguro.institution.services.organisation import unit_register, unit_update
from seguro.institution.services.planning import (
    indicator_achievement_record,
    indicator_register,
    indicator_target_set,
    programme_register,
    strategic_objective_register,
    workshop_record,
)
from seguro.institution.services.procurement import (
    procurement_award,
    procurement_process_plan,
    procurement_stage_advance,
)

__all__ = [
    "agreement_register",
    "agreement_update",
    "audit_recommendation_register",
    "audit_recommendation_update_status",
    "budget_accrue",
    "budget_appropriation_change",
    "budget_commit",
    "budget_line_record",
    "citizen_request_answer",
    "citizen_request_register",
    "citizen_request_take",
    "indicator_achievement_record",
    "indicator_register",
    "indicator_target_set",
    "procurement_award",
    "procurement_process_plan",
    "procurement_stage_advance",
    "programme_register",
    "strategic_objective_register",
    "unit_register",
    "unit_update",
    "workshop_record",
]
