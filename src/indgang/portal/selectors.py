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
    return CoordinatorCard(coordinator, availability.reach_text, availability.covered_by)


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
    """The portal's panel on the family overview: who is invited, and what parents have said."""
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


def _family_meetings(family: Family):
    from indgang.meetings.models import Meeting

    return Meeting.objects.filter(case__family=family).exclude(type=Meeting.Type.CORE_TEAM_WEEKLY)


def upcoming_meetings(*, account: ParentAccount) -> list:
    """Coming meetings with their preparation text, who comes, and the parents' answers."""
    from django.db.models import Prefetch, Q
    from django.utils import timezone

    from indgang.meetings.models import Meeting, Participant

    family = account.person.family
    meetings = list(
        _family_meetings(family)
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
        _family_meetings(family)
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
        query = _family_meetings(family).filter(pk=meeting_id)
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


def messages_of(*, family: Family) -> list:
    from indgang.portal.models import Message

    return list(
        Message.objects.filter(family=family)
        .select_related("account__person", "author")
        .prefetch_related("attachments")
        .order_by("at", "id")
    )


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
