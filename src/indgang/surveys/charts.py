"""The surveys' charts: mean scores on the 1-6 scale (drawn by core/charts.py)."""

from indgang.core import charts
from indgang.core.charts import data_uri

__all__ = ["bar_chart", "data_uri", "line_chart"]

SCALE = "Gennemsnit (1-6)"


def line_chart(*, title: str, categories: list[str], series: list[tuple[str, list]]) -> str:
    """A mean per series and category (e.g. per core element and quarter), over the scale."""
    return charts.line_chart(
        categories, series, title=title, ylabel=SCALE, ylim=(1, 6), join_gaps=True
    )


def bar_chart(*, title: str, categories: list[str], series: list[tuple[str, list]]) -> str:
    """A mean per category (e.g. per theme), one bar per series (e.g. per round)."""
    return charts.bar_chart(categories, series, title=title, ylabel=SCALE, ylim=(0, 6))
