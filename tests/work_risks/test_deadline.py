"""The term of the accident notice: ten working days from the working day after the event
(C.D. 517 Art. 14 c), national holidays excluded; the liability's fixed part is 1 SBU."""

from __future__ import annotations

from datetime import date

import pytest

from seguro.work_risks.law import liability_surcharge, report_deadline, statutory_holidays


@pytest.mark.parametrize(
    ("event", "due"),
    [
        # Mon 04-mar-2024: 5,6,7,8 (4) 11..15 (9) 18 (10) -> 18-mar.
        (date(2024, 3, 4), date(2024, 3, 18)),
        # Wed 20-mar-2024: 21,22,25,26,27,28 (6), Good Friday 29 skipped, 1,2,3,4-apr (10).
        (date(2024, 3, 20), date(2024, 4, 4)),
        # Fri 09-feb-2024: carnival 12-13 skipped; 14,15,16,19..23 (8), 26, 27 (10).
        (date(2024, 2, 9), date(2024, 2, 27)),
        # Mon 28-oct-2024: 29,30 (2); 31-oct decreed, 1-nov and 4-nov holidays; 5..8 (6),
        # 11..14 (10).
        (date(2024, 10, 28), date(2024, 11, 14)),
        # Sat 09-mar-2024: counting starts Monday 11: 11..15 (5), 18..22 (10).
        (date(2024, 3, 9), date(2024, 3, 22)),
        # Thu 22-dec-2022: 23 (1); Christmas rested Mon 26; 27..30 (5); 2..6-jan-2023 is
        # not all working: 2-jan-2023 rested (New Year moved) -> 3,4,5,6 (9), 9 (10).
        (date(2022, 12, 22), date(2023, 1, 9)),
    ],
)
def test_the_last_day_of_the_term_skips_weekends_and_holidays(event: date, due: date) -> None:
    assert report_deadline(event_date=event, reported_on=event).due_date == due


def test_a_notice_on_the_last_day_is_on_time_and_the_next_day_is_late() -> None:
    on_time = report_deadline(event_date=date(2024, 3, 20), reported_on=date(2024, 4, 4))
    late = report_deadline(event_date=date(2024, 3, 20), reported_on=date(2024, 4, 5))
    assert (on_time.late, on_time.days_used) == (False, 10)
    assert (late.late, late.days_used) == (True, 11)
    # Good Friday is what makes 04-apr the last day: without it 04-apr would be day 11.
    steps = [s["step"] for s in on_time.explanation]
    assert "Feriados nacionales de 2024 (días de descanso)" in steps
    assert on_time.explanation[0]["parameter"] == "work_risks.accident_report_term"
    assert "C.D. 517" in on_time.explanation[0]["reference"]


def test_a_year_without_a_holiday_list_uses_the_labour_code_dates_and_says_so() -> None:
    # Easter 2027 is 28-mar: Good Friday 26-mar. Mon 22-mar-2027: 23,24,25 (3), 29,30,31,
    # 1,2 (8), 5, 6 (10) -> 06-apr.
    assert date(2027, 3, 26) in statutory_holidays(2027)
    result = report_deadline(event_date=date(2027, 3, 22), reported_on=date(2027, 4, 6))
    assert result.due_date == date(2027, 4, 6)
    assert not result.late
    assert any("no constan en el calendario" in s["step"] for s in result.explanation)


@pytest.mark.parametrize(
    ("on", "cents"),
    [
        (date(2022, 6, 1), 42500),  # SBU 2022 = 425.00 x 1
        (date(2024, 3, 4), 46000),  # SBU 2024 = 460.00 x 1
        (date(2025, 5, 5), 47000),  # SBU 2025 = 470.00 x 1
    ],
)
def test_the_fixed_part_of_the_liability_is_one_minimum_wage(on: date, cents: int) -> None:
    amount, steps = liability_surcharge(on=on, reason="late_report")
    assert amount == cents
    assert [s.get("parameter") for s in steps[:2]] == [
        "general.minimum_wage",
        "work_risks.employer_liability",
    ]
