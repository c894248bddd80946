"""The registry: territory, people, employers, affiliations, dependents, pensioners, rural families.

Effective dates (valid_from / valid_to) are business data guarded by database constraints; who
changed what is in core.AuditEvent, never in these tables. Writes go through services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


def end_not_before_start(name: str, message: str) -> models.CheckConstraint:
    """The effective-dates invariant every dated registry row keeps: open, or ending on or
    after the day it starts."""
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
        name=name,
        violation_error_message=message,
    )


class Region(models.TextChoices):
    COSTA = "costa", "Costa"
    SIERRA = "sierra", "Sierra"
    ORIENTE = "oriente", "Oriente (Amazonía)"
    INSULAR = "insular", "Insular (Galápagos)"


class Province(models.Model):
    code = models.CharField("código INEC", max_length=2, primary_key=True)
    name = models.CharField("provincia", max_length=60, unique=True)
    region = models.CharField("región", max_length=10, choices=Region.choices)

    class Meta:
        verbose_name = "provincia"
        verbose_name_plural = "provincias"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Canton(models.Model):
    code = models.CharField("código INEC", max_length=4, primary_key=True)
    name = models.CharField("cantón", max_length=80)
    seat = models.CharField("cabecera cantonal", max_length=80)
    province = models.ForeignKey(
        Province, verbose_name="provincia", on_delete=models.PROTECT, related_name="cantons"
    )

    class Meta:
        verbose_name = "cantón"
        verbose_name_plural = "cantones"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.province_id})"


class Sex(models.TextChoices):
    FEMALE = "F", "Mujer"
    MALE = "M", "Hombre"


class Person(models.Model):
    """Anyone the institute knows: affiliate, pensioner, dependent, legal representative."""

    national_id = models.CharField("cédula", max_length=10, unique=True, null=True, blank=True)
    passport = models.CharField("pasaporte", max_length=20, unique=True, null=True, blank=True)
    first_names = models.CharField("nombres", max_length=80)
    last_names = models.CharField("apellidos", max_length=80)
    sex = models.CharField("sexo", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("fecha de nacimiento")
    death_date = models.DateField("fecha de fallecimiento", null=True, blank=True)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón de domicilio", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "persona"
        verbose_name_plural = "personas"
        ordering = ["last_names", "first_names"]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_id__isnull=False) | Q(passport__isnull=False),
                name="person_has_an_id",
                violation_error_message="La persona necesita cédula o pasaporte.",
            ),
            models.CheckConstraint(
                condition=Q(death_date__isnull=True) | Q(death_date__gte=F("birth_date")),
                name="person_death_after_birth",
                violation_error_message="La fecha de fallecimiento es anterior al nacimiento.",
            ),
        ]
        indexes = [models.Index(fields=["last_names", "first_names"])]

    def __str__(self) -> str:
        return f"{self.last_names} {self.first_names} ({self.national_id or self.passport})"

    @property
    def identifier(self) -> str:
        return self.national_id or self.passport or ""


class EmployerKind(models.TextChoices):
    NATURAL_PERSON = "natural", "Persona natural"
    PRIVATE_COMPANY = "private", "Sociedad privada"
    PUBLIC_ENTITY = "public", "Entidad pública"


class Sector(models.TextChoices):
    PRIVATE = "private", "Privado"
    PUBLIC = "public", "Público"


class Employer(models.Model):
    tax_id = models.CharField("RUC", max_length=13, unique=True)
    name = models.CharField("razón social", max_length=160)
    kind = models.CharField("tipo de contribuyente", max_length=10, choices=EmployerKind.choices)
    sector = models.CharField("sector", max_length=10, choices=Sector.choices)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón", on_delete=models.PROTECT, related_name="+"
    )
    legal_representative = models.ForeignKey(
        Person,
        verbose_name="representante legal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_employers",
    )

    class Meta:
        verbose_name = "empleador"
        verbose_name_plural = "empleadores"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_id})"


class Regime(models.TextChoices):
    """Affiliation regimes, as named by the rules engine (RULES.md)."""

    PRIVATE_EMPLOYEE = "private_employee", "Relación de dependencia: sector privado"
    PUBLIC_SERVANT = "public_servant", "Relación de dependencia: servidor público"
    BANK_OR_LOCAL_GOVERNMENT = (
        "bank_or_local_government",
        "Relación de dependencia: banca, GAD, notarías",
    )
    SELF_EMPLOYED = "self_employed", "Sin relación de dependencia"
    VOLUNTARY = "voluntary", "Afiliación voluntaria en Ecuador"
    VOLUNTARY_ABROAD = "voluntary_abroad", "Afiliación voluntaria en el exterior"
    HOME_WORK = "home_work", "Trabajo no remunerado del hogar"
    RURAL_HEAD_OF_FAMILY = "rural_head_of_family", "Seguro Social Campesino: jefe de familia"


DEPENDENCY_REGIMES = (
    Regime.PRIVATE_EMPLOYEE,
    Regime.PUBLIC_SERVANT,
    Regime.BANK_OR_LOCAL_GOVERNMENT,
)


class ReserveFundMode(models.TextChoices):
    """How the worker chose to receive the reserve fund (fondos de reserva) from month 13."""

    MONTHLY = "monthly", "Mensual, con el sueldo"
    ACCUMULATED = "accumulated", "Acumulado en el IESS"


class Affiliation(models.Model):
    """A period of insurance of a person, with an employer for the dependency regimes."""

    person = models.ForeignKey(
        Person, verbose_name="persona", on_delete=models.PROTECT, related_name="affiliations"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="empleador",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    regime = models.CharField("régimen", max_length=30, choices=Regime.choices)
    valid_from = models.DateField("inicio (primer día de trabajo)")
    valid_to = models.DateField("fin (último día)", null=True, blank=True)
    entry_notice_date = models.DateField("fecha del aviso de entrada")
    entry_notice_late = models.BooleanField("aviso de entrada tardío", default=False)
    exit_notice_date = models.DateField("fecha del aviso de salida", null=True, blank=True)
    reserve_fund_mode = models.CharField(
        "fondos de reserva",
        max_length=12,
        choices=ReserveFundMode.choices,
        default=ReserveFundMode.MONTHLY,
        db_default=ReserveFundMode.MONTHLY,  # bulk loaders may leave the column out
    )

    class Meta:
        verbose_name = "afiliación"
        verbose_name_plural = "afiliaciones"
        ordering = ["-valid_from"]
        constraints = [
            end_not_before_start(
                "affiliation_exit_after_entry", "La salida no puede ser anterior a la entrada."
            ),
            models.CheckConstraint(
                condition=(
                    Q(regime__in=[r.value for r in DEPENDENCY_REGIMES], employer__isnull=False)
                    | (
                        ~Q(regime__in=[r.value for r in DEPENDENCY_REGIMES])
                        & Q(employer__isnull=True)
                    )
                ),
                name="affiliation_employer_iff_dependency",
                violation_error_message=(
                    "Los regímenes de relación de dependencia requieren empleador; los demás no."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["employer", "valid_from"]),
            models.Index(fields=["regime"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_regime_display()} · desde {self.valid_from}"


class SalaryRecord(models.Model):
    """Insured salary (materia gravada) of an affiliation from a date: the salary history."""

    affiliation = models.ForeignKey(
        Affiliation,
        verbose_name="afiliación",
        on_delete=models.CASCADE,
        related_name="salary_records",
    )
    valid_from = models.DateField("vigente desde")
    salary = models.DecimalField("salario de aportación (USD)", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "salario de aportación"
        verbose_name_plural = "historial de salarios"
        ordering = ["affiliation", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["affiliation", "valid_from"], name="salary_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(salary__gt=0),
                name="salary_positive",
                violation_error_message="El salario debe ser mayor que cero.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.salary} desde {self.valid_from}"


class DependentKind(models.TextChoices):
    SPOUSE = "spouse", "Cónyuge o conviviente (extensión de salud)"
    CHILD = "child", "Hijo o hija menor de 18 años"


class Dependent(models.Model):
    """A person covered for health through an affiliate or pensioner."""

    holder = models.ForeignKey(
        Person, verbose_name="titular", on_delete=models.PROTECT, related_name="dependents"
    )
    person = models.ForeignKey(
        Person, verbose_name="dependiente", on_delete=models.PROTECT, related_name="dependent_of"
    )
    kind = models.CharField("tipo", max_length=10, choices=DependentKind.choices)
    valid_from = models.DateField("cobertura desde")
    valid_to = models.DateField("cobertura hasta", null=True, blank=True)

    class Meta:
        verbose_name = "dependiente"
        verbose_name_plural = "dependientes"
        ordering = ["holder", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(holder=F("person")),
                name="dependent_not_self",
                violation_error_message="Una persona no puede ser su propio dependiente.",
            ),
            end_not_before_start(
                "dependent_end_after_start", "El fin de la cobertura es anterior a su inicio."
            ),
            models.CheckConstraint(
                condition=Q(kind="spouse") | Q(valid_to__isnull=False),
                name="dependent_child_has_end",
                violation_error_message="La cobertura de un hijo termina a los 18 años.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()} de {self.holder})"


class PensionKind(models.TextChoices):
    OLD_AGE = "old_age", "Jubilación por vejez"
    DISABILITY = "disability", "Jubilación por invalidez o discapacidad"
    SURVIVORS = "survivors", "Montepío (viudez y orfandad)"
    WORK_RISK = "work_risk", "Riesgos del trabajo"
    RURAL = "rural", "Seguro Social Campesino"


class Pensioner(models.Model):
    """A person receiving a pension (registry row; the benefits app keeps the amounts)."""

    person = models.ForeignKey(
        Person, verbose_name="persona", on_delete=models.PROTECT, related_name="pensions"
    )
    kind = models.CharField("tipo de pensión", max_length=12, choices=PensionKind.choices)
    valid_from = models.DateField("pensión desde")
    valid_to = models.DateField("pensión hasta", null=True, blank=True)

    class Meta:
        verbose_name = "pensionista"
        verbose_name_plural = "pensionistas"
        ordering = ["-valid_from"]
        constraints = [
            end_not_before_start(
                "pensioner_end_after_start", "El fin de la pensión es anterior a su inicio."
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"


class RuralOrganisation(models.Model):
    """A campesino organisation (comuna, cooperativa, asociación) affiliated to the SSC."""

    code = models.CharField("código", max_length=12, unique=True)
    name = models.CharField("organización", max_length=160)
    canton = models.ForeignKey(
        Canton, verbose_name="cantón", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "organización campesina"
        verbose_name_plural = "organizaciones campesinas"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RuralFamily(models.Model):
    organisation = models.ForeignKey(
        RuralOrganisation,
        verbose_name="organización",
        on_delete=models.PROTECT,
        related_name="families",
    )
    head = models.ForeignKey(
        Person, verbose_name="jefe de familia", on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField("inscrita desde")
    valid_to = models.DateField("inscrita hasta", null=True, blank=True)

    class Meta:
        verbose_name = "familia campesina"
        verbose_name_plural = "familias campesinas"
        constraints = [
            end_not_before_start(
                "rural_family_end_after_start",
                "La baja de la familia es anterior a su inscripción.",
            ),
        ]

    def __str__(self) -> str:
        return f"Familia de {self.head}"


class RuralRole(models.TextChoices):
    HEAD = "head", "Jefe de familia"
    BENEFICIARY = "beneficiary", "Beneficiario (familiar)"
    RETIREE = "retiree", "Jubilado o pensionista"


class RuralMember(models.Model):
    family = models.ForeignKey(
        RuralFamily, verbose_name="familia", on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name="persona", on_delete=models.PROTECT, related_name="rural_memberships"
    )
    role = models.CharField("condición", max_length=12, choices=RuralRole.choices)
    valid_from = models.DateField("desde")
    valid_to = models.DateField("hasta", null=True, blank=True)

    class Meta:
        verbose_name = "miembro de familia campesina"
        verbose_name_plural = "miembros de familias campesinas"
        constraints = [
            models.UniqueConstraint(fields=["family", "person"], name="rural_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class UserScope(models.Model):
    """Which rows a user may see: a province (provincial staff), an employer, or one person.

    Staff without a province work nationally. An employer user sees its own workers; an
    affiliate user their own record.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="usuario",
        on_delete=models.CASCADE,
        related_name="scope",
    )
    province = models.ForeignKey(
        Province, verbose_name="provincia", null=True, blank=True, on_delete=models.PROTECT
    )
    employer = models.ForeignKey(
        Employer, verbose_name="empleador", null=True, blank=True, on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        Person, verbose_name="persona", null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = "ámbito de usuario"
        verbose_name_plural = "ámbitos de usuario"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(employer__isnull=True, person__isnull=True)
                    | Q(province__isnull=True, person__isnull=True)
                    | Q(province__isnull=True, employer__isnull=True)
                ),
                name="user_scope_one_kind",
                violation_error_message=(
                    "El ámbito es una provincia, un empleador o una persona, no varios."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Ámbito de {self.user}"
