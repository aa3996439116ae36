"""SVG charts drawn on the server (matplotlib's SVG backend), so they work in the PDF too.
Each chart is shown with its data table for screen readers and print."""

import io

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt

plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9})


def grouped_bars(
    labels: list[str], series: list[tuple[str, list[float]]], *, title: str, ylabel: str = ""
) -> str:
    """Horizontal grouped bars as an SVG string (without the XML declaration)."""
    fig, ax = plt.subplots(figsize=(7, 0.5 + 0.45 * len(labels) * max(len(series), 1)))
    try:
        height = 0.8 / max(len(series), 1)
        colours = ["#004993", "#88a8c9", "#358000", "#b0b0b0"]
        for i, (name, values) in enumerate(series):
            positions = [y + i * height for y in range(len(labels))]
            bars = ax.barh(positions, values, height=height, label=name, color=colours[i % 4])
            ax.bar_label(bars, labels=[f"{v:g}" for v in values], padding=2)
        ax.set_yticks([y + height * (len(series) - 1) / 2 for y in range(len(labels))], labels)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
        ax.set_title(title)
        ax.legend(loc="lower right", frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    svg = buffer.getvalue()
    start = svg.find("<svg")
    svg = svg[start:]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
