from django.shortcuts import render


def render_page(request, template: str, partial: str, context: dict):
    """The one place that decides between a full page and an htmx fragment."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, partial, context)
    return render(request, template, context)
