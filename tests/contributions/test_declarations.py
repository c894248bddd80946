"""declaration_submit: every rule on both sides of its threshold, rectification, scope, and the
declarations generated from the affiliations (one employer, and set-based for a whole month)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from seguro.contributions import generation
from seguro.contributions.declarations import (
    DeclarationRejected,
    LineInput,
    declaration_generate_from_affiliations,
    declaration_submit,
    declarations_generate_bulk,
    minimum_for_days,
)
from seguro.contributions.models import (
    DeclarationLine,
    DeclarationSource,
    DeclarationStatus,
    Novelty,
    PayrollDeclaration,
)
from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent, JobRun
from seguro.registry import ids, services
from tests import factories
from tests.contributions.declaring import MARCH_2024, employer_with_workers, hire, stored_counts

pytestmark = pytest.mark.django_db


def line(affiliation: Any, salary: str, days: int = 30, row: int = 2, **kw: Any) -> LineInput:
    return LineInput(
        row=row,
        cedula=affiliation.person.national_id,
        salary=Decimal(salary),
        days=days,
        novelty=kw.get("novelty", Novelty.NONE),
    )


def submit(employer: Any, lines: list[LineInput], period: date = MARCH_2024, **kw: Any) -> Any:
    return declaration_submit(
        actor=kw.get("actor"),
        employer=employer,
        period=period,
        lines=lines,
        source=kw.get("source", DeclarationSource.UPLOAD),
    )


def rejected(employer: Any, lines: list[LineInput], period: date = MARCH_2024, **kw: Any) -> Any:
    before = stored_counts()
    with pytest.raises(DeclarationRejected) as caught:
        submit(employer, lines, period, **kw)
    assert stored_counts() == before
    return caught.value.errors


def test_in_march_2024_a_full_month_at_exactly_the_sbu_of_460_is_accepted() -> None:
    employer, (worker,) = employer_with_workers(1)
    declaration = submit(employer, [line(worker, "460.00", 30)])
    assert declaration.line_count == 1
    assert declaration.total_salary_cents == 46000
    assert declaration.lines.get().salary_cents == 46000


def test_in_march_2024_a_full_month_one_cent_under_the_sbu_is_refused() -> None:
    employer, (worker,) = employer_with_workers(1)
    (error,) = rejected(employer, [line(worker, "459.99", 30, row=7)])
    assert (error.row, error.field) == (7, "salario")
    assert "459.99" in error.message and "460.00" in error.message
    assert "salario básico unificado" in error.message


def test_fifteen_days_at_half_the_sbu_is_accepted_and_one_cent_less_is_not() -> None:
    employer, (worker,) = employer_with_workers(1)
    assert minimum_for_days(MARCH_2024, 15) == Decimal("460.00") * 15 / 30  # 230.00
    errors = rejected(employer, [line(worker, "229.99", 15)])
    assert "460.00 x 15 / 30 = USD 230.00" in errors[0].message
    assert "redondeado al centavo" in errors[0].message
    assert submit(employer, [line(worker, "230.00", 15)]).total_salary_cents == 23000


def test_pro_rata_minimum_is_rounded_half_up_to_the_cent() -> None:
    # 460 x 7 / 30 = 107.3333... -> 107.33; 460 x 1 / 30 = 15.3333... -> 15.33
    assert minimum_for_days(MARCH_2024, 7) == Decimal("107.33")
    # SBU 2025 = 470: 470 x 1 / 30 = 15.6666... -> 15.67 (half-up)
    assert minimum_for_days(date(2025, 1, 1), 1) == Decimal("15.67")


def test_thirty_days_are_accepted_and_thirty_one_are_not() -> None:
    employer, (worker,) = employer_with_workers(1)
    (error,) = rejected(employer, [line(worker, "800.00", 31)])
    assert error.field == "dias" and "de 1 a 30" in error.message
    (zero,) = rejected(employer, [line(worker, "800.00", 0)])
    assert zero.field == "dias"
    assert submit(employer, [line(worker, "800.00", 30)]).lines.get().days_worked == 30


def test_an_affiliation_that_ended_the_day_before_the_period_cannot_be_declared() -> None:
    employer, (worker,) = employer_with_workers(1)
    services.affiliation_end(actor=None, affiliation=worker, valid_to=date(2024, 2, 29))
    (error,) = rejected(employer, [line(worker, "15.33", 1)])
    assert error.field == "cedula"
    assert "no está afiliado" in error.message and "terminó el 29/02/2024" in error.message


def test_an_affiliation_that_ends_on_the_first_day_of_the_period_can_be_declared() -> None:
    employer, (worker,) = employer_with_workers(1)
    services.affiliation_end(actor=None, affiliation=worker, valid_to=date(2024, 3, 1))
    declaration = submit(employer, [line(worker, "15.33", 1, novelty=Novelty.EXIT)])
    assert declaration.lines.get().affiliation_id == worker.pk


def test_a_worker_hired_after_the_period_is_not_affiliated_in_it() -> None:
    employer = factories.employer()
    later = hire(employer, start=date(2024, 4, 1))
    (error,) = rejected(employer, [line(later, "800.00")])
    assert "empieza el 01/04/2024" in error.message


def test_the_current_month_can_be_declared_from_its_first_day_but_not_the_next() -> None:
    employer, (worker,) = employer_with_workers(1)
    current = timezone.localdate().replace(day=1)
    following = (current + timedelta(days=31)).replace(day=1)
    (error,) = rejected(employer, [line(worker, "800.00")], period=following)
    assert error.field == "periodo" and "futuro" in error.message
    assert submit(employer, [line(worker, "800.00")], period=current).period == current


def test_the_period_is_the_first_day_of_a_month() -> None:
    employer, (worker,) = employer_with_workers(1)
    errors = rejected(employer, [line(worker, "800.00")], period=date(2024, 3, 15))
    assert [e.field for e in errors] == ["periodo"]


@pytest.mark.parametrize("status", ["running", "done"])
def test_a_closed_period_is_refused_with_a_clear_message(status: str) -> None:
    employer, (worker,) = employer_with_workers(1)
    JobRun.objects.create(job="close-month", period=MARCH_2024, status=status)
    (error,) = rejected(employer, [line(worker, "800.00")])
    assert error.field == "periodo"
    assert "03/2024 está cerrado" in error.message
    assert "ya no recibe planillas ni rectificaciones" in error.message
    assert submit(employer, [line(worker, "800.00")], period=date(2024, 4, 1))


def test_invalid_unknown_and_foreign_cedulas_and_duplicates_are_all_reported() -> None:
    employer, (worker,) = employer_with_workers(1)
    _, (stranger,) = employer_with_workers(1)
    unknown = ids.cedula_make("11", 9_876_543)
    lines = [
        line(worker, "800.00", row=2),
        LineInput(row=3, cedula="1104680136", salary=Decimal("800"), days=30),
        LineInput(row=4, cedula=unknown, salary=Decimal("800"), days=30),
        line(stranger, "800.00", row=5),
        line(worker, "800.00", row=6),
    ]
    errors = rejected(employer, lines)
    assert [(e.row, e.field) for e in errors] == [
        (3, "cedula"),
        (4, "cedula"),
        (5, "cedula"),
        (6, "cedula"),
    ]
    assert "dígito verificador" in errors[0].message
    assert "ninguna persona registrada" in errors[1].message
    assert f"no está afiliado con el empleador {employer.tax_id}" in errors[2].message
    assert "repetida" in errors[3].message and "fila 2" in errors[3].message


def test_salary_must_be_positive_with_two_decimals_and_novelty_known() -> None:
    employer, (a, b, c) = employer_with_workers(3)
    lines = [
        line(a, "0", row=2),
        line(b, "800.005", row=3),
        LineInput(row=4, cedula=c.person.national_id, salary=Decimal(800), days=30, novelty="x"),
    ]
    errors = rejected(employer, lines)
    assert [(e.row, e.field) for e in errors] == [(2, "salario"), (3, "salario"), (4, "novedad")]


def test_a_declaration_without_lines_is_refused() -> None:
    employer = factories.employer()
    (error,) = rejected(employer, [])
    assert "no tiene líneas" in error.message


def test_a_second_declaration_rectifies_the_first_and_both_are_kept() -> None:
    employer, (a, b) = employer_with_workers(2)
    first = submit(employer, [line(a, "800.00")])
    second = submit(employer, [line(a, "850.00", row=2), line(b, "900.00", row=3)])
    first.refresh_from_db()
    assert first.status == DeclarationStatus.SUPERSEDED and first.version == 1
    assert second.status == DeclarationStatus.ACTIVE and second.version == 2
    assert second.replaces_id == first.pk
    assert first.lines.count() == 1 and second.lines.count() == 2
    assert second.total_salary_cents == 175000
    third = submit(employer, [line(a, "860.00")])
    assert third.version == 3 and third.replaces_id == second.pk
    assert PayrollDeclaration.objects.filter(employer=employer).count() == 3
    events = AuditEvent.objects.filter(target_type="contributions.payrolldeclaration")
    actions = list(events.order_by("id").values_list("action", flat=True))
    assert actions == ["declaration.submit", "declaration.rectify", "declaration.rectify"]
    last = events.get(target_id=str(second.pk)).data
    assert last["line_count"] == 2 and last["total_salary_cents"] == 175000
    assert last["replaces"] == first.pk


def test_an_employer_user_declares_only_for_its_own_employer() -> None:
    employer, (worker,) = employer_with_workers(1)
    other, (other_worker,) = employer_with_workers(1)
    user = factories.user("employer", employer=employer)
    assert submit(employer, [line(worker, "800.00")], actor=user).submitted_by == user
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        submit(other, [line(other_worker, "800.00")], actor=user)


def test_provincial_staff_declare_only_for_employers_of_their_province() -> None:
    loja, (loja_worker,) = employer_with_workers(1)
    quito, (quito_worker,) = employer_with_workers(1, canton=factories.PICHINCHA_CANTON)
    clerk = factories.user("clerk", province="11")
    assert submit(loja, [line(loja_worker, "800.00")], actor=clerk)
    with pytest.raises(DomainError, match="fuera de su ámbito"):
        submit(quito, [line(quito_worker, "800.00")], actor=clerk)


def _month_of_changes() -> Any:
    """An employer whose March 2024 has a full month, an entry, an exit, a salary change, a
    salary under the SBU, a worker gone in February and one hired in April."""
    employer = factories.employer()
    full = hire(employer, salary="1000.00")
    entry = hire(employer, start=date(2024, 3, 16), salary="900.00")  # days 16..30 = 15
    leaving = hire(employer, salary="600.00")
    services.affiliation_end(actor=None, affiliation=leaving, valid_to=date(2024, 3, 10))
    changed = hire(employer, salary="700.00")
    services.salary_change(
        actor=None, affiliation=changed, valid_from=date(2024, 3, 5), salary="750.00"
    )
    low = hire(employer, start=date(2023, 6, 1), salary="450.00")  # SBU 2023; 2024 is 460
    gone = hire(employer, salary="800.00")
    services.affiliation_end(actor=None, affiliation=gone, valid_to=date(2024, 2, 29))
    hire(employer, start=date(2024, 4, 1))
    last_day = hire(employer, start=date(2024, 3, 31), salary="900.00")  # day 31 -> 1 day
    return employer, {
        "full": full,
        "entry": entry,
        "leaving": leaving,
        "changed": changed,
        "low": low,
        "last_day": last_day,
    }


def test_generated_declaration_takes_days_salaries_and_novelties_from_the_affiliations() -> None:
    employer, workers = _month_of_changes()
    declaration = declaration_generate_from_affiliations(
        actor=None, employer=employer, period=MARCH_2024
    )
    assert declaration.source == DeclarationSource.SYNTH
    got = {
        line.affiliation_id: (line.days_worked, line.salary_cents, line.novelty)
        for line in declaration.lines.all()
    }
    assert got == {
        workers["full"].pk: (30, 100000, Novelty.NONE),
        workers["entry"].pk: (15, 45000, Novelty.ENTRY),  # 900 x 15 / 30
        workers["leaving"].pk: (10, 20000, Novelty.EXIT),  # 600 x 10 / 30
        workers["changed"].pk: (30, 75000, Novelty.SALARY_CHANGE),
        workers["low"].pk: (30, 46000, Novelty.NONE),  # raised to the 2024 SBU
        workers["last_day"].pk: (1, 3000, Novelty.ENTRY),  # 900 / 30
    }
    assert declaration.total_salary_cents == sum(v[1] for v in got.values())


def _lines_of(period: date) -> set[tuple[int, int, int, int, int, str, int]]:
    rows = DeclarationLine.objects.filter(declaration__period=period).values_list(
        "declaration__employer_id",
        "person_id",
        "affiliation_id",
        "salary_cents",
        "days_worked",
        "novelty",
        "row_number",
    )
    return set(rows)


def test_bulk_generation_writes_the_same_lines_as_one_employer_at_a_time() -> None:
    employer, _ = _month_of_changes()
    second, _ = employer_with_workers(2, salary="1234.56")
    for one in (employer, second):
        declaration_generate_from_affiliations(actor=None, employer=one, period=MARCH_2024)
    one_by_one = _lines_of(MARCH_2024)
    PayrollDeclaration.objects.all().delete()
    written = declarations_generate_bulk(period=MARCH_2024, progress=False)
    assert written == len(one_by_one) == 8
    assert _lines_of(MARCH_2024) == one_by_one
    for declaration in PayrollDeclaration.objects.all():
        lines = declaration.lines.all()
        assert declaration.line_count == len(lines)
        assert declaration.total_salary_cents == sum(x.salary_cents for x in lines)
        assert (declaration.version, declaration.status) == (1, DeclarationStatus.ACTIVE)
    event = AuditEvent.objects.get(action="declaration.generate_bulk")
    assert event.data["lines"] == 8 and event.data["declarations"] == 2


def test_bulk_generation_skips_employers_already_declared_and_honours_employer_ids() -> None:
    first, (worker,) = employer_with_workers(1)
    second, _ = employer_with_workers(2)
    third, _ = employer_with_workers(3)
    submit(first, [line(worker, "800.00")])
    assert (
        declarations_generate_bulk(period=MARCH_2024, employer_ids=[second.pk], progress=False) == 2
    )
    assert declarations_generate_bulk(period=MARCH_2024, progress=False) == 3  # only the third
    assert declarations_generate_bulk(period=MARCH_2024, progress=False) == 0  # rerun: nothing
    assert PayrollDeclaration.objects.filter(period=MARCH_2024).count() == 3
    assert PayrollDeclaration.objects.get(employer=third).line_count == 3


def test_bulk_generation_refuses_a_closed_period() -> None:
    employer_with_workers(1)
    JobRun.objects.create(job="close-month", period=MARCH_2024, status="done")
    with pytest.raises(DeclarationRejected):
        declarations_generate_bulk(period=MARCH_2024, progress=False)
    assert not PayrollDeclaration.objects.exists()


def test_line_days_on_a_thirty_day_month() -> None:
    feb = date(2024, 2, 1)
    assert generation.line_days(date(2020, 1, 1), None, feb) == 30
    assert generation.line_days(date(2020, 1, 1), date(2024, 2, 29), feb) == 30  # to month end
    assert generation.line_days(date(2024, 2, 15), None, feb) == 16
    assert generation.line_days(date(2020, 1, 1), date(2024, 2, 10), feb) == 10
    assert generation.line_days(date(2024, 3, 31), None, date(2024, 3, 1)) == 1


def _schema_of(tables: tuple[str, ...]) -> set[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) "
            "UNION SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [list(tables), list(tables)],
        )
        return set(cursor.fetchall())


def test_big_bulk_batches_on_postgresql_put_back_every_constraint_and_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the rebuild of constraints and indexes is PostgreSQL's")
    tables = (generation.DECLARATIONS, generation.DECLARATION_LINES)
    before = _schema_of(tables)
    assert len(before) > 10
    employer, _ = _month_of_changes()
    monkeypatch.setattr(generation, "REBUILD_MIN_ROWS", 1)
    assert declarations_generate_bulk(period=MARCH_2024, progress=False) == 6
    assert _schema_of(tables) == before
    event = AuditEvent.objects.get(action="declaration.generate_bulk")
    assert set(event.data["rebuilt"]) == set(tables)
    duplicate = DeclarationLine.objects.filter(declaration__employer=employer).first()
    assert duplicate is not None
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():  # the unique index is back
        DeclarationLine.objects.create(
            declaration=duplicate.declaration,
            row_number=99,
            person=duplicate.person,
            affiliation=duplicate.affiliation,
            salary_cents=1,
            days_worked=1,
        )
