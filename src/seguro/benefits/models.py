"""Benefit claims (with their documents, survivors, instalments and the employer liability they
may create) and the individual funds (severance and reserve-fund accounts with their movements).

Money is integer cents. A claim's amount is never typed in: it is the output of a rule of
``seguro.rules`` and is stored with that rule's explanation. Writes go through ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seguro.registry.models import Employer, Person


class ClaimKind(models.TextChoices):
    OLD_AGE = "old_age", "Jubilación por vejez"
    DISABILITY = "disability", "Jubilación por invalidez"
    SURVIVORS = "survivors", "Montepío (viudez y orfandad)"
    FUNERAL = "funeral_grant", "Auxilio de funerales"
    SEVERANCE = "severance_withdrawal", "Retiro del fondo de cesantía"
    RESERVE_FUND = "reserve_fund_withdrawal", "Retiro de fondos de reserva"
    UNEMPLOYMENT = "unemployment", "Seguro de desempleo"
    WORK_RISK_TEMPORARY = (
        "work_risk_temporary",
        "Riesgos del trabajo: subsidio por incapacidad temporal",
    )
    WORK_RISK_PARTIAL = (
        "work_risk_partial",
        "Riesgos del trabajo: indemnización por incapacidad parcial",
    )
    WORK_RISK_TOTAL = "work_risk_total", "Riesgos del trabajo: pensión por incapacidad total"
    WORK_RISK_ABSOLUTE = (
        "work_risk_absolute",
        "Riesgos del trabajo: pensión por incapacidad absoluta",
    )
    SICKNESS = "sickness", "Subsidio por enfermedad"
    MATERNITY = "maternity", "Subsidio por maternidad"
    RURAL = "rural_pension", "Jubilación del Seguro Social Campesino"


class ClaimState(models.TextChoices):
    FILED = "filed", "Presentada"
    CHECKED = "checked", "Documentos verificados"
    COMPUTED = "computed", "Calculada"
    APPROVED = "approved", "Aprobada"
    DENIED = "denied", "Negada"
    PAID = "paid", "Pagada (o pensión concedida en nómina)"


class UnemploymentCause(models.TextChoices):
    DISMISSAL = "dismissal", "Despido"
    END_OF_CONTRACT = "end_of_contract", "Terminación del contrato"
    EMPLOYER_CLOSURE = "employer_closure", "Cierre del empleador"
    RESIGNATION = "resignation", "Renuncia voluntaria"


class Claim(models.Model):
    """A request for a benefit, from filing to payment. ``applicant`` asks; the insured person
    whose history is read is the applicant, or ``deceased`` for survivors and funeral claims."""

    kind = models.CharField("prestación", max_length=30, choices=ClaimKind.choices)
    state = models.CharField(
        "estado", max_length=10, choices=ClaimState.choices, default=ClaimState.FILED
    )
    applicant = models.ForeignKey(
        Person, verbose_name="solicitante", on_delete=models.PROTECT, related_name="claims"
    )
    deceased = models.ForeignKey(
        Person,
        verbose_name="causante fallecido",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_as_deceased",
    )
    province_code = models.CharField("provincia", max_length=2, db_index=True)
    filed_on = models.DateField("fecha de presentación")
    event_date = models.DateField(
        "fecha del hecho (cese, fallecimiento, inicio de la incapacidad, parto, jubilación)"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrada por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Data the rule needs that the history does not hold (by kind).
    days = models.PositiveIntegerField("días de incapacidad", null=True, blank=True)
    incapacity_percent = models.DecimalField(
        "porcentaje de incapacidad", max_digits=5, decimal_places=2, null=True, blank=True
    )
    cause = models.CharField(
        "causa del cese", max_length=20, choices=UnemploymentCause.choices, blank=True
    )
    accident_reference = models.CharField(
        "referencia del aviso de accidente o enfermedad profesional", max_length=60, blank=True
    )
    expenses_cents = models.BigIntegerField("gastos funerarios facturados", null=True, blank=True)
    # Computation (by the officer) — the rule's outputs and explanation.
    rule = models.CharField("regla aplicada", max_length=40, blank=True)
    eligible = models.BooleanField("cumple requisitos", null=True, blank=True)
    reason = models.TextField("motivo (si no cumple)", blank=True)
    amount_cents = models.BigIntegerField("monto calculado", null=True, blank=True)
    outputs = models.JSONField("resultado de la regla", default=dict, blank=True)
    explanation = models.JSONField("explicación legal del cálculo", default=list, blank=True)
    arrears_periods = models.JSONField(
        "meses impagos de empleadores en mora que cuentan para la prestación",
        default=list,
        blank=True,
    )
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="calculada por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField("calculada el", null=True, blank=True)
    # Decision (by a second person).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="decidida por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("decidida el", null=True, blank=True)
    # The business date of the decision (what reports count by); decided_at is when it was typed.
    decided_on = models.DateField("fecha de la decisión", null=True, blank=True)
    decision_reason = models.TextField("motivo de la decisión", blank=True)
    paid_on = models.DateField("pagada el", null=True, blank=True)
    pension_id = models.BigIntegerField("pensión concedida (nómina)", null=True, blank=True)

    class Meta:
        verbose_name = "solicitud de prestación"
        verbose_name_plural = "solicitudes de prestaciones"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["state", "kind"]), models.Index(fields=["applicant"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(computed_by__isnull=True)
                | ~Q(decided_by=models.F("computed_by")),
                name="claim_checker_is_not_maker",
                violation_error_message="Quien calculó la solicitud no puede decidirla.",
            ),
        ]

    def __str__(self) -> str:
        return f"Solicitud N.º {self.pk} · {self.get_kind_display()} · {self.applicant}"

    @property
    def insured(self) -> Person:
        return self.deceased if self.deceased_id else self.applicant  # type: ignore[return-value]


class ClaimDocument(models.Model):
    """One required document of a claim's checklist."""

    claim = models.ForeignKey(
        Claim, verbose_name="solicitud", on_delete=models.CASCADE, related_name="documents"
    )
    code = models.CharField("código", max_length=30)
    label = models.CharField("documento", max_length=160)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verificado por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField("verificado el", null=True, blank=True)

    class Meta:
        verbose_name = "documento requerido"
        verbose_name_plural = "documentos requeridos"
        ordering = ["claim", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "code"], name="claim_document_once")
        ]

    def __str__(self) -> str:
        return self.label


class SurvivorRelationship(models.TextChoices):
    SPOUSE = "spouse", "Cónyuge o conviviente"
    CHILD = "child", "Hijo o hija"
    PARENT = "parent", "Padre o madre"


class ClaimBeneficiary(models.Model):
    """A survivor named in a montepío claim."""

    claim = models.ForeignKey(
        Claim, verbose_name="solicitud", on_delete=models.CASCADE, related_name="beneficiaries"
    )
    person = models.ForeignKey(
        Person, verbose_name="beneficiario", on_delete=models.PROTECT, related_name="+"
    )
    relationship = models.CharField(
        "parentesco", max_length=10, choices=SurvivorRelationship.choices
    )

    class Meta:
        verbose_name = "beneficiario de montepío"
        verbose_name_plural = "beneficiarios de montepío"
        constraints = [
            models.UniqueConstraint(fields=["claim", "person"], name="claim_beneficiary_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"


class ClaimInstalment(models.Model):
    """A payment of an approved non-pension claim (one; five for unemployment). Part of it may
    come from the affiliate's own account (``account_cents``, the severance top-up)."""

    claim = models.ForeignKey(
        Claim, verbose_name="solicitud", on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField("pago N.º")
    due_on = models.DateField("fecha prevista")
    fund_cents = models.BigIntegerField("a cargo del seguro")
    account_cents = models.BigIntegerField("de la cuenta individual", default=0)
    paid_on = models.DateField("pagado el", null=True, blank=True)
    ledger_key = models.CharField("clave contable", max_length=120, blank=True)

    class Meta:
        verbose_name = "pago de la prestación"
        verbose_name_plural = "pagos de la prestación"
        ordering = ["claim", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="claim_instalment_once"),
            models.CheckConstraint(
                condition=Q(fund_cents__gte=0) & Q(account_cents__gte=0),
                name="claim_instalment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Pago {self.number} de la solicitud {self.claim_id}"

    @property
    def total_cents(self) -> int:
        return self.fund_cents + self.account_cents


class LiabilityState(models.TextChoices):
    PENDING = "pending", "Por cobrar"
    COLLECTED = "collected", "Cobrada"


class Periodicity(models.TextChoices):
    ONCE = "once", "Valor único"
    MONTHLY = "monthly", "Mensual (mientras se pague la pensión)"


class EmployerLiability(models.Model):
    """Responsabilidad patronal (LSS Art. 94; C.D. 517): what an employer in arrears owes for a
    benefit the institute granted or raised because of the months it did not pay."""

    employer = models.ForeignKey(
        Employer,
        verbose_name="empleador",
        on_delete=models.PROTECT,
        related_name="benefit_liabilities",
    )
    claim = models.ForeignKey(
        Claim, verbose_name="solicitud", on_delete=models.PROTECT, related_name="liabilities"
    )
    province_code = models.CharField("provincia", max_length=2, db_index=True)
    amount_cents = models.BigIntegerField("valor")
    periodicity = models.CharField(
        "periodicidad", max_length=8, choices=Periodicity.choices, default=Periodicity.ONCE
    )
    unpaid_periods = models.JSONField("meses impagos", default=list)
    explanation = models.JSONField("explicación legal", default=list)
    state = models.CharField(
        "estado", max_length=10, choices=LiabilityState.choices, default=LiabilityState.PENDING
    )
    created_on = models.DateField("fecha de determinación")

    class Meta:
        verbose_name = "responsabilidad patronal"
        verbose_name_plural = "responsabilidades patronales"
        ordering = ["-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "employer"], name="liability_once_per_claim"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="liability_positive"),
        ]

    def __str__(self) -> str:
        return f"Responsabilidad patronal de {self.employer} (solicitud {self.claim_id})"


class FundKind(models.TextChoices):
    SEVERANCE = "severance", "Cesantía"
    RESERVE_FUND = "reserve_fund", "Fondos de reserva"


class FundAccount(models.Model):
    """A person's individual account (cesantía or fondos de reserva acumulados)."""

    person = models.ForeignKey(
        Person, verbose_name="afiliado", on_delete=models.PROTECT, related_name="fund_accounts"
    )
    kind = models.CharField("fondo", max_length=14, choices=FundKind.choices)
    province_code = models.CharField("provincia", max_length=2, db_index=True)

    class Meta:
        verbose_name = "cuenta individual"
        verbose_name_plural = "cuentas individuales"
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="fund_account_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} de {self.person}"


class MovementKind(models.TextChoices):
    CREDIT = "credit", "Aporte acreditado"
    INTEREST = "interest", "Interés anual"
    WITHDRAWAL = "withdrawal", "Retiro"


class FundMovement(models.Model):
    """A signed movement of an account: credits and interest add, withdrawals subtract.
    A month is credited once and a year's interest posted once per account."""

    account = models.ForeignKey(
        FundAccount, verbose_name="cuenta", on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField("tipo", max_length=10, choices=MovementKind.choices)
    period = models.DateField("fecha o período")
    amount_cents = models.BigIntegerField("valor (con signo)")
    instalment = models.ForeignKey(
        ClaimInstalment,
        verbose_name="pago de la solicitud",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    explanation = models.JSONField("explicación", default=list, blank=True)

    class Meta:
        verbose_name = "movimiento de cuenta individual"
        verbose_name_plural = "movimientos de cuentas individuales"
        ordering = ["account", "period", "id"]
        indexes = [models.Index(fields=["account", "period"])]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "period"],
                condition=Q(kind__in=["credit", "interest"]),
                name="fund_movement_credit_interest_once",
            ),
            models.CheckConstraint(
                condition=(Q(kind="withdrawal") & Q(amount_cents__lt=0))
                | (~Q(kind="withdrawal") & Q(amount_cents__gte=0)),
                name="fund_movement_sign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} {self.amount_cents / 100:.2f}"


class FundRun(models.Model):
    """One run of a set-based funds job (monthly credits or yearly interest)."""

    job = models.CharField("proceso", max_length=20)
    label = models.CharField("alcance", max_length=40)
    ran_at = models.DateTimeField("ejecutado", auto_now_add=True)
    counts = models.JSONField("cifras", default=dict)

    class Meta:
        verbose_name = "proceso de cuentas individuales"
        verbose_name_plural = "procesos de cuentas individuales"
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.job} {self.label}"
