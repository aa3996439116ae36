"""Validators shared by the forms: dates a case can have, planned dates, Danish postcodes."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

# Wide enough for any birth date, decision or deadline the system holds, narrow enough that
# date arithmetic (a day later, a time zone away, a year ahead) never leaves Python's range.
MIN_YEAR = 1900
MAX_YEAR = 2100
DATE_RANGE_MESSAGE = f"Angiv en dato mellem år {MIN_YEAR} og {MAX_YEAR}."


def validate_date_range(value: date | datetime | None) -> None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


# Planned events (meetings, agreement deadlines, plan goals and follow-ups) are recorded from a
# year back (a meeting held and registered afterwards) to five years ahead; further out is
# almost always a typing error (a meeting in 1999, a deadline in 2062). Birth dates and other
# historical dates keep the wide range above.
PLANNED_YEARS_BACK = 1
PLANNED_YEARS_AHEAD = 5


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without it
        return day.replace(year=day.year + years, day=28)


def planned_window(today: date | None = None) -> tuple[date, date]:
    from django.utils import timezone

    today = today or timezone.localdate()
    return _years_from(today, -PLANNED_YEARS_BACK), _years_from(today, PLANNED_YEARS_AHEAD)


def validate_planned_date(value: date | datetime | None) -> None:
    """A planned date within a year back and five years ahead, with a clear Danish message."""
    if value is None:
        return
    from django.utils import timezone

    from indgang.core.templatetags.indgang_format import text_date

    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    first, last = planned_window()
    if not first <= value <= last:
        raise ValidationError(
            f"Angiv en dato mellem {text_date(first)} og {text_date(last)} – højst "
            f"{PLANNED_YEARS_BACK} år tilbage og {PLANNED_YEARS_AHEAD} år frem.",
            code="planned_range",
        )


validate_postcode = RegexValidator(
    r"\A[0-9]{4}\Z", message="Postnummeret skal være fire cifre, f.eks. 2635.", code="postcode"
)
