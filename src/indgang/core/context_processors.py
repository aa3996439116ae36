from django.conf import settings
from django.core.cache import cache

# The statement's address changes a few times a year (in the admin); each process keeps it for
# a minute rather than reading it on every page.
STATEMENT_SECONDS = 60


def site(request):
    """What every page needs: the accessibility statement and the user's navigation."""
    user = getattr(request, "user", None)
    centre_id = getattr(user, "centre_id", None) if user and user.is_authenticated else None
    statement = settings.ACCESSIBILITY_STATEMENT_URL
    if centre_id is not None:
        statement = cache.get_or_set(
            f"indgang:statement:{centre_id}",
            lambda: _centre_statement(centre_id) or settings.ACCESSIBILITY_STATEMENT_URL,
            STATEMENT_SECONDS,
        )
    from indgang.core.navigation import navigation_for

    return {
        "accessibility_statement_url": statement,
        "navigation": navigation_for(request),
    }


def _centre_statement(centre_id: int) -> str:
    """The statement of the centre's first municipality, if it has one."""
    from indgang.organisation.models import Municipality

    first = Municipality.objects.filter(centres=centre_id).first()
    return first.accessibility_statement_url if first else ""
