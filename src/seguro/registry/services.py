"""Registry writes. Each service takes the acting user, runs in one transaction, checks the law's
rules and the actor's scope, and records an audit event in that transaction.

Every refusal is a DomainError with a Spanish message naming the field at fault; nothing is
written when one is raised.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from seguro.core.audit import audit_event_record
from seguro.core.errors import DomainError
from seguro.registry import ids
from seguro.registry.models import (
    DEPENDENCY_REGIMES,
    Affiliation,
    Canton,
    Dependent,
    DependentKind,
    Employer,
    EmployerKind,
    Person,
    Regime,
    RuralFamily,
    RuralMember,
    RuralOrganisation,
    RuralRole,
    SalaryRecord,
    Sector,
    UserScope,
)
from seguro.registry.scope import scope_require_canton, scope_require_employer, scope_require_person
from seguro.rules import default_parameters


def _entry_notice_days(on: date) -> int:
    """LSS Art. 73: the entry notice is due within the first days of work (a dated parameter)."""
    return int(default_parameters().value("affiliation.entry_notice_days", on))


def _child_age_limit(on: date) -> int:
    """Children are covered for health until this age (LSS Art. 102; a dated parameter)."""
    return int(default_parameters().value("health_subsidies.coverage", on)["child_age_limit"])


def _canton_get(code: str, field: str = "canton") -> Canton:
    try:
        return Canton.objects.select_related("province").get(code=code)
    except Canton.DoesNotExist:
        raise DomainError(
            f"el cantón {code!r} no existe en la división INEC.", field=field
        ) from None


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{value!r} no es un valor en dólares.", field=field) from None
    if amount <= 0:
        raise DomainError("el valor debe ser mayor que cero.", field=field)
    return amount


def _alive_on(person: Person, on: date, field: str) -> None:
    if person.death_date is not None and person.death_date <= on:
        raise DomainError(
            f"la persona {person.identifier} falleció el {person.death_date:%d/%m/%Y}.",
            field=field,
        )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def person_register(
    *,
    actor: Any,
    first_names: str,
    last_names: str,
    sex: str,
    birth_date: date,
    canton_code: str,
    national_id: str | None = None,
    passport: str | None = None,
    death_date: date | None = None,
) -> Person:
    if not national_id and not passport:
        raise DomainError("indique la cédula o, para extranjeros, el pasaporte.", field="cédula")
    if national_id:
        try:
            national_id = ids.cedula_validate(national_id)
        except ids.InvalidId as exc:
            raise DomainError(f"cédula inválida: {exc}", field="cédula") from None
        if Person.objects.filter(national_id=national_id).exists():
            raise DomainError(f"ya existe una persona con la cédula {national_id}.", field="cédula")
    if passport and Person.objects.filter(passport=passport).exists():
        raise DomainError(f"ya existe una persona con el pasaporte {passport}.", field="pasaporte")
    if not first_names.strip() or not last_names.strip():
        raise DomainError("los nombres y apellidos son obligatorios.", field="nombres")
    if sex not in ("F", "M"):
        raise DomainError("el sexo debe ser F o M.", field="sexo")
    if birth_date > date.today():
        raise DomainError("la fecha de nacimiento está en el futuro.", field="fecha de nacimiento")
    if death_date is not None and death_date < birth_date:
        raise DomainError(
            "la fecha de fallecimiento es anterior al nacimiento.", field="fecha de fallecimiento"
        )
    canton = _canton_get(canton_code)
    scope_require_canton(actor, canton)
    person = Person.objects.create(
        national_id=national_id or None,
        passport=passport or None,
        first_names=first_names.strip(),
        last_names=last_names.strip(),
        sex=sex,
        birth_date=birth_date,
        death_date=death_date,
        canton=canton,
    )
    audit_event_record(
        actor=actor,
        action="person.register",
        target=person,
        summary=f"Registro de persona {person.identifier}",
        data={"canton": canton.code},
    )
    return person


@transaction.atomic
def person_record_death(*, actor: Any, person: Person, death_date: date) -> Person:
    scope_require_person(actor, person)
    if death_date < person.birth_date:
        raise DomainError(
            "la fecha de fallecimiento es anterior al nacimiento.", field="fecha de fallecimiento"
        )
    person.death_date = death_date
    person.save(update_fields=["death_date"])
    audit_event_record(
        actor=actor,
        action="person.death",
        target=person,
        summary=f"Fallecimiento de {person.identifier} el {death_date:%d/%m/%Y}",
        data={"death_date": death_date},
    )
    return person


@transaction.atomic
def employer_register(
    *,
    actor: Any,
    tax_id: str,
    name: str,
    canton_code: str,
    legal_representative: Person | None = None,
) -> Employer:
    try:
        tax_id, kind = ids.tax_id_validate(tax_id)
    except ids.InvalidId as exc:
        raise DomainError(f"RUC inválido: {exc}", field="RUC") from None
    if Employer.objects.filter(tax_id=tax_id).exists():
        raise DomainError(f"ya existe un empleador con el RUC {tax_id}.", field="RUC")
    if not name.strip():
        raise DomainError("la razón social es obligatoria.", field="razón social")
    if kind is not ids.TaxIdKind.NATURAL_PERSON and legal_representative is None:
        raise DomainError(
            "una sociedad o entidad pública necesita un representante legal.",
            field="representante legal",
        )
    if legal_representative is not None:
        _alive_on(legal_representative, date.today(), "representante legal")
    canton = _canton_get(canton_code)
    scope_require_canton(actor, canton)
    employer = Employer.objects.create(
        tax_id=tax_id,
        name=name.strip(),
        kind=EmployerKind(kind.value),
        sector=Sector.PUBLIC if kind is ids.TaxIdKind.PUBLIC_ENTITY else Sector.PRIVATE,
        canton=canton,
        legal_representative=legal_representative,
    )
    audit_event_record(
        actor=actor,
        action="employer.register",
        target=employer,
        summary=f"Registro de empleador {tax_id}",
        data={"kind": employer.kind, "canton": canton.code},
    )
    return employer


def _overlapping(person: Person, employer: Employer | None, start: date, end: date | None) -> bool:
    others = Affiliation.objects.filter(person=person, employer=employer)
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        others = others.filter(valid_from__lte=end)
    return others.exists()


@transaction.atomic
def affiliation_start(
    *,
    actor: Any,
    person: Person,
    regime: str,
    valid_from: date,
    salary: Any,
    employer: Employer | None = None,
    notice_date: date | None = None,
) -> Affiliation:
    """The entry notice (aviso de entrada): starts an affiliation with its first salary."""
    notice_date = notice_date or date.today()
    if regime not in Regime.values:
        raise DomainError(f"el régimen {regime!r} no existe.", field="régimen")
    is_dependency = regime in DEPENDENCY_REGIMES
    if is_dependency and employer is None:
        raise DomainError("la relación de dependencia requiere un empleador.", field="empleador")
    if not is_dependency and employer is not None:
        raise DomainError(
            "este régimen no tiene empleador; quite el empleador o cambie el régimen.",
            field="empleador",
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    _alive_on(person, valid_from, "persona")
    if valid_from < person.birth_date:
        raise DomainError("la afiliación empieza antes del nacimiento.", field="inicio")
    if employer is not None:
        scope_require_employer(actor, employer)
    else:
        scope_require_person(actor, person)
    amount = _money(salary, "salario")
    if _overlapping(person, employer, valid_from, None):
        raise DomainError(
            "la persona ya tiene una afiliación vigente o superpuesta con este empleador "
            "en esas fechas.",
            field="inicio",
        )
    # Day 1 is the first day of work, so the 15th day is valid_from + 14.
    late = notice_date > valid_from + timedelta(days=_entry_notice_days(valid_from) - 1)
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(
                person=person,
                employer=employer,
                regime=regime,
                valid_from=valid_from,
                entry_notice_date=notice_date,
                entry_notice_late=late,
            )
    except IntegrityError:  # the PostgreSQL exclusion constraint, under a race
        raise DomainError(
            "la persona ya tiene una afiliación superpuesta con este empleador.", field="inicio"
        ) from None
    SalaryRecord.objects.create(affiliation=affiliation, valid_from=valid_from, salary=amount)
    audit_event_record(
        actor=actor,
        action="affiliation.start",
        target=affiliation,
        summary=f"Aviso de entrada de {person.identifier}" + (" (tardío)" if late else ""),
        data={
            "regime": regime,
            "employer": employer.tax_id if employer else None,
            "valid_from": valid_from,
            "notice_date": notice_date,
            "late": late,
            "salary": amount,
        },
    )
    return affiliation


@transaction.atomic
def affiliation_end(
    *, actor: Any, affiliation: Affiliation, valid_to: date, notice_date: date | None = None
) -> Affiliation:
    """The exit notice (aviso de salida): the last day of work."""
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.employer is not None:
        scope_require_employer(actor, affiliation.employer)
    else:
        scope_require_person(actor, affiliation.person)
    if affiliation.valid_to is not None:
        raise DomainError(
            f"la afiliación ya terminó el {affiliation.valid_to:%d/%m/%Y}.", field="fin"
        )
    if valid_to < affiliation.valid_from:
        raise DomainError(
            f"la salida ({valid_to:%d/%m/%Y}) es anterior a la entrada "
            f"({affiliation.valid_from:%d/%m/%Y}).",
            field="fin",
        )
    if affiliation.salary_records.filter(valid_from__gt=valid_to).exists():
        raise DomainError("hay cambios de salario posteriores a la salida.", field="fin")
    affiliation.valid_to = valid_to
    affiliation.exit_notice_date = notice_date or date.today()
    affiliation.save(update_fields=["valid_to", "exit_notice_date"])
    audit_event_record(
        actor=actor,
        action="affiliation.end",
        target=affiliation,
        summary=f"Aviso de salida de {affiliation.person.identifier}",
        data={"valid_to": valid_to, "notice_date": affiliation.exit_notice_date},
    )
    return affiliation


@transaction.atomic
def salary_change(
    *, actor: Any, affiliation: Affiliation, valid_from: date, salary: Any
) -> SalaryRecord:
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if affiliation.employer is not None:
        scope_require_employer(actor, affiliation.employer)
    else:
        scope_require_person(actor, affiliation.person)
    if valid_from < affiliation.valid_from or (
        affiliation.valid_to is not None and valid_from > affiliation.valid_to
    ):
        raise DomainError("el cambio de salario cae fuera de la afiliación.", field="vigente desde")
    amount = _money(salary, "salario")
    record, _created = SalaryRecord.objects.update_or_create(
        affiliation=affiliation, valid_from=valid_from, defaults={"salary": amount}
    )
    audit_event_record(
        actor=actor,
        action="salary.change",
        target=record,
        summary=f"Salario de {affiliation.person.identifier} desde {valid_from:%d/%m/%Y}",
        data={"affiliation": affiliation.pk, "salary": amount, "valid_from": valid_from},
    )
    return record


@transaction.atomic
def dependent_add(
    *, actor: Any, holder: Person, person: Person, kind: str, valid_from: date
) -> Dependent:
    """Spouse or partner (health extension, no end) or child (coverage ends at 18)."""
    scope_require_person(actor, holder)
    if holder.pk == person.pk:
        raise DomainError("una persona no puede ser su propio dependiente.", field="dependiente")
    _alive_on(holder, valid_from, "titular")
    _alive_on(person, valid_from, "dependiente")
    covered = Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    holder_is_insured = (
        holder.affiliations.filter(valid_from__lte=valid_from).filter(covered).exists()
        or holder.pensions.filter(valid_from__lte=valid_from).filter(covered).exists()
    )
    if not holder_is_insured:
        raise DomainError(
            "el titular no tiene afiliación ni pensión vigente en esa fecha.", field="titular"
        )
    valid_to: date | None = None
    if kind == DependentKind.CHILD:
        eighteenth = _add_years(person.birth_date, _child_age_limit(valid_from))
        if valid_from >= eighteenth:
            raise DomainError(
                f"el hijo o hija cumplió 18 años el {eighteenth:%d/%m/%Y}; la cobertura de "
                "hijos termina a esa edad.",
                field="fecha de nacimiento del dependiente",
            )
        valid_to = eighteenth - timedelta(days=1)
    elif kind != DependentKind.SPOUSE:
        raise DomainError(f"el tipo de dependiente {kind!r} no existe.", field="tipo")
    if Dependent.objects.filter(holder=holder, person=person).filter(covered).exists():
        raise DomainError("ya es dependiente vigente de este titular.", field="dependiente")
    dependent = Dependent.objects.create(
        holder=holder, person=person, kind=kind, valid_from=valid_from, valid_to=valid_to
    )
    audit_event_record(
        actor=actor,
        action="dependent.add",
        target=dependent,
        summary=f"{dependent.get_kind_display()} {person.identifier} de {holder.identifier}",
        data={"kind": kind, "valid_from": valid_from, "valid_to": valid_to},
    )
    return dependent


@transaction.atomic
def rural_family_register(
    *, actor: Any, organisation: RuralOrganisation, head: Person, valid_from: date
) -> RuralFamily:
    scope_require_canton(actor, organisation.canton)
    _alive_on(head, valid_from, "jefe de familia")
    if RuralMember.objects.filter(person=head, valid_to__isnull=True).exists():
        raise DomainError(
            "la persona ya pertenece a una familia campesina vigente.", field="jefe de familia"
        )
    if head.affiliations.filter(valid_to__isnull=True, regime__in=DEPENDENCY_REGIMES).exists():
        raise DomainError(
            "el jefe de familia no puede tener relación de dependencia con un empleador.",
            field="jefe de familia",
        )
    family = RuralFamily.objects.create(organisation=organisation, head=head, valid_from=valid_from)
    RuralMember.objects.create(
        family=family, person=head, role=RuralRole.HEAD, valid_from=valid_from
    )
    audit_event_record(
        actor=actor,
        action="rural_family.register",
        target=family,
        summary=f"Familia campesina de {head.identifier} en {organisation.name}",
        data={"organisation": organisation.code, "valid_from": valid_from},
    )
    return family


@transaction.atomic
def rural_member_add(
    *, actor: Any, family: RuralFamily, person: Person, role: str, valid_from: date
) -> RuralMember:
    scope_require_canton(actor, family.organisation.canton)
    _alive_on(person, valid_from, "persona")
    if role not in (RuralRole.BENEFICIARY, RuralRole.RETIREE):
        raise DomainError(
            "solo se agregan beneficiarios o jubilados; el jefe se registra con la familia.",
            field="condición",
        )
    if RuralMember.objects.filter(person=person, valid_to__isnull=True).exists():
        raise DomainError(
            "la persona ya pertenece a una familia campesina vigente.", field="persona"
        )
    member = RuralMember.objects.create(
        family=family, person=person, role=role, valid_from=valid_from
    )
    audit_event_record(
        actor=actor,
        action="rural_member.add",
        target=member,
        summary=f"{member.get_role_display()} {person.identifier} en la familia {family.pk}",
        data={"role": role, "valid_from": valid_from},
    )
    return member


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    first_names: str,
    last_names: str,
    sex: str,
    birth_date: date,
    canton_code: str,
) -> Person:
    """Correct a person's names, sex, birth date or domicile (the cédula is never changed)."""
    scope_require_person(actor, person)
    canton = _canton_get(canton_code)
    scope_require_canton(actor, canton)
    if person.death_date is not None and person.death_date < birth_date:
        raise DomainError(
            "la fecha de nacimiento es posterior al fallecimiento.", field="fecha de nacimiento"
        )
    before = {
        "first_names": person.first_names,
        "last_names": person.last_names,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "canton": person.canton_id,
    }
    person.first_names, person.last_names = first_names.strip(), last_names.strip()
    person.sex, person.birth_date, person.canton = sex, birth_date, canton
    person.save()
    audit_event_record(
        actor=actor,
        action="person.update",
        target=person,
        summary=f"Corrección de datos de {person.identifier}",
        data={"before": before},
    )
    return person


@transaction.atomic
def employer_update(
    *,
    actor: Any,
    employer: Employer,
    name: str,
    canton_code: str,
    legal_representative: Person | None,
) -> Employer:
    scope_require_employer(actor, employer)
    canton = _canton_get(canton_code)
    scope_require_canton(actor, canton)
    if employer.kind != EmployerKind.NATURAL_PERSON and legal_representative is None:
        raise DomainError(
            "una sociedad o entidad pública necesita un representante legal.",
            field="representante legal",
        )
    before = {"name": employer.name, "canton": employer.canton_id}
    employer.name, employer.canton = name.strip(), canton
    employer.legal_representative = legal_representative
    employer.save()
    audit_event_record(
        actor=actor,
        action="employer.update",
        target=employer,
        summary=f"Actualización del empleador {employer.tax_id}",
        data={"before": before},
    )
    return employer


@transaction.atomic
def rural_organisation_register(
    *, actor: Any, code: str, name: str, canton_code: str
) -> RuralOrganisation:
    canton = _canton_get(canton_code)
    scope_require_canton(actor, canton)
    if not code.strip() or not name.strip():
        raise DomainError(
            "el código y el nombre de la organización son obligatorios.", field="código"
        )
    if RuralOrganisation.objects.filter(code=code.strip()).exists():
        raise DomainError(f"ya existe una organización con el código {code}.", field="código")
    organisation = RuralOrganisation.objects.create(
        code=code.strip(), name=name.strip(), canton=canton
    )
    audit_event_record(
        actor=actor,
        action="rural_organisation.register",
        target=organisation,
        summary=f"Organización campesina {organisation.name}",
        data={"canton": canton.code},
    )
    return organisation


@transaction.atomic
def user_scope_set(
    *,
    actor: Any,
    user: Any,
    province_code: str | None = None,
    employer: Employer | None = None,
    person: Person | None = None,
) -> UserScope:
    """Give a user their rows: a province, an employer or one person (only one of them)."""
    if sum(x is not None for x in (province_code, employer, person)) > 1:
        raise DomainError(
            "el ámbito es una provincia, un empleador o una persona, no varios.", field="ámbito"
        )
    scope, _ = UserScope.objects.get_or_create(user=user)
    before = {
        "province": scope.province_id,
        "employer": scope.employer_id,
        "person": scope.person_id,
    }
    scope.province_id, scope.employer, scope.person = province_code, employer, person
    scope.save()
    user.__dict__.pop("_seguro_scope", None)
    audit_event_record(
        actor=actor,
        action="user_scope.set",
        target=scope,
        summary=f"Ámbito del usuario {user}",
        data={"before": before, "province": province_code},
    )
    return scope
