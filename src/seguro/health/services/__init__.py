"""Health writes. Each service takes the acting user, runs in one transaction and records one
audit event; refusals are DomainErrors in Spanish. Import them from here."""

from seguro.health.services.annexes import annex_agreement_renew, annex_agreement_sign
from seguro.health.services.billing import (
    LineInput,
    invoice_approve,
    invoice_pay,
    invoice_register,
    invoice_review,
)
from seguro.health.services.care import attention_record, coverage_check, referral_create
from seguro.health.services.network import (
    ServiceTariff,
    agreement_renew,
    agreement_sign,
    ambulance_register,
    ambulance_state_set,
    professional_register,
    provider_register,
    transplant_register,
    transplant_state_set,
    unit_register,
    unit_staff_assign,
)

__all__ = [
    "LineInput",
    "ServiceTariff",
    "agreement_renew",
    "agreement_sign",
    "ambulance_register",
    "ambulance_state_set",
    "annex_agreement_renew",
    "annex_agreement_sign",
    "attention_record",
    "coverage_check",
    "invoice_approve",
    "invoice_pay",
    "invoice_register",
    "invoice_review",
    "professional_register",
    "provider_register",
    "referral_create",
    "transplant_register",
    "transplant_state_set",
    "unit_register",
    "unit_staff_assign",
]
