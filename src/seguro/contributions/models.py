"""Contributions: payroll declarations (planillas), obligations (what is owed) and the
contribution history (one row per person, employer and month, what every benefit reads).

Amounts are integer cents (BigIntegerField) as computed by seguro.rules' column functions;
pages show them as dollars. Writes go through services.py and the monthly close (close.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seguro.registry.models import Affiliation, Employer, Person


class DeclarationStatus(models.TextChoices):
    ACTIVE = "active", "Vigente"
    SUPERSEDED = "superseded", "Reemplazada por una rectificación"


class DeclarationSource(models.TextChoices):
    UPLOAD = "upload", "Archivo (CSV o XLSX)"
    API = "api", "Servicio web (API)"
    MANUAL = "manual", "Ingreso en ventanilla"
    SYNTH = "synth", "Datos sintéticos"


class PayrollDeclaration(models.Model):
    """An employer's monthly declaration; a rectifying one supersedes it and keeps it."""

    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.PROTECT, related_name="declarations"
    )
    period = models.DateField("período (primer día del mes)")
    version = models.PositiveSmallIntegerField("versión", default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name="rectifica a",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    status = models.CharField(
        "estado", max_length=12, choices=DeclarationStatus.choices, default=DeclarationStatus.ACTIVE
    )
    source = models.CharField("origen", max_length=8, choices=DeclarationSource.choices)
    submitted_at = models.DateTimeField("presentada", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="presentada por",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    line_count = models.PositiveIntegerField("líneas", default=0)
    total_salary_cents = models.BigIntegerField("total de salarios (centavos)", default=0)

    class Meta:
        verbose_name = "planilla de aportes"
        verbose_name_plural = "planillas de aportes"
        ordering = ["-period", "employer", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "period", "version"], name="declaration_version_once"
            ),
            models.UniqueConstraint(
                fields=["employer", "period"],
                condition=Q(status="active"),
                name="declaration_one_active_per_period",
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="declaration_period_first_day"),
        ]

    def __str__(self) -> str:
        return f"Planilla {self.period:%Y-%m} de {self.employer.tax_id} (v{self.version})"


class Novelty(models.TextChoices):
    NONE = "none", "Sin novedad"
    ENTRY = "entry", "Entrada"
    EXIT = "exit", "Salida"
    SALARY_CHANGE = "salary_change", "Cambio de salario"
    LEAVE = "leave", "Licencia o permiso"


class DeclarationLine(models.Model):
    # Found by line_person_once (declaration, person), which it leads: no index of its own
    # (2.7 M lines a month nationally, each paid for in every index).
    declaration = models.ForeignKey(
        PayrollDeclaration,
        verbose_name="planilla",
        on_delete=models.CASCADE,
        related_name="lines",
        db_index=False,
    )
    row_number = models.PositiveIntegerField("fila")
    person = models.ForeignKey(Person, verbose_name="trabajador", on_delete=models.PROTECT)
    affiliation = models.ForeignKey(
        Affiliation, verbose_name="afiliación", on_delete=models.PROTECT
    )
    salary_cents = models.BigIntegerField("salario de aportación (centavos)")
    days_worked = models.PositiveSmallIntegerField("días trabajados")
    novelty = models.CharField(
        "novedad", max_length=14, choices=Novelty.choices, default=Novelty.NONE
    )

    class Meta:
        verbose_name = "línea de planilla"
        verbose_name_plural = "líneas de planilla"
        ordering = ["declaration", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "person"], name="line_person_once"),
            models.CheckConstraint(condition=Q(salary_cents__gt=0), name="line_salary_positive"),
            models.CheckConstraint(
                condition=Q(days_worked__gte=1, days_worked__lte=30), name="line_days_1_30"
            ),
        ]

    def __str__(self) -> str:
        return f"Fila {self.row_number} de la planilla {self.declaration_id}"


class ObligationKind(models.TextChoices):
    EMPLOYER_PAYROLL = "payroll", "Planilla del empleador"
    SELF_EMPLOYED = "self_employed", "Afiliado sin relación de dependencia"
    VOLUNTARY = "voluntary", "Afiliado voluntario"
    HOME_WORK = "home_work", "Trabajo no remunerado del hogar"
    RURAL_HEAD = "rural_head", "Jefe de familia del Seguro Social Campesino"
    ASSESSMENT = "assessment", "Glosa por control patronal"


class Obligation(models.Model):
    """What one debtor owes for one month: due on the 15th of the next month (LSS Art. 73)."""

    kind = models.CharField("tipo", max_length=14, choices=ObligationKind.choices)
    period = models.DateField("período")
    employer = models.ForeignKey(
        Employer,
        verbose_name="empleador",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
        db_index=False,  # the (employer, period, kind) unique index serves
        db_constraint=False,  # see the note on `declaration`
    )
    person = models.ForeignKey(
        Person,
        verbose_name="afiliado",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
        db_index=False,  # the (person, period, kind) unique index serves
        db_constraint=False,  # see the note on `declaration`
    )
    # The close writes ~1.3 M obligations a month by COPY, and PostgreSQL checks a foreign key
    # row by row at commit: ~10 s of a national close (measured with the checks switched off).
    # Every key the close writes comes from a row it read joined to its parent in the same
    # transaction, and registry rows and declarations are never deleted (PROTECT), so the keys
    # are kept by the code that writes them, as in the contribution history.
    declaration = models.ForeignKey(
        PayrollDeclaration,
        verbose_name="planilla",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
        db_constraint=False,
    )
    province_code = models.CharField("provincia", max_length=2)
    canton_code = models.CharField("cantón", max_length=4)
    employee_cents = models.BigIntegerField("aporte personal")
    employer_cents = models.BigIntegerField("aporte patronal")
    reserve_fund_cents = models.BigIntegerField("fondos de reserva (acumulados)")
    spouse_extension_cents = models.BigIntegerField("extensión de salud al cónyuge")
    total_cents = models.BigIntegerField("total")
    due_date = models.DateField("vence")
    paid_cents = models.BigIntegerField("pagado (capital)", default=0)
    paid_on = models.DateField("pagada totalmente el", null=True, blank=True)
    close_run_id = models.BigIntegerField("cierre", null=True, blank=True)
    # The split by ledger fund as assessed ({"ivm": 10960, "health": 5160, ...}, cents). The
    # ledger holds the close's sums by province and fund; this subledger keeps each debtor's
    # split, which is what a payment is divided by.
    fund_cents = models.JSONField("aportes por fondo (centavos)", default=dict, blank=True)

    class Meta:
        verbose_name = "obligación"
        verbose_name_plural = "obligaciones"
        ordering = ["-period", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(employer__isnull=False, person__isnull=True)
                | Q(employer__isnull=True, person__isnull=False),
                name="obligation_one_debtor",
            ),
            models.CheckConstraint(
                condition=Q(paid_cents__gte=0) & Q(paid_cents__lte=models.F("total_cents")),
                name="obligation_paid_within_total",
            ),
            # Debtor first: these two also serve every "obligations of this debtor" query, so
            # the close maintains two random-order indexes per row instead of four.
            models.UniqueConstraint(
                fields=["employer", "period", "kind"],
                condition=Q(employer__isnull=False),
                name="obligation_employer_once",
            ),
            models.UniqueConstraint(
                fields=["person", "period", "kind"],
                condition=Q(person__isnull=False),
                name="obligation_person_once",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "province_code"]),
            models.Index(fields=["due_date"], condition=Q(paid_on__isnull=True), name="open_due"),
        ]

    def __str__(self) -> str:
        if self.employer_id:
            debtor = f"empleador {self.employer_id}"
        else:
            debtor = f"persona {self.person_id}"
        return f"{self.get_kind_display()} {self.period:%Y-%m} ({debtor})"

    @property
    def outstanding_cents(self) -> int:
        return self.total_cents - self.paid_cents


class ContributionRecord(models.Model):
    """The contribution history: one row per person, employer (or none) and month."""

    # The history is written only by the close, from declaration lines and affiliations that
    # already satisfy these keys; checking ~45 M rows a year again would cost the close most of
    # its time, so the keys are not enforced by the database here (db_constraint=False), and
    # only the composite indexes below are kept.
    person = models.ForeignKey(
        Person,
        verbose_name="afiliado",
        on_delete=models.DO_NOTHING,
        related_name="contributions",
        db_constraint=False,
        db_index=False,
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="empleador",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
    )
    affiliation = models.ForeignKey(
        Affiliation,
        verbose_name="afiliación",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
    )
    obligation = models.ForeignKey(
        Obligation,
        verbose_name="obligación",
        on_delete=models.DO_NOTHING,
        related_name="records",
        db_constraint=False,
        db_index=False,
    )
    period = models.DateField("período")
    regime = models.CharField("régimen", max_length=30)
    salary_cents = models.BigIntegerField("salario de aportación")
    days_worked = models.PositiveSmallIntegerField("días")
    employee_cents = models.BigIntegerField("aporte personal")
    employer_cents = models.BigIntegerField("aporte patronal")
    reserve_fund_cents = models.BigIntegerField("fondos de reserva")

    class Meta:
        verbose_name = "aportación (historia laboral)"
        verbose_name_plural = "historia laboral"
        ordering = ["person", "period"]
        # One index serves both the uniqueness and every read (a person's history by period):
        # the close appends ~3.3 M rows a month, and each extra index costs it seconds.
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period", "obligation"], name="record_once_per_person_month"
            ),
        ]

    def __str__(self) -> str:
        return f"Aporte {self.period:%Y-%m} de la persona {self.person_id}"


class EmployerApiToken(models.Model):
    """A token an employer's system uses to declare through the REST API. Only its SHA-256 is
    stored; the token itself is shown once, when issued."""

    employer = models.ForeignKey(
        Employer, verbose_name="empleador", on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField("descripción", max_length=80)
    key_hash = models.CharField("huella SHA-256", max_length=64, unique=True)
    created_at = models.DateTimeField("emitido", auto_now_add=True)
    revoked_at = models.DateTimeField("revocado", null=True, blank=True)

    class Meta:
        verbose_name = "token de API del empleador"
        verbose_name_plural = "tokens de API de empleadores"

    def __str__(self) -> str:
        return f"{self.label} ({self.employer.tax_id})"
