"""One Danish way of writing dates, and family names without "Familien Familien".

- ``{{ day|dato }}``: in running text, "17. dec. 2026" (Danish abbreviations: "maj" and "juni"
  need no dot; no English month names, whatever the active language).
- ``{{ day|kort_dato }}``: in tables, "17.12.2026".
- ``{{ moment|dato_tid }}``: "17. dec. 2026 kl. 14.30"; ``kort_dato_tid``: "17.12.2026 14.30".
  Date-times are shown in Europe/Copenhagen (the active time zone).
- ``{{ family|familien }}``: "Familien Hansen", also when the name already says "Familien".
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()

MONTHS_ABBR = (
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def text_date(value: date | datetime | None) -> str:
    """'17. dec. 2026'."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    return f"{value.day}. {MONTHS_ABBR[value.month - 1]} {value.year}"


def table_date(value: date | datetime | None) -> str:
    """'17.12.2026'."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def _clock(value: datetime) -> str:
    return f"{value.hour:02d}.{value.minute:02d}"


def text_datetime(value: datetime | None) -> str:
    """'17. dec. 2026 kl. 14.30'."""
    if not isinstance(value, datetime):
        return text_date(value)
    value = _local(value)
    return f"{text_date(value)} kl. {_clock(value)}"


def table_datetime(value: datetime | None) -> str:
    """'17.12.2026 14.30'."""
    if not isinstance(value, datetime):
        return table_date(value)
    value = _local(value)
    return f"{table_date(value)} {_clock(value)}"


def family_label(name) -> str:
    """'Familien Hansen' for 'Hansen' and for 'Familien Hansen' alike."""
    text = str(name or "").strip()
    if text.lower().startswith("familien "):
        return "Familien " + text[len("familien ") :]
    return f"Familien {text}" if text else "Familien"


def counted(n: int, one: str, many: str) -> str:
    """'1 aftale', '3 aftaler': the Danish form chosen by the number (never "aftale(r)")."""
    return f"{n} {one if n == 1 else many}"


register.filter("dato", text_date)
register.filter("kort_dato", table_date)
register.filter("dato_tid", text_datetime)
register.filter("kort_dato_tid", table_datetime)
register.filter("familien", family_label)
