"""Danish public holidays and working-day arithmetic.

The official public holidays (*helligdage*, helligdagsloven) are counted:

- nytårsdag (1 January), skærtorsdag, langfredag, påskedag, 2. påskedag,
  store bededag (the fourth Friday after Easter; abolished from 2024 by lov nr. 97 of
  28 February 2023, so it counts up to and including 2023 only),
  Kristi himmelfartsdag (Easter + 39), pinsedag (Easter + 49), 2. pinsedag (Easter + 50),
  juledag (25 December) and 2. juledag (26 December).

Juleaften (24 December), nytårsaftensdag (31 December) and grundlovsdag (5 June) are *not*
public holidays: most municipal offices close or close early by agreement, but a statutory
deadline still runs through them. They are listed in ``CUSTOMARY_DAYS_OFF`` and count as
days off only when a caller asks for it (``customary=True``).

Easter Sunday comes from the anonymous Gregorian computus (Meeus/Jones/Butcher).
"""

from datetime import date, timedelta
from functools import lru_cache

STORE_BEDEDAG_LAST_YEAR = 2023


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (valid for every year from 1583)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=256)
def _holidays(year: int, customary: bool) -> dict[date, str]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Nytårsdag",
        easter - timedelta(days=3): "Skærtorsdag",
        easter - timedelta(days=2): "Langfredag",
        easter: "Påskedag",
        easter + timedelta(days=1): "2. påskedag",
        easter + timedelta(days=39): "Kristi himmelfartsdag",
        easter + timedelta(days=49): "Pinsedag",
        easter + timedelta(days=50): "2. pinsedag",
        date(year, 12, 25): "Juledag",
        date(year, 12, 26): "2. juledag",
    }
    if year <= STORE_BEDEDAG_LAST_YEAR:
        days[easter + timedelta(days=26)] = "Store bededag"
    if customary:
        for (month, day), name in CUSTOMARY_DAYS_OFF.items():
            days.setdefault(date(year, month, day), name)
    return dict(sorted(days.items()))


CUSTOMARY_DAYS_OFF = {
    (6, 5): "Grundlovsdag",
    (12, 24): "Juleaften",
    (12, 31): "Nytårsaftensdag",
}


def holidays(year: int, *, customary: bool = False) -> dict[date, str]:
    """The year's public holidays (and, if asked, the customary days off), by date."""
    return dict(_holidays(year, customary))


def holiday_name(day: date, *, customary: bool = False) -> str | None:
    return _holidays(day.year, customary).get(day)


def is_working_day(day: date, *, customary: bool = False) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year, customary)


def add_working_days(start: date, days: int, *, customary: bool = False) -> date:
    """The date ``days`` working days after ``start`` (before it, if negative).

    ``start`` itself is never counted, so the result of a non-zero ``days`` is always a
    working day; ``add_working_days(d, 0)`` returns ``d`` unchanged.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, customary=customary):
            remaining -= 1
    return day


def working_day_on_or_before(day: date, *, customary: bool = False) -> date:
    """The last working day on or before ``day`` (a due date that falls on a day off)."""
    while not is_working_day(day, customary=customary):
        day -= timedelta(days=1)
    return day


def working_days_between(start: date, end: date, *, customary: bool = False) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start, customary=customary)
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=n), customary=customary)
    )
