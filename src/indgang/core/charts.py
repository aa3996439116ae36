"""The one place where charts are drawn: SVG made on the server with matplotlib's object API
(no pyplot state, so threads and requests don't share a figure), in one look for every app.

Each app's charts.py only says which data and titles. A chart is always shown with its data
table: as an image (`data_uri`, alt text = the title; the page's CSP forbids inline styles) or
inline in a page or PDF (`inline`, role="img" and aria-label = the title).
"""

import base64
import io
import math
from html import escape

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

COLOURS = ["#004993", "#358000", "#b35c00", "#6f2a8a", "#88a8c9", "#5b5b5b"]
# Bars side by side: a dark and a light blue read as "then" and "now".
BAR_COLOURS = ["#004993", "#88a8c9", "#358000", "#b0b0b0"]
# Lines are told apart without colour too; 6 colours x 4 styles give 12 distinct lines.
STYLES = ["-", "--", ":", "-."]
WIDTH = 7  # inches; the pages show charts 700 px wide
HEIGHT = 3.6

STYLE = {
    "svg.fonttype": "none",  # text stays text: searchable, and the PDF's font
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "indgang",  # stable ids, so the same data draws the same SVG
}


def _axes(height: float = HEIGHT) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height))
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _finish(figure: Figure, axes: Axes, *, title: str, legend: bool) -> str:
    axes.set_title(title, fontsize="medium")
    if legend:
        # Beside the plot, clear of the data.
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def line_chart(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    title: str,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
    slanted_labels: bool = False,
    join_gaps: bool = False,
) -> str:
    """One line per series over the labels. A missing value is a gap in the line, or with
    ``join_gaps`` the line goes straight on to the next value. Returns the SVG."""
    with rc_context(STYLE):
        figure, axes = _axes()
        x = list(range(len(labels)))
        for i, (name, values) in enumerate(series):
            points = list(zip(x, values, strict=True))
            if all(v is None for _, v in points):
                continue
            if join_gaps:
                points = [(xi, v) for xi, v in points if v is not None]
            axes.plot(
                [xi for xi, _ in points],
                [math.nan if v is None else v for _, v in points],  # NaN: the line breaks there
                marker="o",
                color=COLOURS[i % len(COLOURS)],
                linestyle=STYLES[i % len(STYLES)],
                label=name,
            )
        if slanted_labels:
            axes.set_xticks(x, labels, rotation=45, ha="right")
        else:
            axes.set_xticks(x, labels)
        if ylim:
            axes.set_ylim(*ylim)
        axes.set_ylabel(ylabel)
        axes.grid(axis="y", alpha=0.3)
        return _finish(figure, axes, title=title, legend=bool(series))


def bar_chart(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    title: str,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
    horizontal: bool = False,
) -> str:
    """Grouped bars, one colour per series; a missing value is an empty bar. Horizontal bars
    (one row per label, top down) carry their value at the end. Returns the SVG."""
    groups = max(len(series), 1)
    size = 0.8 / groups
    height = 0.5 + 0.45 * len(labels) * groups if horizontal else HEIGHT
    with rc_context(STYLE):
        figure, axes = _axes(height)
        for i, (name, values) in enumerate(series):
            positions = [n + i * size for n in range(len(labels))]
            heights = [v or 0 for v in values]
            colour = BAR_COLOURS[i % len(BAR_COLOURS)]
            if horizontal:
                bars = axes.barh(positions, heights, height=size, label=name, color=colour)
                axes.bar_label(bars, labels=[f"{v:g}" for v in heights], padding=2)
            else:
                axes.bar(positions, heights, width=size, label=name, color=colour)
        centres = [n + size * (len(series) - 1) / 2 for n in range(len(labels))]
        if horizontal:
            axes.set_yticks(centres, labels)
            axes.invert_yaxis()
            axes.set_xlabel(ylabel)
        else:
            axes.set_xticks(centres, labels)
            axes.tick_params(axis="x", labelrotation=20, labelsize="small")
            axes.set_ylabel(ylabel)
        if ylim:
            (axes.set_xlim if horizontal else axes.set_ylim)(*ylim)
        return _finish(figure, axes, title=title, legend=bool(series))


def data_uri(svg: str) -> str:
    """The SVG as an image source (img-src data:): it scales to a phone's width."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def inline(svg: str, *, title: str) -> str:
    """The SVG for a page or PDF as it is (no XML declaration), named for screen readers."""
    svg = svg[svg.find("<svg") :]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
