"""The Danish CPR number: validation, birth date and masking.

Modulus 11 is deliberately not checked: numbers issued since 2007 need not satisfy it.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ASCII digits only: ``\d`` would take any Unicode digit (full-width, Arabic-Indic), which
# int() reads as the same number but the database stores as different text, so one person
# could be registered twice. ``\Z`` rather than ``$``, which also matches before a newline.
_CPR_RE = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})-?([0-9]{4})\Z", re.ASCII)


def _century(year2: int, digit7: int) -> int:
    if digit7 <= 3:
        return 1900
    if digit7 in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def parse_cpr(value: str) -> tuple[str, date]:
    """Return the normalised ten digits and the birth date, or raise ValidationError."""
    match = _CPR_RE.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("CPR-nummeret skal have 10 cifre, f.eks. 010203-1234."), code="cpr_format"
        )
    day, month, year2, serial = match.groups()
    century = _century(int(year2), int(serial[0]))
    try:
        born = date(century + int(year2), int(month), int(day))
    except ValueError:
        raise ValidationError(
            _("CPR-nummerets første seks cifre er ikke en gyldig dato (DDMMÅÅ)."),
            code="cpr_date",
        ) from None
    return f"{day}{month}{year2}{serial}", born


def validate_cpr(value: str) -> None:
    parse_cpr(value)


def format_cpr(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}" if digits else ""


def mask_cpr(digits: str) -> str:
    """The birth-date part only, as shown to everyone who does not need the full number."""
    return f"{digits[:6]}-xxxx" if digits else ""


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
