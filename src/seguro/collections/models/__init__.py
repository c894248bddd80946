"""Collections: payments and their allocation, fines, payment agreements, coactive enforcement,
employer control and collection targets.

Money is integer cents (BigIntegerField). What is owed lives in contributions.Obligation (the
principal) and in Fine; interest is never stored as a balance: it is computed by the
arrears_interest rule at the date asked and recorded only when a payment settles it
(PaymentAllocation) or when an agreement or a credit title freezes it. Writes go through the
services (payments.py, arrears.py, agreements.py, enforcement.py, control.py).
"""

from seguro.collections.models._base import Sequence
from seguro.collections.models.agreements import (
    AgreementInstalment,
    AgreementItem,
    AgreementStatus,
    PaymentAgreement,
)
from seguro.collections.models.allocation import PaymentAllocation
from seguro.collections.models.control import (
    CollectionTarget,
    FindingKind,
    Inspection,
    InspectionFinding,
    TargetKind,
)
from seguro.collections.models.enforcement import (
    CaseState,
    CreditTitle,
    EnforcementCase,
    EnforcementStateChange,
    TitleReason,
)
from seguro.collections.models.payments import (
    COMPONENT_RANK,
    BankImport,
    Component,
    Fine,
    FineKind,
    Payment,
    PaymentSource,
)

__all__ = [
    "COMPONENT_RANK",
    "AgreementInstalment",
    "AgreementItem",
    "AgreementStatus",
    "BankImport",
    "CaseState",
    "CollectionTarget",
    "Component",
    "CreditTitle",
    "EnforcementCase",
    "EnforcementStateChange",
    "FindingKind",
    "Fine",
    "FineKind",
    "Inspection",
    "InspectionFinding",
    "Payment",
    "PaymentAgreement",
    "PaymentAllocation",
    "PaymentSource",
    "Sequence",
    "TargetKind",
    "TitleReason",
]
