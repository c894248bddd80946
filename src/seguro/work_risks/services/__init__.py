"""Work-risks services: every write takes the acting user, runs in one transaction, checks
the row scope and records one audit event."""

from seguro.work_risks.services.accidents import (
    accident_investigation_open,
    accident_qualify,
    accident_report_file,
    affiliation_at,
)
from seguro.work_risks.services.diseases import (
    disease_case_file,
    disease_case_qualify,
    disease_case_to_committee,
    disease_investigation_open,
)
from seguro.work_risks.services.prevention import (
    employer_liability_assess,
    investigation_record,
    job_analysis_record,
    training_record,
)

__all__ = [
    "accident_investigation_open",
    "accident_qualify",
    "accident_report_file",
    "affiliation_at",
    "disease_case_file",
    "disease_case_qualify",
    "disease_case_to_committee",
    "disease_investigation_open",
    "employer_liability_assess",
    "investigation_record",
    "job_analysis_record",
    "training_record",
]
