"""The handover snapshot: what the case holds, gathered as plain sections.

Families knows no app above it, so each app declares a function in
``settings.HANDOVER_SECTIONS`` (dotted paths to ``f(*, case, today) -> list[section]``). A
section is a plain dict: ``{"key": str, "title": str, "items": [str, ...]}``. The leaving
coordinator gets the sections as pre-filled text to add to and edit ("- " per line); the note
keeps them in the same order, and the new coordinator reads each "- " run as a list
(``text_blocks``). Dates in the items are written as in running text: "17. dec. 2026".
"""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from indgang.families.models import Case, Handover, PartnerLink
from indgang.organisation.models import CoreTeamMembership


def section(key: str, title: str, items: list[str]) -> dict:
    return {"key": key, "title": title, "items": [str(i) for i in items]}


def as_text(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


BULLETS = ("- ", "– ", "• ", "* ")


def text_blocks(text: str) -> list[dict]:
    """A section's edited text as the reader sees it: a run of "- " lines is one list
    ``{"kind": "list", "items": [...]}``; other lines are paragraphs
    ``{"kind": "text", "lines": [...]}``, a blank line ending one."""
    blocks: list[dict] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            blocks.append({"kind": "gap"})
            continue
        bullet = next((b for b in BULLETS if line.startswith(b)), None)
        kind, value = ("list", line[len(bullet) :].strip()) if bullet else ("text", line)
        last = blocks[-1] if blocks else None
        if last and last["kind"] == kind:
            last["items" if kind == "list" else "lines"].append(value)
        else:
            blocks.append({"kind": kind, ("items" if kind == "list" else "lines"): [value]})
    return [b for b in blocks if b["kind"] != "gap"]


def handover_reading(handover: Handover) -> list[dict]:
    """The note's sections as ``{"title", "blocks"}``, in order; a note written before the
    structured handover keeps its four fixed texts."""
    sections = handover.sections or [
        {"title": "Status på den fælles plan", "text": handover.plan_status},
        {"title": "Åbne aftaler", "text": handover.open_agreements},
        {"title": "Kommende møder", "text": handover.next_meetings},
        {"title": "Kontakter i andre afdelinger", "text": handover.other_department_contacts},
    ]
    return [{"title": s["title"], "blocks": text_blocks(s.get("text", ""))} for s in sections]


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
        + f" – {m.get_kind_display().lower()}"  # the kind may carry brackets itself
        for m in members
    ]
    return [
        section("partners", "Samarbejdspartnere", partners),
        section("core_team", "Kerneteamet", core),
    ]
