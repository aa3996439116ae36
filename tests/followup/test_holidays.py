"""Danish public holidays and working days."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indgang.core.holidays import (
    add_working_days,
    easter_sunday,
    holiday_name,
    holidays,
    is_working_day,
    working_day_on_or_before,
    working_days_between,
)

KNOWN_EASTERS = {
    1818: date(1818, 3, 22),  # the earliest possible
    1943: date(1943, 4, 25),  # the latest possible
    2000: date(2000, 4, 23),
    2019: date(2019, 4, 21),
    2023: date(2023, 4, 9),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2027: date(2027, 3, 28),
    2038: date(2038, 4, 25),
}

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(("year", "expected"), sorted(KNOWN_EASTERS.items()))
def test_easter_for_known_years(year, expected):
    assert easter_sunday(year) == expected


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_the_holidays_of_2026():
    assert holidays(2026) == {
        date(2026, 1, 1): "Nytårsdag",
        date(2026, 4, 2): "Skærtorsdag",
        date(2026, 4, 3): "Langfredag",
        date(2026, 4, 5): "Påskedag",
        date(2026, 4, 6): "2. påskedag",
        date(2026, 5, 14): "Kristi himmelfartsdag",
        date(2026, 5, 24): "Pinsedag",
        date(2026, 5, 25): "2. pinsedag",
        date(2026, 12, 25): "Juledag",
        date(2026, 12, 26): "2. juledag",
    }


def test_store_bededag_counts_until_2023_only():
    assert holiday_name(date(2023, 5, 5)) == "Store bededag"
    assert date(2024, 4, 26) not in holidays(2024)  # it would have been 26 April 2024
    assert is_working_day(date(2024, 4, 26))
    assert "Store bededag" not in holidays(2030).values()


def test_christmas_eve_and_constitution_day_are_customary_only():
    assert is_working_day(date(2026, 12, 24))  # a Thursday, not a public holiday
    assert not is_working_day(date(2026, 12, 24), customary=True)
    assert is_working_day(date(2026, 6, 5))
    assert not is_working_day(date(2026, 6, 5), customary=True)


def test_working_days_over_easter_2024():
    # Wednesday 27 March 2024 + 1 working day: skærtorsdag, langfredag, the weekend and
    # 2. påskedag are skipped, so it is Tuesday 2 April.
    assert add_working_days(date(2024, 3, 27), 1) == date(2024, 4, 2)
    assert add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 27)
    assert working_day_on_or_before(date(2024, 3, 31)) == date(2024, 3, 27)
    assert working_days_between(date(2024, 3, 27), date(2024, 4, 2)) == 1


def test_christmas_2026():
    # Wednesday 23 December + 2 working days: 24 (Thursday) and 28 (Monday).
    assert add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 23), 2, customary=True) == date(2026, 12, 29)


@given(days, st.integers(min_value=1, max_value=60))
def test_adding_working_days_never_lands_on_a_day_off(start, n):
    for sign in (1, -1):
        end = add_working_days(start, sign * n)
        assert is_working_day(end)
        assert end.weekday() < 5 and holiday_name(end) is None
        if sign > 0:
            assert working_days_between(start, end) == n


@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_adding_working_days_composes(start, a, b):
    if not is_working_day(start):
        start = add_working_days(start, 1)
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


@given(days)
def test_the_working_day_on_or_before_is_at_most_a_few_days_back(day):
    found = working_day_on_or_before(day)
    assert is_working_day(found)
    assert timedelta(0) <= day - found <= timedelta(days=5)
    assert all(
        not is_working_day(found + timedelta(days=n)) for n in range(1, (day - found).days + 1)
    )
