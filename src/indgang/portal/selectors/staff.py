"""The staff side: the portal's panel on the family overview and the Min uge panels
(settings.FAMILY_OVERVIEW_PANELS and settings.MY_WEEK_PANELS), what parents have said and asked."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from indgang.families.models import Family, Person
from indgang.plans import selectors as plan_selectors
from indgang.portal.models import (
    GoalComment,
    GoalSuggestion,
    Invitation,
    MeetingFeedback,
    MeetingResponse,
    MeetingTopic,
    ParentAccount,
)
from indgang.portal.selectors.common import current_case
from indgang.portal.selectors.messages import unanswered_since


@dataclass
class GuardianRow:
    person: Person
    has_account: bool
    invited_until: datetime | None  # the newest open invitation's expiry


def family_panel(*, user, family: Family) -> dict | None:
    """The portal's panel on the family overview: who is invited, and what parents have said.

    Not for a partner whose view of the case is restricted (families/access.py)."""
    from indgang.families.access import partner_view

    if partner_view(user, family) is not None:
        return None
    adults = (Person.Relation.PARENT, Person.Relation.GUARDIAN)
    # family.members.all(): prefetched on the family overview.
    members = list(family.members.all())
    guardians = [p for p in members if p.relation in adults]
    # A parent's account is the portal's only author: without one in the household, there is
    # nothing parents have said or asked to read (their rows go with the account).
    open_invitations = Invitation.objects.filter(
        person=OuterRef("pk"),
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),  # Invitation.is_open
    ).order_by("-expires_at")
    portal_state = Person.objects.filter(pk__in=[m.pk for m in members]).values_list(
        "pk",
        Exists(ParentAccount.objects.filter(person=OuterRef("pk"))),
        Subquery(open_invitations.values("expires_at")[:1]),
    )
    accounts, invited_until = set(), {}
    for person_id, has_account, expires_at in portal_state:
        if has_account:
            accounts.add(person_id)
        invited_until[person_id] = expires_at
    panel = {
        "template": "portal/partials/family_panel.html",
        "family": family,
        "can_invite": user.has_perm("families.manage_case", family),
        "guardians": [GuardianRow(p, p.pk in accounts, invited_until.get(p.pk)) for p in guardians],
    }
    if not accounts:
        return panel
    case = current_case(family)
    plan = plan_selectors._plan_of(case)
    of_family = {"meeting__case__family": family}
    said = {
        "responses": MeetingResponse.objects.filter(**of_family).select_related("meeting"),
        "topics": MeetingTopic.objects.filter(**of_family).select_related("meeting"),
        "feedback": MeetingFeedback.objects.filter(**of_family).select_related("meeting"),
    }
    if plan is not None:
        said["comments"] = GoalComment.objects.filter(goal__plan=plan).select_related("goal")
        said["suggestions"] = GoalSuggestion.objects.filter(plan=plan)
    # Which lists hold anything, in one query: a household seldom has something new in all
    # five, and an empty answer from each table cost a round trip of its own.
    found = Family.objects.filter(pk=family.pk).values(
        **{name: Exists(rows) for name, rows in said.items()}
    )[0]
    return {
        **panel,
        "comments": [],
        "suggestions": [],
        **{
            name: list(rows.select_related("account__person").order_by("-at")[:10])
            if found[name]
            else []
            for name, rows in said.items()
        },
        "unanswered_since": unanswered_since(family=family),
    }


# ---------------------------------------------------------------- Min uge (settings.MY_WEEK_PANELS)

WEEK_DAYS_BACK = 14  # what parents said in the last two weeks


def _week_family_ids(*, user, today) -> list[int]:
    """The families the user coordinates, and those they cover for an absent coordinator today."""
    from indgang.families.selectors import coordinated_cases

    return sorted(set(coordinated_cases(user=user, today=today).values()))


def _since(today):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    start = today - timedelta(days=WEEK_DAYS_BACK)
    return datetime.combine(start, time.min, timezone.get_current_timezone())


def week_low_feedback(*, user, today, family_ids: list[int] | None = None) -> dict | None:
    """ "Ring til familien i morgen": a low FIT score in the last two weeks, until a contact
    with the family is registered on or after the day of the feedback. Two queries."""
    from django.db.models import Exists, OuterRef, Q
    from django.db.models.functions import TruncDate

    from indgang.families.reads import note_shown
    from indgang.followup.models import ContactLog

    if family_ids is None:  # Min uge passes the week's families (followup.views.my_week)
        family_ids = _week_family_ids(user=user, today=today)
    if not family_ids:
        return None
    low = MeetingFeedback.LOW
    contacted = ContactLog.objects.filter(
        case__family_id=OuterRef("meeting__case__family_id"), on__gte=OuterRef("at_day")
    )
    rows = list(
        MeetingFeedback.objects.filter(
            meeting__case__family_id__in=family_ids, at__gte=_since(today)
        )
        .filter(Q(useful__lte=low) | Q(heard__lte=low))
        .alias(at_day=TruncDate("at"))
        .exclude(Exists(contacted))
        .select_related("meeting__case__family", "account__person")
        .order_by("at", "id")
    )
    if not rows:
        return None
    note_shown(rows)
    return {"template": "portal/partials/week_feedback.html", "rows": rows}


def week_meeting_replies(*, user, today, family_ids: list[int] | None = None) -> dict | None:
    """The parents' answers to coming meetings: asked to move (with the reason) or accepted."""
    from datetime import datetime, time

    from django.db.models import Q
    from django.utils import timezone

    from indgang.families.reads import note_shown
    from indgang.meetings.models import Meeting

    if family_ids is None:  # Min uge passes the week's families (followup.views.my_week)
        family_ids = _week_family_ids(user=user, today=today)
    if not family_ids:
        return None
    start_of_today = datetime.combine(today, time.min, timezone.get_current_timezone())
    rows = list(
        MeetingResponse.objects.filter(
            meeting__case__family_id__in=family_ids, at__gte=_since(today)
        )
        .exclude(meeting__status__in=[Meeting.Status.CANCELLED, Meeting.Status.HELD])
        .filter(Q(meeting__starts_at__isnull=True) | Q(meeting__starts_at__gte=start_of_today))
        .select_related("meeting__case__family", "account__person")
        .order_by("-at", "-id")[:100]
    )
    if not rows:
        return None
    note_shown(rows)
    return {
        "template": "portal/partials/week_replies.html",
        "move": [r for r in rows if r.answer == MeetingResponse.Answer.MOVE],
        "accept": [r for r in rows if r.answer == MeetingResponse.Answer.ACCEPT],
    }


@dataclass
class Waiting:
    family: Family
    since: object


def week_unanswered(*, user, today, family_ids: list[int] | None = None) -> dict | None:
    """Families whose message has no staff answer yet, the longest waiting first. Two queries:
    the oldest parent message after the family's last staff message, per family."""
    from django.db.models import F, Min, OuterRef, Q, Subquery

    from indgang.families.reads import note_shown
    from indgang.portal.models import Message

    if family_ids is None:  # Min uge passes the week's families (followup.views.my_week)
        family_ids = _week_family_ids(user=user, today=today)
    if not family_ids:
        return None
    last_staff = (
        Message.objects.filter(family_id=OuterRef("family_id"), author__isnull=False)
        .order_by("-at")
        .values("at")[:1]
    )
    waiting = dict(
        Message.objects.filter(family_id__in=family_ids, account__isnull=False)
        .alias(last_staff=Subquery(last_staff))
        .filter(Q(last_staff__isnull=True) | Q(at__gt=F("last_staff")))
        .values("family_id")
        .annotate(since=Min("at"))
        .values_list("family_id", "since")
    )
    if not waiting:
        return None
    families = Family.objects.in_bulk(list(waiting))
    rows = sorted(
        (Waiting(families[pk], since) for pk, since in waiting.items() if pk in families),
        key=lambda w: w.since,
    )
    note_shown(rows)
    return {"template": "portal/partials/week_unanswered.html", "rows": rows}
