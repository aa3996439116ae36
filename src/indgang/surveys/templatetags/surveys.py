from django import template

register = template.Library()


@register.filter
def dk(value, digits=1):
    """A number with a decimal comma, "–" for none."""
    if value is None:
        return "–"
    return f"{value:.{int(digits)}f}".replace(".", ",")
