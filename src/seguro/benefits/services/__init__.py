"""Benefit writes. Each service takes the acting user, runs in one transaction and records one
audit event; refusals are DomainErrors in Spanish naming the field at fault."""

from seguro.benefits.services.claims import (
    claim_approve,
    claim_compute,
    claim_deny,
    claim_documents_check,
    claim_file,
)
from seguro.benefits.services.funds import fund_credits_post, fund_interest_post
from seguro.benefits.services.payment import claim_pay

__all__ = [
    "claim_approve",
    "claim_compute",
    "claim_deny",
    "claim_documents_check",
    "claim_file",
    "claim_pay",
    "fund_credits_post",
    "fund_interest_post",
]
