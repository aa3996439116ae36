"""The parent's pages: only the signed-in parent's own family, only what is meant for it.

Never staff notes, the contact log, staff audit details or another department's case. Each
function takes the parent's account and returns what one page shows; an id of another family
is logged as denied and answered as missing (``deny``).
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from indgang.families.models import Case, Family
from indgang.organisation.models import User
from indgang.plans import selectors as plan_selectors
from indgang.plans.models import JointPlan
from indgang.portal.models import (
    CoordinatorAvailability,
    GoalComment,
    GoalSuggestion,
    MeetingFeedback,
    MeetingResponse,
    MeetingTopic,
    ParentAccount,
)
from indgang.portal.selectors.common import current_case, deny, household_ids
from indgang.portal.services import portal_settings_for


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
