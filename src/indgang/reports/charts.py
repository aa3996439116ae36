"""The reports' charts: counts and amounts as horizontal bars, inline in the page and the PDF
(drawn by core/charts.py), each shown with its data table for screen readers and print."""

from indgang.core import charts


def grouped_bars(
    labels: list[str], series: list[tuple[str, list[float]]], *, title: str, ylabel: str = ""
) -> str:
    """Horizontal grouped bars as an SVG string (without the XML declaration)."""
    svg = charts.bar_chart(labels, series, title=title, ylabel=ylabel, horizontal=True)
    return charts.inline(svg, title=title)
