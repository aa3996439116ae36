from decimal import Decimal

from django import template

from indgang.reports.economics import kr as _kr

register = template.Library()


@register.filter
def kr(value, places=2):
    """Danish amount: 16.777,65 (``|kr:0`` for whole kroner)."""
    if value is None or value == "":
        return ""
    return _kr(Decimal(str(value)), int(places))


@register.filter
def percent(value, places=0):
    """A share 0..1 as Danish per cent: 0,7368 → 74 %."""
    if value is None:
        return ""
    return f"{_kr(Decimal(str(value)) * 100, int(places))} %"
