"""Validators shared by the forms: dates a case can have, Danish postcodes."""

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


validate_postcode = RegexValidator(
    r"\A[0-9]{4}\Z", message="Postnummeret skal være fire cifre, f.eks. 2635.", code="postcode"
)
