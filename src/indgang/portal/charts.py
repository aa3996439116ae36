"""The feedback trend as a server-side SVG line chart (matplotlib, like reports/charts.py),
always shown with its data table."""

import io

from indgang.reports.charts import plt  # the shared SVG settings (fonts kept as text)

COLOURS = ["#004993", "#358000", "#b35c00", "#6f2a8a", "#88a8c9", "#5b5b5b"]


def lines(
    labels: list[str], series: list[tuple[str, list[float | None]]], *, title: str, ylabel: str
) -> str:
    """One line per series over the labels (months); gaps where a month has no answers."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    try:
        x = list(range(len(labels)))
        styles = ["-", "--", ":", "-."]
        for i, (name, values) in enumerate(series):
            points = [(xi, v) for xi, v in zip(x, values, strict=True) if v is not None]
            if not points:
                continue
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                marker="o",
                linestyle=styles[(i // len(COLOURS)) % len(styles)],
                color=COLOURS[i % len(COLOURS)],
                label=name,
            )
        ax.set_xticks(x, labels, rotation=45, ha="right")
        ax.set_ylim(1, 6.2)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if series:
            # Beside the plot, clear of the data (as the survey charts do).
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.find("<svg") :]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
