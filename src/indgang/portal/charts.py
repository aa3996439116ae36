"""The feedback trend as an inline SVG line chart (drawn by core/charts.py), always shown with
its data table."""

from indgang.core import charts


def lines(
    labels: list[str], series: list[tuple[str, list[float | None]]], *, title: str, ylabel: str
) -> str:
    """One line per series over the labels (months); a month without answers is passed over."""
    svg = charts.line_chart(
        labels,
        series,
        title=title,
        ylabel=ylabel,
        ylim=(1, 6.2),
        slanted_labels=True,
        join_gaps=True,
    )
    return charts.inline(svg, title=title)
