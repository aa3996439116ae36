"""Reports as PDF (WeasyPrint); nothing is fetched from outside."""

from pathlib import Path

STYLESHEET = Path(__file__).parent / "templates" / "reports" / "report_pdf.css"


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"The report PDF loads no external resources: {url}")


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # imported on use: it is slow to load

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))]
    )
