"""Every read of the portal: only the signed-in parent's own family, only what is meant for it.

Never staff notes, the contact log, staff audit details or another department's case. Each
function takes the parent's account and returns what one page shows, with the person ids it
names so the view can log the read with the parent as the actor.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from indgang.audit.services import Action, audit_record
from indgang.families.models import Case, Family, Person
from indgang.organisation.models import User
from indgang.plans import selectors as plan_selectors
from indgang.plans.models import JointPlan
from indgang.portal.models import (
    CoordinatorAvailability,
    GoalComment,
    GoalSuggestion,
    Invitation,
    MeetingFeedback,
    MeetingResponse,
    MeetingTopic,
    ParentAccount,
)
from indgang.portal.services import portal_settings_for


def household_ids(family: Family) -> list[int]:
    return list(family.members.values_list("pk", flat=True))


def log_read(
    *,
    account: ParentAccount,
    page: str,
    person_ids=None,
    object_type="portal_page",
    object_id=None,
    case_id=None,
) -> None:
    """One read event per portal page: the parent is the actor, the family is named."""
    family = account.person.family
    audit_record(
        user=account.user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=object_id,
        family_id=family.pk,
        case_id=case_id,
        person_ids=household_ids(family) if person_ids is None else person_ids,
        summary=f"Forældreportal: {page}",
    )


def deny(*, account: ParentAccount, object_type: str, object_id: int) -> Http404:
    """Another family's id, or none at all: logged as denied, answered as missing."""
    audit_record(
        user=account.user,
        action=Action.DENIED,
        object_type=object_type,
        object_id=object_id if 0 < object_id < 2**63 else None,
        family_id=account.person.family_id,
        summary="Forældreportal: ikke familiens egen",
    )
    return Http404()


def current_case(family: Family) -> Case | None:
    return plan_selectors._newest_case(family)


@dataclass
class CoordinatorCard:
    coordinator: User | None
    reach_text: str = ""
    covered_by: User | None = None
    cover_text: str = ""


def coordinator_card(*, family: Family) -> CoordinatorCard:
    coordinator = plan_selectors.coordinator_of(case=current_case(family))
    if coordinator is None:
        return CoordinatorCard(None)
    availability = (
        CoordinatorAvailability.objects.select_related("covered_by")
        .filter(user=coordinator)
        .first()
    )
    if availability is None:
        return CoordinatorCard(coordinator)
    return CoordinatorCard(
        coordinator, availability.reach_text, availability.covered_by, availability.cover_text
    )


@dataclass
class PortalPlan:
    family: Family
    case: Case | None
    plan: JointPlan | None
    rows: list
    followup: object
    versions: list
    comments: dict[int, list] = field(default_factory=dict)
    suggestions: list = field(default_factory=list)

    @property
    def latest_version(self):
        return self.versions[0] if self.versions else None


def portal_plan(*, account: ParentAccount) -> PortalPlan:
    """The joint plan as the family sees it: goals in their priority order, latest progress."""
    family = account.person.family
    case = current_case(family)
    plan = plan_selectors._plan_of(case)
    goals = plan_selectors.goals_of(plan)
    followup = plan_selectors.latest_followup(plan)
    by_goal = {p.goal_id: p for p in followup.progress.all()} if followup else {}
    versions = list(plan.versions.defer("snapshot")) if plan else []
    rows = [plan_selectors.GoalRow(goal, by_goal.get(goal.pk)) for goal in goals]
    comments: dict[int, list] = {}
    suggestions = []
    if plan is not None:
        for comment in GoalComment.objects.filter(goal__plan=plan).select_related(
            "account__person"
        ):
            comments.setdefault(comment.goal_id, []).append(comment)
        suggestions = list(
            GoalSuggestion.objects.filter(plan=plan).select_related("account__person")
        )
    for row in rows:
        row.parent_comments = comments.get(row.goal.pk, [])
    return PortalPlan(family, case, plan, rows, followup, versions, comments, suggestions)


def goal_of_family(*, account: ParentAccount, goal_id: int):
    family = account.person.family
    plan = plan_selectors._plan_of(current_case(family))
    try:
        return plan_selectors.goal_for(plan=plan, goal_id=goal_id)
    except Http404:
        raise deny(account=account, object_type="goal", object_id=goal_id) from None


# ---------------------------------------------------------------- staff side


@dataclass
class GuardianRow:
    person: Person
    has_account: bool
    open_invitation: Invitation | None


def family_panel(*, user, family: Family) -> dict | None:
    """The portal's panel on the family overview: who is invited, and what parents have said.

    Not for a partner whose view of the case is restricted (families/access.py)."""
    from indgang.families.access import partner_view

    if partner_view(user, family) is not None:
        return None
    guardians = list(
        family.members.filter(relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN])
    )
    accounts = set(
        ParentAccount.objects.filter(person__in=guardians).values_list("person_id", flat=True)
    )
    invitations = {}
    for invitation in Invitation.objects.filter(
        person__in=guardians, used_at__isnull=True, revoked_at__isnull=True
    ):
        if invitation.is_open:
            invitations.setdefault(invitation.person_id, invitation)
    case = current_case(family)
    plan = plan_selectors._plan_of(case)
    responses = list(
        MeetingResponse.objects.filter(meeting__case__family=family)
        .select_related("meeting", "account__person")
        .order_by("-at")[:10]
    )
    topics = list(
        MeetingTopic.objects.filter(meeting__case__family=family)
        .select_related("meeting", "account__person")
        .order_by("-at")[:10]
    )
    comments = (
        list(
            GoalComment.objects.filter(goal__plan=plan)
            .select_related("goal", "account__person")
            .order_by("-at")[:10]
        )
        if plan
        else []
    )
    suggestions = (
        list(
            GoalSuggestion.objects.filter(plan=plan)
            .select_related("account__person")
            .order_by("-at")[:10]
        )
        if plan
        else []
    )
    low_feedback = list(
        MeetingFeedback.objects.filter(meeting__case__family=family)
        .select_related("meeting", "account__person")
        .order_by("-at")[:10]
    )
    return {
        "template": "portal/partials/family_panel.html",
        "feedback": low_feedback,
        "unanswered_since": unanswered_since(family=family),
        "family": family,
        "can_invite": user.has_perm("families.manage_case", family),
        "guardians": [GuardianRow(p, p.pk in accounts, invitations.get(p.pk)) for p in guardians],
        "responses": responses,
        "topics": topics,
        "comments": comments,
        "suggestions": suggestions,
    }


# ---------------------------------------------------------------- what happens next


def _family_meetings(family: Family, account: ParentAccount | None = None):
    from indgang.meetings.models import Meeting

    meetings = Meeting.objects.filter(case__family=family).exclude(
        type=Meeting.Type.CORE_TEAM_WEEKLY
    )
    # A parent without custody whom the municipality shows only their own meetings
    # (portal/access.py) sees the meetings they are invited to.
    if account is not None and getattr(account, "sees", "all") == "meetings":
        meetings = meetings.filter(participants__person=account.person)
    return meetings


def upcoming_meetings(*, account: ParentAccount) -> list:
    """Coming meetings with their preparation text, who comes, and the parents' answers."""
    from django.db.models import Prefetch, Q
    from django.utils import timezone

    from indgang.meetings.models import Meeting, Participant

    family = account.person.family
    meetings = list(
        _family_meetings(family, account)
        .filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.TO_SCHEDULE])
        .filter(Q(starts_at__isnull=True) | Q(starts_at__gte=timezone.now()))
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person", "user__department"),
            ),
            Prefetch(
                "parent_responses",
                queryset=MeetingResponse.objects.select_related("account__person"),
            ),
            Prefetch(
                "parent_topics", queryset=MeetingTopic.objects.select_related("account__person")
            ),
        )
    )
    return meetings


def past_meetings(*, account: ParentAccount) -> list:
    """Held meetings with the agreements made there: who does what by when, and if it is done."""
    from django.db.models import Prefetch

    from indgang.meetings.models import Agreement, Meeting

    family = account.person.family
    return list(
        _family_meetings(family, account)
        .filter(status=Meeting.Status.HELD)
        .order_by("-starts_at", "-id")
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("owner_user", "owner_department"),
            ),
            Prefetch(
                "parent_feedback",
                queryset=MeetingFeedback.objects.filter(account=account),
                to_attr="own_feedback",
            ),
        )[:20]
    )


def meeting_of_family(*, account: ParentAccount, meeting_id: int, upcoming: bool = True):
    """A meeting of the parent's family (a coming one unless ``upcoming`` is False)."""
    from django.db.models import Q
    from django.utils import timezone

    from indgang.meetings.models import Meeting

    family = account.person.family
    found = None
    if 0 < meeting_id < 2**63:
        query = _family_meetings(family, account).filter(pk=meeting_id)
        if upcoming:
            query = query.filter(
                status__in=[Meeting.Status.PLANNED, Meeting.Status.TO_SCHEDULE]
            ).filter(Q(starts_at__isnull=True) | Q(starts_at__gte=timezone.now()))
        found = query.first()
    if found is None:
        raise deny(account=account, object_type="meeting", object_id=meeting_id)
    return found


# ---------------------------------------------------------------- applications and decisions


def applications(*, account: ParentAccount) -> list:
    """The family's applications: status, the expected decision date (the processing deadline),
    and the decision with its letter."""
    from indgang.interventions.models import Application

    family = account.person.family
    return list(
        Application.objects.filter(family=family)
        .select_related("intervention_type", "decision", "person")
        .order_by("-received_on", "-id")
    )


def decision_of_family(*, account: ParentAccount, decision_id: int):
    from indgang.interventions.models import Decision

    found = (
        Decision.objects.select_related("family", "municipality", "intervention_type")
        .filter(pk=decision_id, family=account.person.family)
        .first()
        if 0 < decision_id < 2**63
        else None
    )
    if found is None:
        raise deny(account=account, object_type="decision", object_id=decision_id)
    return found


# ---------------------------------------------------------------- consent


def consents(*, account: ParentAccount) -> list:
    from indgang.families.models import Consent

    return list(
        Consent.objects.filter(case__family=account.person.family)
        .select_related("given_by", "case")
        .order_by("-given_on", "-id")
    )


def consent_of_family(*, account: ParentAccount, consent_id: int):
    from indgang.families.models import Consent

    found = (
        Consent.objects.select_related("case", "given_by")
        .filter(pk=consent_id, case__family=account.person.family)
        .first()
        if 0 < consent_id < 2**63
        else None
    )
    if found is None:
        raise deny(account=account, object_type="consent", object_id=consent_id)
    return found


# ---------------------------------------------------------------- who has seen our data


@dataclass
class AccessRow:
    at: object
    department: str
    role: str
    name: str
    action: str
    why: str


def access_log(*, account: ParentAccount, limit: int = 200) -> list[AccessRow]:
    """The family's own view of the access log: staff reads and changes of the family's data,
    with when, department, role and why (the case, or a stated value-jump reason). Staff names
    only if the municipality chooses so; the parents' own events are left out."""
    from django.db.models import Q

    from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson
    from indgang.families.models import ValueJump

    family = account.person.family
    show_names = portal_settings_for(family.municipality_id).show_staff_names_in_access_log
    member_ids = household_ids(family)
    events = list(
        AuditEvent.objects.filter(
            Q(family_id=family.pk)
            | Q(pk__in=AuditFamily.objects.filter(family_id=family.pk).values("event_id"))
            | Q(pk__in=AuditPerson.objects.filter(person_id__in=member_ids).values("event_id"))
        )
        .filter(
            user__isnull=False,
            action__in=["view", "create", "change", "delete", "export", "search", "value_jump"],
        )
        .exclude(user__parent_account__isnull=False)
        .select_related("user__department")
        .order_by("-at", "-id")[:limit]
    )
    jumps = list(ValueJump.objects.filter(family=family))
    rows = []
    for event in events:
        user = event.user
        jump = next(
            (j for j in jumps if j.user_id == user.pk and j.at <= event.at <= j.expires_at), None
        )
        if jump is not None:
            why = _("Begrundelse: %(reason)s") % {"reason": jump.get_reason_display()}
            if jump.explanation:
                why += f" – {jump.explanation}"
        else:
            why = _("Arbejde med jeres sag")
        rows.append(
            AccessRow(
                at=event.at,
                department=user.department.name if user.department else "",
                role=user.role_label,
                name=str(user) if show_names else "",
                action=str(event.get_action_display()),
                why=why,
            )
        )
    return rows


# ---------------------------------------------------------------- secure messages


MESSAGES_PER_PAGE = 30


class MessagePage(list):
    """The newest messages (oldest first on the page), or those before ``before``; ``older``
    is the id to ask for the next older page with (None when there is none)."""

    older: int | None = None
    newer: bool = False


def messages_of(*, family: Family, before: int | None = None) -> MessagePage:
    """A page of the family's conversation: two queries whatever its length (keyset paging on
    the (family, at) index, so a family with thousands of messages costs the same)."""
    from django.db.models import Q, Subquery

    from indgang.portal.models import Message

    query = Message.objects.filter(family=family)
    if before is not None and 0 < before < 2**63:
        anchor = Message.objects.filter(pk=before, family=family).values("at")[:1]
        query = query.filter(Q(at__lt=Subquery(anchor)) | Q(at=Subquery(anchor), id__lt=before))
    newest_first = list(
        query.select_related("account__person", "author")
        .prefetch_related("attachments")
        .order_by("-at", "-id")[: MESSAGES_PER_PAGE + 1]
    )
    page = MessagePage(reversed(newest_first[:MESSAGES_PER_PAGE]))
    page.older = page[0].pk if len(newest_first) > MESSAGES_PER_PAGE else None
    page.newer = before is not None
    return page


def page_before(request) -> int | None:
    """The ``foer`` parameter (an older page of messages), or None when absent or not a number."""
    value = request.GET.get("foer", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def attachment_of_family(*, family: Family, attachment_id: int):
    from indgang.portal.models import MessageAttachment

    if not 0 < attachment_id < 2**63:
        return None
    return (
        MessageAttachment.objects.select_related("message")
        .filter(pk=attachment_id, message__family=family)
        .first()
    )


def unanswered_since(*, family: Family):
    """When the family's oldest message without a staff answer after it was sent, or None."""
    from indgang.portal.models import Message

    last_staff = (
        Message.objects.filter(family=family, author__isnull=False)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    waiting = Message.objects.filter(family=family, account__isnull=False)
    if last_staff is not None:
        waiting = waiting.filter(at__gt=last_staff)
    return waiting.order_by("at").values_list("at", flat=True).first()


# ---------------------------------------------------------------- the family's conversation


def conversation_members(*, family: Family) -> list:
    """The core-team members the coordinator has added to the family's conversation."""
    from indgang.portal.models import ConversationMember

    return list(
        ConversationMember.objects.filter(family=family)
        .select_related("user__department")
        .order_by("added_at", "id")
    )


def may_write_to_family(*, user, family: Family) -> bool:
    """Whoever manages the case, and the core-team members added to the conversation."""
    from indgang.portal.models import ConversationMember

    return user.has_perm("families.manage_case", family) or (
        ConversationMember.objects.filter(family=family, user=user, user__is_active=True).exists()
    )


def core_team_to_add(*, family: Family, members: list) -> list[User]:
    """Fixed and flexible core-team members of the family's centre, not yet in the conversation."""
    from indgang.organisation.models import CoreTeamMembership

    taken = {m.user_id for m in members}
    return [
        m.user
        for m in CoreTeamMembership.objects.filter(centre_id=family.centre_id, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user_id")
        if m.user_id not in taken
    ]


def families_in_conversation(*, user) -> list:
    """settings.FAMILY_INVOLVEMENT: a member of a family's conversation has need to know."""
    from indgang.portal.models import ConversationMember

    return [ConversationMember.objects.filter(user=user).values("family_id")]


# ---------------------------------------------------------------- Min uge (settings.MY_WEEK_PANELS)

WEEK_DAYS_BACK = 14  # what parents said in the last two weeks


def _week_family_ids(*, user, today) -> list[int]:
    """The families the user coordinates, and those they cover for an absent coordinator today."""
    from django.db.models import Q

    from indgang.families.access import families_visible_to
    from indgang.families.models import CoordinatorAssignment, Cover

    mine = CoordinatorAssignment.objects.filter(coordinator=user, ended_on__isnull=True)
    covering = Cover.objects.filter(deputy=user, starts_on__lte=today, ends_on__gte=today)
    return list(
        families_visible_to(user)
        .filter(
            Q(pk__in=mine.values("case__family_id")) | Q(pk__in=covering.values("case__family_id"))
        )
        .values_list("pk", flat=True)
    )


def _since(today):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    start = today - timedelta(days=WEEK_DAYS_BACK)
    return datetime.combine(start, time.min, timezone.get_current_timezone())


def week_low_feedback(*, user, today) -> dict | None:
    """ "Ring til familien i morgen": a low FIT score in the last two weeks, until a contact
    with the family is registered on or after the day of the feedback. Two queries."""
    from django.db.models import Exists, OuterRef, Q
    from django.db.models.functions import TruncDate

    from indgang.families.reads import note_shown
    from indgang.followup.models import ContactLog

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


def week_meeting_replies(*, user, today) -> dict | None:
    """The parents' answers to coming meetings: asked to move (with the reason) or accepted."""
    from datetime import datetime, time

    from django.db.models import Q
    from django.utils import timezone

    from indgang.families.reads import note_shown
    from indgang.meetings.models import Meeting

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


def week_unanswered(*, user, today) -> dict | None:
    """Families whose message has no staff answer yet, the longest waiting first. Two queries:
    the oldest parent message after the family's last staff message, per family."""
    from django.db.models import F, Min, OuterRef, Q, Subquery

    from indgang.families.reads import note_shown
    from indgang.portal.models import Message

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


# ---------------------------------------------------------------- the leader's feedback trend

TREND_MONTHS = 12


@dataclass
class TrendRow:
    coordinator: str
    month: object  # the first day of the month
    n: int
    mean: float
    low: int


@dataclass
class FeedbackTrend:
    months: list
    rows: list[TrendRow]  # per coordinator and month, months in order
    totals: list[TrendRow]  # per coordinator, the whole period (month None)
    svg: str


def feedback_trend(*, user, today) -> FeedbackTrend:
    """The parents' feedback after meetings in the leader's own centre, per coordinator (the
    case's coordinator on the day of the answer) and per month: the mean of the two 1-6
    scores, the number of answers and how many were low. One query, whatever the data."""
    from datetime import date

    from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
    from django.db.models.functions import TruncDate, TruncMonth

    from indgang.families.access import centre_families_overseen_by
    from indgang.families.models import CoordinatorAssignment
    from indgang.portal import charts

    first = date(today.year, today.month, 1)
    for _i in range(TREND_MONTHS - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    months = []
    month = first
    while month <= today:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    families = (
        centre_families_overseen_by(user).filter(centre_id=user.centre_id)
        if user.centre_id
        else Family.objects.none()
    )
    coordinator = (
        CoordinatorAssignment.objects.filter(
            case_id=OuterRef("meeting__case_id"), started_on__lte=OuterRef("at_day")
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("at_day")))
        .order_by("-started_on", "-id")
        .values("coordinator_id")[:1]
    )
    tz_first = _month_start(first)
    low = MeetingFeedback.LOW
    grouped = list(
        MeetingFeedback.objects.filter(meeting__case__family__in=families.values("pk"))
        .filter(at__gte=tz_first)
        .alias(at_day=TruncDate("at"))
        .annotate(coordinator_id=Subquery(coordinator), month=TruncMonth("at"))
        .values("coordinator_id", "month")
        .annotate(
            n=Count("id"),
            total=Sum(F("useful") + F("heard")),
            low=Count("id", filter=Q(useful__lte=low) | Q(heard__lte=low)),
        )
        .order_by()
    )
    names = {
        u.pk: u.get_full_name() or u.username
        for u in User.objects.filter(pk__in={g["coordinator_id"] for g in grouped})
    }
    unknown = _("Ingen koordinator")
    rows = []
    for g in grouped:
        month = g["month"].date() if hasattr(g["month"], "date") else g["month"]
        rows.append(
            TrendRow(
                names.get(g["coordinator_id"], unknown),
                month,
                g["n"],
                round(g["total"] / (2 * g["n"]), 2),
                g["low"],
            )
        )
    rows.sort(key=lambda r: (r.coordinator, r.month))
    totals: dict[str, list] = {}
    for r in rows:
        t = totals.setdefault(r.coordinator, [0, 0.0, 0])
        t[0] += r.n
        t[1] += r.mean * r.n
        t[2] += r.low
    total_rows = [
        TrendRow(name, None, n, round(s / n, 2), lo) for name, (n, s, lo) in sorted(totals.items())
    ]
    labels = [f"{m.month:02d}.{m.year}" for m in months]
    series = [
        (
            name,
            [
                next((r.mean for r in rows if r.coordinator == name and r.month == m), None)
                for m in months
            ],
        )
        for name in sorted(totals)
    ]
    svg = charts.lines(
        labels,
        series,
        title="Forældrenes gennemsnitlige score pr. koordinator og måned",
        ylabel="Gennemsnit (1-6)",
    )
    return FeedbackTrend(months, rows, total_rows, svg)


def _month_start(day):
    from datetime import datetime, time

    from django.utils import timezone

    return datetime.combine(day, time.min, timezone.get_current_timezone())
