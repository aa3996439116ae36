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
    NavItem("Min uge", "my_week", "families.browse"),
    NavItem("Mine opgaver", "my_tasks", "families.browse"),
    NavItem("Kerneteam", "core_team_agenda", "followup.core_team_agenda"),
    NavItem("Kerneteamets medlemmer", "core_team_members", "organisation.view_core_team"),
    NavItem("Deltagerliste", "participant_list", "families.view_participant_list"),
    NavItem("Sagstal", "caseload", "families.view_caseload"),
    NavItem("Kadence", "compliance", "families.view_participant_list"),
    NavItem("Årshjul", "annual_cycle", "followup.annual_cycle"),
    NavItem("Indsatser", "report_processing", "families.view_participant_list"),
    NavItem("Rapporter", "report_dashboard", "families.view_participant_list"),
    NavItem("Evaluering", "survey_list", "surveys.run_evaluation"),
    NavItem("Opsætning", "municipality_settings", "interventions.view_municipal_settings"),
    NavItem("Log", "audit_search", "oversight.audit_search"),
    NavItem("Hvem har set", "who_has_seen", "oversight.audit_search"),
    NavItem("Stikprøver", "spot_check", "oversight.spot_check"),
    NavItem("Værdispring", "value_jump_list", "oversight.audit_search"),
    NavItem("Import", "golive_import", "golive.import_families"),
    NavItem("Administration", "admin:index", "organisation.administer"),
)


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    path = request.path
    entries = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in ITEMS
        if not item.perm or user.has_perm(item.perm)
    ]
    # The deepest matching entry is the current one ("/log/stikproever/" is not also "/log/").
    matches = [
        e for e in entries if path == e["url"] or (e["url"] != "/" and path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["current"] = True
    return entries
