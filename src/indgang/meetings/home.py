"""The core-team member's and the partner's front page: the meetings they are invited to,
the agreements they own and the families they work with (DOMAIN.md section 7).

Registered in ``settings.HOME_PANELS`` (the families app's home page knows no app above it).
The full lists are "Mine opgaver og møder" (``followup.views.my_tasks``), which reads the
same selectors.
"""

from datetime import date

from django.db.models import Q

from indgang.families.models import PartnerLink
from indgang.families.reads import note_shown
from indgang.families.selectors import family_list_for
from indgang.meetings import selectors
from indgang.organisation.models import Role

WORKERS = {Role.CORE_TEAM, Role.PARTNER}
SHOWN = 8  # the front page shows the first few; "Mine opgaver og møder" has them all


def work_panel(*, user, today: date) -> dict | None:
    """What a core-team member or partner works on: the next meetings, open agreements (the
    overdue ones marked) and the families, each with the user's part in it."""
    if getattr(user, "role", None) not in WORKERS:
        return None
    meetings = list(selectors.meetings_upcoming_for(user=user, today=today)[: SHOWN + 1])
    agreements = list(selectors.agreements_open_for_owner(user=user)[:50])
    for agreement in agreements:
        agreement.days_overdue = (today - agreement.due_on).days if agreement.due_on else 0
    families = _families_worked_with(user=user, today=today)
    panel = {
        "template": "meetings/partials/home_panel.html",
        "meetings": meetings[:SHOWN],
        "more_meetings": len(meetings) > SHOWN,
        "agreements": agreements,
        "overdue": sum(1 for a in agreements if a.days_overdue > 0),
        "families": families,
        "today": today,
    }
    # Family names on a front page are a read of those families: the audit log names them.
    note_shown(meetings[:SHOWN], agreements, families)
    return panel


def _families_worked_with(*, user, today: date) -> list:
    """The families the user is linked to as a partner or takes part in (invited to a meeting,
    owning an agreement), among those they may see, each with ``parts`` saying how."""
    links = {
        link.case.family_id: link.role_in_case
        for link in PartnerLink.objects.filter(user=user, linked_on__lte=today)
        .filter(Q(unlinked_on__isnull=True) | Q(unlinked_on__gt=today))
        .select_related("case")
    }
    invited, owning = selectors.family_ids_involving(user=user)
    ids = set(links) | invited | owning
    families = list(family_list_for(user=user).filter(pk__in=ids)) if ids else []
    for family in families:
        family.parts = [
            part
            for part, present in (
                (links.get(family.pk, ""), family.pk in links),
                ("inviteret til møder", family.pk in invited),
                ("ansvarlig for aftaler", family.pk in owning),
            )
            if present and part
        ]
    return families
