"""Health: the network of units, external providers and their agreements, coverage checks,
attentions, referrals, provider invoices, employer liability, transplants and ambulances.

Money is integer cents (``*_cents``); writes go through the services in this app.
"""

from seguro.health.models.billing import InvoiceLine, InvoiceState, ProviderInvoice
from seguro.health.models.care import (
    Ambulance,
    AmbulanceState,
    AmbulanceType,
    Attention,
    AttentionKind,
    CoverageCheck,
    EmployerHealthLiability,
    LiabilityState,
    Referral,
    Transplant,
    TransplantState,
)
from seguro.health.models.network import (
    AgreementService,
    AnnexAgreement,
    CareLevel,
    ExternalProvider,
    HealthUnit,
    Professional,
    ProviderAgreement,
    ProviderKind,
    UnitKind,
    UnitStaff,
)

__all__ = [
    "AgreementService",
    "Ambulance",
    "AmbulanceState",
    "AmbulanceType",
    "AnnexAgreement",
    "Attention",
    "AttentionKind",
    "CareLevel",
    "CoverageCheck",
    "EmployerHealthLiability",
    "ExternalProvider",
    "HealthUnit",
    "InvoiceLine",
    "InvoiceState",
    "LiabilityState",
    "Professional",
    "ProviderAgreement",
    "ProviderInvoice",
    "ProviderKind",
    "Referral",
    "Transplant",
    "TransplantState",
    "UnitKind",
    "UnitStaff",
]
