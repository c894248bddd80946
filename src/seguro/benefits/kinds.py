"""What each kind of claim needs: the rule that computes it, the documents to check, how it is
paid (ledger fund and entry kind, or a pension in the payroll) and how an employer in arrears
answers for it.

Employer liability (responsabilidad patronal), decided per kind from law-ecuador.md §6.2:

- LSS Art. 94 as read by the Corte Constitucional (sentencia 1024-19-JP/21): when a benefit
  cannot be granted or is reduced by the employer's fault, the employer is liable, and the
  institute must grant the benefit at once when the legal requirements are met, even if the
  liability has not been collected. So the months an employer declared and did not pay count for
  the affiliate (the claim is computed with them) and the employer owes what they made the
  institute pay:
  * ``"funeral"`` — funeral grant: paid despite the arrears (LSS Art. 96); the employer owes
    50 % of the SBU at the date of death, 100 % when it is a repeat offender (C.D. 517 Art. 9;
    parameter ``employer_liability.funeral_grant``).
  * ``"difference"`` — pensions, subsidies, indemnities and unemployment: the difference between
    the benefit granted and the one the paid months alone give (the whole benefit when those
    months alone do not qualify). C.D. 517 Arts. 13-15 value these with BIESS returns and
    actuarial reserves that are not sourced (law-ecuador.md §6.2, §12.9), so the liability is
    the benefit's cost to the institute, monthly for pensions; the explanation says so.
  * ``"none"`` — severance and reserve-fund withdrawals pay out the affiliate's own account:
    the unpaid months count for the requirements but the institute pays nothing of its own, and
    the unpaid contributions themselves are arrears collected by cartera (collections).
"""

from __future__ import annotations

from dataclasses import dataclass

from seguro.benefits.models import ClaimKind

IDENTITY = ("identity", "Cédula de ciudadanía del solicitante")
BANK = ("bank_account", "Certificado de cuenta bancaria del beneficiario")
EXIT = ("exit_notice", "Aviso de salida registrado")
DEATH = ("death_certificate", "Partida de defunción del causante")
MEDICAL = ("medical_certificate", "Certificado médico validado por el IESS")


@dataclass(frozen=True)
class KindSpec:
    rule: str
    documents: tuple[tuple[str, str], ...]
    amount_output: str  # the rule's output that is the claim's amount
    pension_kind: str | None = None  # registry PensionKind when granted as a pension
    fund: str | None = None  # ledger fund when paid as a lump sum or instalments
    ledger_kind: str = "benefit_paid"
    needs_deceased: bool = False
    liability: str = "difference"  # "difference", "funeral" or "none"


SPECS: dict[str, KindSpec] = {
    ClaimKind.OLD_AGE: KindSpec(
        "old_age_pension", (IDENTITY, BANK, EXIT), "amount", pension_kind="old_age"
    ),
    ClaimKind.DISABILITY: KindSpec(
        "disability_pension",
        (IDENTITY, BANK, ("disability_ruling", "Dictamen de la Comisión Valuadora de Invalidez")),
        "amount",
        pension_kind="disability",
    ),
    ClaimKind.SURVIVORS: KindSpec(
        "survivors_pension",
        (
            IDENTITY,
            BANK,
            DEATH,
            ("kinship", "Partidas de matrimonio o unión de hecho y de nacimiento"),
        ),
        "total",
        pension_kind="survivors",
        needs_deceased=True,
    ),
    ClaimKind.FUNERAL: KindSpec(
        "funeral_grant",
        (IDENTITY, BANK, DEATH, ("funeral_invoice", "Facturas de los servicios funerarios")),
        "maximum",
        fund="ivm",
        needs_deceased=True,
        liability="funeral",
    ),
    ClaimKind.SEVERANCE: KindSpec(
        "severance_withdrawal",
        (IDENTITY, BANK, EXIT),
        "amount",
        fund="severance",
        ledger_kind="withdrawal",
        liability="none",
    ),
    ClaimKind.RESERVE_FUND: KindSpec(
        "reserve_fund_withdrawal",
        (IDENTITY, BANK),
        "amount",
        fund="reserve_fund",
        ledger_kind="withdrawal",
        liability="none",
    ),
    ClaimKind.UNEMPLOYMENT: KindSpec(
        "unemployment_benefit",
        (IDENTITY, BANK, EXIT, ("no_income", "Declaración de no tener otro ingreso")),
        "total",
        fund="unemployment",
    ),
    ClaimKind.WORK_RISK_TEMPORARY: KindSpec(
        "work_risk_temporary_subsidy",
        (
            IDENTITY,
            BANK,
            ("accident_report", "Aviso de accidente o enfermedad profesional"),
            MEDICAL,
        ),
        "amount",
        fund="work_risks",
    ),
    ClaimKind.WORK_RISK_PARTIAL: KindSpec(
        "work_risk_partial_indemnity",
        (IDENTITY, BANK, ("cvirp_ruling", "Dictamen de la Comisión Valuadora (CVIRP)")),
        "amount",
        fund="work_risks",
    ),
    ClaimKind.WORK_RISK_TOTAL: KindSpec(
        "work_risk_pension",
        (IDENTITY, BANK, ("cvirp_ruling", "Dictamen de la Comisión Valuadora (CVIRP)")),
        "amount",
        pension_kind="work_risk",
    ),
    ClaimKind.WORK_RISK_ABSOLUTE: KindSpec(
        "work_risk_pension",
        (IDENTITY, BANK, ("cvirp_ruling", "Dictamen de la Comisión Valuadora (CVIRP)")),
        "amount",
        pension_kind="work_risk",
    ),
    ClaimKind.SICKNESS: KindSpec(
        "sickness_subsidy", (IDENTITY, BANK, MEDICAL), "amount", fund="health"
    ),
    ClaimKind.MATERNITY: KindSpec(
        "maternity_subsidy",
        (IDENTITY, BANK, ("birth_certificate", "Certificado de nacido vivo"), MEDICAL),
        "iess_total",
        fund="health",
    ),
    ClaimKind.RURAL: KindSpec(
        "rural_pension",
        (IDENTITY, BANK, ("organisation_certificate", "Certificado de la organización campesina")),
        "amount",
        pension_kind="rural",
    ),
}


def spec_of(kind: str) -> KindSpec:
    return SPECS[ClaimKind(kind)]
