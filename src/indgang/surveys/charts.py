"""SVG charts drawn on the server with matplotlib (Agg), shown next to their data table."""

import base64
import io

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

plt.rcParams["svg.hashsalt"] = "indgang"  # stable ids, so the same data draws the same SVG


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    """The page's CSP forbids inline styles, so the SVG is shown as an image (img-src data:);
    its alt text is the title, and the data table beside it carries the figures."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def line_chart(*, title: str, categories: list[str], series: list[tuple[str, list]]) -> str:
    figure = Figure(figsize=(7, 3.6))
    axes = figure.add_subplot()
    x = range(len(categories))
    for label, values in series:
        points = [(i, v) for i, v in zip(x, values, strict=True) if v is not None]
        if points:
            axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    axes.set_xticks(list(x), categories)
    axes.set_ylim(1, 6)
    axes.set_ylabel("Gennemsnit (1-6)")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    axes.set_title(title, fontsize="medium")
    return _svg(figure)


def bar_chart(*, title: str, categories: list[str], series: list[tuple[str, list]]) -> str:
    figure = Figure(figsize=(7, 3.6))
    axes = figure.add_subplot()
    width = 0.8 / max(len(series), 1)
    for index, (label, values) in enumerate(series):
        xs = [i + index * width for i in range(len(categories))]
        axes.bar(xs, [v or 0 for v in values], width=width, label=label)
    axes.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(categories))], categories)
    axes.tick_params(axis="x", labelrotation=20, labelsize="small")
    axes.set_ylim(0, 6)
    axes.set_ylabel("Gennemsnit (1-6)")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    axes.set_title(title, fontsize="medium")
    return _svg(figure)
