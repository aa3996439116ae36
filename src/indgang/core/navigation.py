"""The main navigation, per role: each entry shows only to those who may use it."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None  # None: every logged-in user with a case role


ITEMS = (
    NavItem("Forside", "home"),
    NavItem("Familier", "family_list", "families.browse"),
    NavItem("Deltagerliste", "participant_list", "families.view_participant_list"),
    NavItem("Sagstal", "caseload", "families.view_caseload"),
    NavItem("Log", "audit_search", "audit.search"),
    NavItem("Stikprøver", "spot_check", "audit.spot_check"),
    NavItem("Administration", "admin:index", "organisation.administer"),
)


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path
    entries = []
    for item in ITEMS:
        if item.perm and not user.has_perm(item.perm):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        entries.append({"label": item.label, "url": url, "current": current})
    return entries
