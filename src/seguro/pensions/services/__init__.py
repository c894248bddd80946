"""Pension writes. Each service runs in one transaction and records one audit event; refusals
are DomainErrors in Spanish naming the field at fault."""

from seguro.pensions.services.deductions import (
    pension_deduction_add,
    pension_monthly_bonuses_set,
)
from seguro.pensions.services.endings import (
    beneficiary_end,
    beneficiary_remarriage,
    pension_events_apply,
    person_pensions_end_on_death,
)
from seguro.pensions.services.grant import BeneficiaryShare, pension_grant
from seguro.pensions.services.revaluation import pensions_revalue

__all__ = [
    "BeneficiaryShare",
    "beneficiary_end",
    "beneficiary_remarriage",
    "pension_deduction_add",
    "pension_events_apply",
    "pension_grant",
    "pension_monthly_bonuses_set",
    "pensions_revalue",
    "person_pensions_end_on_death",
]
