"""The handover snapshot: what the case holds, gathered as plain sections.

Families knows no app above it, so each app declares a function in
``settings.HANDOVER_SECTIONS`` (dotted paths to ``f(*, case, today) -> list[section]``). A
section is a plain dict: ``{"key": str, "title": str, "items": [str, ...]}``. The leaving
coordinator gets the sections as pre-filled text to add to and edit; the note keeps them in
the same order, so the new coordinator reads the same structure.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from indgang.families.models import Case, PartnerLink
from indgang.organisation.models import CoreTeamMembership


def section(key: str, title: str, items: list[str]) -> dict:
    return {"key": key, "title": title, "items": [str(i) for i in items]}


def as_text(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def handover_sections(*, case: Case, today: date | None = None) -> list[dict]:
    """Every app's sections for the case, in the order of the setting."""
    today = today or timezone.localdate()
    sections = []
    for path in settings.HANDOVER_SECTIONS:
        sections.extend(import_string(path)(case=case, today=today))
    return sections


def people_sections(*, case: Case, today: date) -> list[dict]:
    """Partners linked to the case and the centre's core team."""
    links = (
        PartnerLink.objects.filter(case=case, linked_on__lte=today)
        .exclude(unlinked_on__lte=today)
        .select_related("user", "user__department")
        .order_by("user__first_name", "user__last_name")
    )
    partners = [
        f"{link.user.get_full_name() or link.user}: {link.role_in_case}"
        + (f" ({link.user.department.name})" if link.user.department_id else "")
        + (f", tlf. {link.user.phone}" if link.user.phone else "")
        for link in links
    ]
    members = (
        CoreTeamMembership.objects.filter(centre_id=case.centre_id, user__is_active=True)
        .select_related("user")
        .order_by("kind", "user__first_name", "user__last_name")
    )
    core = [
        f"{m.user.get_full_name() or m.user}"
        + (f", {m.user.profession}" if m.user.profession else "")
        + f" ({m.get_kind_display().lower()})"
        for m in members
    ]
    return [
        section("partners", "Samarbejdspartnere", partners),
        section("core_team", "Kerneteamet", core),
    ]
