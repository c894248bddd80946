"""Pensions in payment: the pension, who is paid a share of it, deductions and payroll lines.

Amounts are integer cents. Every amount was computed by the rules engine; the explanation the
engine gave is stored beside it. Writes go through services (pensions.services).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from seguro.registry.models import Pensioner, PensionKind, Person, Region


class PensionEndReason(models.TextChoices):
    HOLDER_DEATH = "holder_death", "Fallecimiento del titular"
    REMARRIAGE = "remarriage", "Nuevo matrimonio o unión de hecho del cónyuge"
    AGE_LIMIT = "age_limit", "El hijo o hija cumplió la edad límite"
    BENEFICIARY_DEATH = "beneficiary_death", "Fallecimiento del beneficiario"
    NO_BENEFICIARIES = "no_beneficiaries", "No quedan beneficiarios con derecho"
    OTHER = "other", "Otra causa"


class Relationship(models.TextChoices):
    HOLDER = "holder", "Titular"
    SPOUSE = "spouse", "Cónyuge o conviviente"
    CHILD = "child", "Hijo o hija"
    PARENT = "parent", "Padre o madre"


class Pension(models.Model):
    """A pension in payment. For survivors (montepío) `deceased` is set and `base_amount_cents`
    is the deceased's pension, shared among the beneficiaries."""

    kind = models.CharField("tipo de pensión", max_length=12, choices=PensionKind.choices)
    holder = models.ForeignKey(
        Person,
        verbose_name="titular",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pensions_held",
    )
    deceased = models.ForeignKey(
        Person,
        verbose_name="causante (fallecido)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survivors_pensions",
    )
    start = models.DateField("inicio")
    end_date = models.DateField("fin", null=True, blank=True)
    end_reason = models.CharField(
        "causa del fin", max_length=20, choices=PensionEndReason.choices, blank=True, default=""
    )
    base_amount_cents = models.BigIntegerField("pensión base (centavos)")
    years_of_contributions = models.PositiveSmallIntegerField(
        "años de aportes (mínimas y máximas)", default=0
    )
    region = models.CharField("región (décima cuarta)", max_length=10, choices=Region.choices)
    monthly_bonuses = models.BooleanField("décimos mensualizados (doceavas partes)", default=False)
    explanation = models.JSONField("explicación del cálculo", default=list, blank=True)
    last_revaluation_year = models.PositiveSmallIntegerField(
        "última revalorización (año)", null=True, blank=True
    )
    source = models.CharField("origen", max_length=120, blank=True, default="")
    pensioner = models.ForeignKey(
        Pensioner,
        verbose_name="registro de pensionista del titular",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "pensión en curso"
        verbose_name_plural = "pensiones en curso"
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start")),
                name="pension_end_after_start",
                violation_error_message="El fin de la pensión es anterior a su inicio.",
            ),
            models.CheckConstraint(
                condition=Q(base_amount_cents__gte=0),
                name="pension_amount_not_negative",
                violation_error_message="La pensión no puede ser negativa.",
            ),
            # A montepío is paid to the survivors; its causante is known for every pension
            # granted here (pension_grant checks it) but not for pensions loaded in bulk.
            models.CheckConstraint(
                condition=(Q(kind="survivors") & Q(holder__isnull=True))
                | (~Q(kind="survivors") & Q(holder__isnull=False) & Q(deceased__isnull=True)),
                name="pension_holder_unless_survivors",
                violation_error_message=(
                    "El montepío no tiene titular (lo reciben los deudos); las demás pensiones "
                    "necesitan titular."
                ),
            ),
        ]
        indexes = [models.Index(fields=["kind", "start"])]

    def __str__(self) -> str:
        who = self.holder if self.holder_id else self.deceased
        return f"{self.get_kind_display()} · {who}"


class PensionBeneficiary(models.Model):
    """Who is paid what share of a pension, and when the right ends."""

    pension = models.ForeignKey(
        Pension, verbose_name="pensión", on_delete=models.CASCADE, related_name="beneficiaries"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="beneficiario",
        on_delete=models.PROTECT,
        related_name="pension_shares",
    )
    relationship = models.CharField("parentesco", max_length=10, choices=Relationship.choices)
    share_cents = models.BigIntegerField("pensión mensual (centavos)")
    valid_from = models.DateField("desde")
    valid_to = models.DateField("hasta", null=True, blank=True)
    end_reason = models.CharField(
        "causa del fin", max_length=20, choices=PensionEndReason.choices, blank=True, default=""
    )
    explanation = models.JSONField("explicación de la parte", default=list, blank=True)
    pensioner = models.ForeignKey(
        Pensioner,
        verbose_name="registro de pensionista",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "beneficiario de pensión"
        verbose_name_plural = "beneficiarios de pensión"
        ordering = ["pension", "relationship", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="pension_beneficiary_end_after_start",
                violation_error_message="El fin del derecho es anterior a su inicio.",
            ),
            models.CheckConstraint(
                condition=Q(share_cents__gte=0),
                name="pension_share_not_negative",
                violation_error_message="La parte no puede ser negativa.",
            ),
        ]
        indexes = [models.Index(fields=["person"]), models.Index(fields=["valid_to"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_relationship_display()}"


class DeductionKind(models.TextChoices):
    JUDICIAL_ALIMONY = "judicial_alimony", "Pensión alimenticia (orden judicial)"
    BIESS_LOAN = "biess_loan", "Préstamo BIESS"
    IESS_DEBT = "iess_debt", "Deuda con el IESS"
    OTHER = "other", "Otro descuento autorizado"


class PensionDeduction(models.Model):
    """A monthly amount withheld from a beneficiary's payment (an order or a loan: data, not
    law). It follows the person's share of the pension across recomputed shares."""

    pension = models.ForeignKey(
        Pension, verbose_name="pensión", on_delete=models.CASCADE, related_name="deductions"
    )
    person = models.ForeignKey(
        Person, verbose_name="beneficiario", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("tipo de descuento", max_length=20, choices=DeductionKind.choices)
    monthly_amount_cents = models.BigIntegerField("valor mensual (centavos)")
    valid_from = models.DateField("desde")
    valid_to = models.DateField("hasta", null=True, blank=True)
    reference = models.CharField("documento de respaldo", max_length=120, blank=True, default="")

    class Meta:
        verbose_name = "descuento a la pensión"
        verbose_name_plural = "descuentos a la pensión"
        ordering = ["pension", "person", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount_cents__gt=0),
                name="pension_deduction_positive",
                violation_error_message="El descuento debe ser mayor que cero.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="pension_deduction_end_after_start",
                violation_error_message="El fin del descuento es anterior a su inicio.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"


class PensionRevaluation(models.Model):
    """One January revaluation: the rate, the rule's explanation and how many pensions moved."""

    year = models.PositiveSmallIntegerField("año", unique=True)
    rate = models.DecimalField("tasa", max_digits=6, decimal_places=4)
    explanation = models.JSONField("explicación", default=list, blank=True)
    pensions = models.PositiveIntegerField("pensiones revalorizadas", default=0)

    class Meta:
        verbose_name = "revalorización anual"
        verbose_name_plural = "revalorizaciones anuales"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Revalorización {self.year} ({self.rate})"


class PayrollRun(models.Model):
    """The rules applied in one month's payroll (their explanation, once for the whole run)."""

    period = models.DateField("mes", unique=True)
    explanation = models.JSONField("explicación", default=list, blank=True)

    class Meta:
        verbose_name = "nómina de pensionistas"
        verbose_name_plural = "nóminas de pensionistas"
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"Nómina {self.period:%Y-%m}"


class PensionPayment(models.Model):
    """One beneficiary's line in one month's payroll.

    Written only by the payroll, in bulk, from the rows it has just read; like the ledger's
    entries they carry no per-row foreign-key check (which would triple the cost of writing a
    national payroll), and the indexes are the ones the pages and the rerun need.
    """

    period = models.DateField("mes")
    pension = models.ForeignKey(
        Pension,
        verbose_name="pensión",
        on_delete=models.DO_NOTHING,
        related_name="payments",
        db_constraint=False,
        db_index=False,  # a pension's payments are found through its shares
    )
    beneficiary = models.ForeignKey(
        PensionBeneficiary,
        verbose_name="beneficiario",
        on_delete=models.DO_NOTHING,
        related_name="payments",
        db_constraint=False,
        db_index=False,  # the unique (beneficiary, period) index serves it
    )
    person = models.ForeignKey(
        Person,
        verbose_name="persona",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,  # the (person, period) index serves it
    )
    fund = models.CharField("fondo", max_length=20)
    chunk = models.PositiveIntegerField("lote")
    pension_cents = models.BigIntegerField("pensión")
    thirteenth_cents = models.BigIntegerField("décima tercera", default=0)
    fourteenth_cents = models.BigIntegerField("décima cuarta", default=0)
    legal_deduction_cents = models.BigIntegerField("aporte del pensionista", default=0)
    other_deductions_cents = models.BigIntegerField("otros descuentos", default=0)
    net_cents = models.BigIntegerField("líquido a pagar")

    class Meta:
        verbose_name = "pago de pensión"
        verbose_name_plural = "pagos de pensiones"
        ordering = ["-period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "period"], name="pension_payment_once_per_month"
            )
        ]
        indexes = [models.Index(fields=["person", "period"])]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} · {self.person_id}"

    @property
    def gross_cents(self) -> int:
        return self.pension_cents + self.thirteenth_cents + self.fourteenth_cents
