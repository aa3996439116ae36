"""Line charts drawn on the server as SVG (matplotlib, no pyplot state), for any app's page.

The page's CSP forbids inline styles, so a chart is shown as an image with a data: URI; its
alt text is the title, and the data table beside it carries the figures for screen readers.
"""

import base64
import io
import math

from matplotlib import rc_context
from matplotlib.figure import Figure

COLOURS = ["#004993", "#358000", "#b35c00", "#6f2a8a"]
STYLES = ["-", "--", ":", "-."]


def line_chart_uri(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    title: str,
    ylabel: str,
    ylim: tuple[float, float] | None = None,
) -> str:
    """One line per series over the labels; a missing value is a gap. Returns a data: URI."""
    figure = Figure(figsize=(7, 3.4))
    axes = figure.add_subplot()
    x = list(range(len(labels)))
    for i, (name, values) in enumerate(series):
        if any(v is not None for v in values):
            axes.plot(
                x,
                [math.nan if v is None else v for v in values],  # NaN: the line breaks there
                marker="o",
                color=COLOURS[i % len(COLOURS)],
                linestyle=STYLES[i % len(STYLES)],  # told apart without colour too
                label=name,
            )
    axes.set_xticks(x, labels)
    if ylim:
        axes.set_ylim(*ylim)
    axes.set_ylabel(ylabel)
    axes.set_title(title, fontsize="medium")
    axes.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize="small")
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):  # text stays text
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()
