"""The institute itself: its units, budget, purchasing, audit follow-up, plans, programmes and
citizen requests.

Every row hangs from an organisational unit, and a unit from a province (none for national units):
that is how rows are scoped (institution.scope). Money is Decimal to the cent; the budget's order
(accrued <= committed <= appropriated) is a database constraint. Writes go through services.
"""

from seguro.institution.models.control import (
    OPEN_RECOMMENDATION,
    AgreementKind,
    AuditRecommendation,
    Channel,
    CitizenRequest,
    InterinstitutionalAgreement,
    Issuer,
    RecommendationStatus,
    RequestKind,
    RequestStatus,
)
from seguro.institution.models.finance import (
    AWARDED_STAGES,
    BudgetLine,
    ProcurementCategory,
    ProcurementProcess,
    ProcurementStage,
    ProcurementStageChange,
    ProcurementType,
)
from seguro.institution.models.organisation import CENT, OrganisationalUnit, UnitKind, rate
from seguro.institution.models.planning import (
    Indicator,
    IndicatorTarget,
    PolicyKind,
    Programme,
    StrategicObjective,
    Workshop,
)

__all__ = [
    "AWARDED_STAGES",
    "CENT",
    "OPEN_RECOMMENDATION",
    "AgreementKind",
    "AuditRecommendation",
    "BudgetLine",
    "Channel",
    "CitizenRequest",
    "Indicator",
    "IndicatorTarget",
    "InterinstitutionalAgreement",
    "Issuer",
    "OrganisationalUnit",
    "PolicyKind",
    "ProcurementCategory",
    "ProcurementProcess",
    "ProcurementStage",
    "ProcurementStageChange",
    "ProcurementType",
    "Programme",
    "RecommendationStatus",
    "RequestKind",
    "RequestStatus",
    "StrategicObjective",
    "UnitKind",
    "Workshop",
    "rate",
]
