"""The coordinator's front page: what is overdue and due this week, each with its action.

Registered in ``settings.HOME_PANELS`` (the families app's home page knows no app above it).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from indgang.core.templatetags.indgang_format import counted
from indgang.followup.due import stored_due_rows
from indgang.organisation.models import Role


@dataclass
class DueItem:
    family_id: int
    family_name: str
    what: str
    due_on: date | None
    days_overdue: int
    action_label: str
    action_url: str

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def _items(row, week_end: date, today: date) -> list[DueItem]:
    def item(what, due_on, label, url_name):
        return DueItem(
            family_id=row.family_id,
            family_name=row.family_name,
            what=what,
            due_on=due_on,
            days_overdue=max(0, (today - due_on).days) if due_on else 0,
            action_label=label,
            action_url=reverse(url_name, kwargs={"family_id": row.family_id}),
        )

    items = []
    if row.next_contact_due and row.next_contact_due <= week_end:
        items.append(
            item("Månedlig kontakt", row.next_contact_due, "Registrér kontakt", "contact_create")
        )
    if row.next_followup_due <= week_end:
        items.append(
            item(
                "Opfølgning på planen",
                row.next_followup_due,
                "Følg op på planen",
                "followup_create",
            )
        )
    if row.startup_missing:
        limit = row.startup_since + timedelta(weeks=8)
        if row.startup_stalled or limit <= week_end:
            items.append(
                item(
                    "Opstart: " + ", ".join(row.startup_missing_labels).lower(),
                    limit,
                    "Planlæg møde",
                    "meeting_create",
                )
            )
    return items


def due_panel(*, user, today: date) -> dict | None:
    """Overdue and due-this-week items for the families the user coordinates or covers."""
    if getattr(user, "role", None) != Role.COORDINATOR:
        return None
    from indgang.followup.selectors import _my_cases, week_start

    week_end = week_start(today) + timedelta(days=6)
    # A plain list of ids, as Min uge does: with the cover subqueries inline, PostgreSQL
    # planned the due computation's cursor over every case in the country (4 s nationally).
    case_ids = list(_my_cases(user, today).values_list("pk", flat=True))
    rows = stored_due_rows(case_ids=case_ids, today=today)
    items = [i for row in rows for i in _items(row, week_end, today)]
    items.sort(key=lambda i: (-i.days_overdue, i.due_on or today, i.family_name))
    return {
        "template": "followup/partials/home_due.html",
        "items": items,
        "overdue": [i for i in items if i.overdue],
        "this_week": [i for i in items if not i.overdue],
        "week_end": week_end,
    }


# --- The short status at the top of the family page ------------------------------------


def family_status(*, user, family) -> dict | None:
    """What is due next and what is overdue, from the case's ``DueStatus`` row (one query,
    shared with the follow-up panel).

    The row is current after every change (followup/signals.py); the dates are compared with
    today here, so a row from last night is still right about what is overdue.
    """
    from indgang.followup.due import STARTUP_STEPS
    from indgang.followup.selectors import family_due_status

    status = family_due_status(family)
    if status is None:
        return {"template": "followup/partials/family_status.html", "top": True, "status": None}
    from django.utils import timezone

    today = timezone.localdate()
    from indgang.families.access import partner_view

    dated = [("Opfølgning på planen", status.next_followup_due)]
    # The monthly contact comes from the contact log, which a restricted partner does not see.
    if partner_view(user, family) is None:
        dated.insert(0, ("Månedlig kontakt", status.next_contact_due))
    overdue = [
        {"what": what, "due_on": on, "days": (today - on).days}
        for what, on in dated
        if on and on < today
    ]
    if status.startup_stalled:
        steps = [STARTUP_STEPS[s] for s in status.startup_missing.split(",") if s in STARTUP_STEPS]
        overdue.append({"what": "Opstart: " + ", ".join(steps).lower(), "due_on": None, "days": 0})
    if status.overdue_agreements:
        what = f"{counted(status.overdue_agreements, 'aftale', 'aftaler')} over fristen"
        overdue.append({"what": what, "due_on": None, "days": 0})
    upcoming = sorted(((on, what) for what, on in dated if on and on >= today), key=lambda x: x[0])
    return {
        "template": "followup/partials/family_status.html",
        "top": True,
        "status": status,
        "overdue": overdue,
        "next": {"what": upcoming[0][1], "due_on": upcoming[0][0]} if upcoming else None,
        "family": family,
    }
