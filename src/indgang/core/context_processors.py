from django.conf import settings


def site(request):
    """What every page needs: the accessibility statement and the user's navigation."""
    user = getattr(request, "user", None)
    statement = settings.ACCESSIBILITY_STATEMENT_URL
    centre = getattr(user, "centre", None) if user and user.is_authenticated else None
    if centre is not None:
        first = next(iter(centre.municipalities.all()), None)
        if first and first.accessibility_statement_url:
            statement = first.accessibility_statement_url
    from indgang.core.navigation import navigation_for

    return {
        "accessibility_statement_url": statement,
        "navigation": navigation_for(request),
    }
