"""The cadence rules at their edges: month ends, leap years, holidays."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indgang.core.holidays import is_working_day
from indgang.followup.cadence import (
    MONTHS,
    WEEKS,
    Cadence,
    add_months,
    month_end,
    next_contact_due,
    next_followup_due,
)

KOS = Cadence(contact_every_months=1, followup_every=3, followup_unit=MONTHS)
WELFARE = Cadence(contact_every_months=None, followup_every=6, followup_unit=WEEKS)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clips_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        # A contact any day in November: the next is due by the last working day of December.
        (date(2026, 11, 1), date(2026, 12, 31)),
        (date(2026, 11, 30), date(2026, 12, 31)),
        # January 2028 contact: due by 29 February 2028 (leap year, a Tuesday).
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2027, 1, 31), date(2027, 2, 26)),  # 28 February 2027 is a Sunday
        # A February 2024 contact: March 2024 ends with Easter (28 March skærtorsdag to
        # 1 April 2. påskedag), so it is due by Wednesday 27 March.
        (date(2024, 2, 10), date(2024, 3, 27)),
        # An April 2026 contact: 31 May 2026 is a Sunday; Friday 29 May.
        (date(2026, 4, 30), date(2026, 5, 29)),
    ],
)
def test_next_contact_is_due_by_the_last_working_day_of_the_next_month(last, expected):
    assert next_contact_due(last, date(2020, 1, 1), 1) == expected


def test_without_a_contact_enrolment_counts_and_no_cadence_means_no_due_date():
    assert next_contact_due(None, date(2026, 11, 20), 1) == date(2026, 12, 31)
    assert next_contact_due(date(2026, 9, 2), date(2026, 11, 20), 1) == date(2026, 12, 31)
    assert next_contact_due(date(2026, 9, 2), date(2026, 1, 1), None) is None
    assert next_contact_due(date(2026, 9, 2), date(2026, 1, 1), 2) == date(2026, 11, 30)


@given(days, st.integers(min_value=1, max_value=6))
def test_a_contact_in_every_month_keeps_the_family_in_time(last, every):
    due = next_contact_due(last, date(2000, 1, 1), every)
    assert is_working_day(due)
    target = add_months(last.replace(day=1), every)
    assert (due.year, due.month) == (target.year, target.month)
    # No working day of the target month lies after it.
    assert all(not is_working_day(d) for d in _days_after(due, month_end(due)))


def _days_after(day, end):
    while day < end:
        day += timedelta(days=1)
        yield day


@pytest.mark.parametrize(
    ("base", "cadence", "expected"),
    [
        (date(2026, 8, 23), KOS, date(2026, 11, 23)),
        (date(2026, 8, 31), KOS, date(2026, 11, 30)),
        (
            date(2026, 9, 26),
            KOS,
            date(2026, 12, 24),
        ),  # 2. juledag: back to juleaften (a working day)
        (date(2027, 11, 29), KOS, date(2028, 2, 29)),
        (date(2026, 10, 12), WELFARE, date(2026, 11, 23)),
        (date(2026, 2, 23), WELFARE, date(2026, 4, 1)),  # 6 April is 2. påskedag: back past Easter
    ],
)
def test_next_followup_due(base, cadence, expected):
    assert next_followup_due(base, cadence) == expected


@given(days)
def test_followup_is_never_due_later_than_the_interval_nor_on_a_day_off(base):
    due = next_followup_due(base, KOS)
    assert is_working_day(due)
    assert due <= add_months(base, 3)
    assert add_months(base, 3) - due <= timedelta(days=6)
    assert next_followup_due(base, WELFARE) <= base + timedelta(weeks=6)
