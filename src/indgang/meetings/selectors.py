"""Every read of meetings, agreements and assessments, given the acting user.

Family pages start from ``families.access.family_for`` (404 when invisible). The owner's own
list ("Mine aftaler") and the user's own meetings are the exceptions, on purpose: an owner
or an invited participant in another department must see their task or meeting even when
not linked to the family; they get the family's name and nothing else of the case.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from indgang.families.access import (
    Section,
    families_visible_to,
    family_for,
    partner_view,
    require_section,
)
from indgang.families.models import Case, CoordinatorAssignment, Family
from indgang.meetings.models import (
    DIMENSIONS_BY_SIDE,
    Agreement,
    Assessment,
    CalendarFeed,
    Dimension,
    Meeting,
    Participant,
    Side,
)
from indgang.organisation.models import CoreTeamMembership

OPEN_STATUSES = (Meeting.Status.TO_SCHEDULE, Meeting.Status.PLANNED)


def _participants():
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related("person", "user", "user__department"),
    )


def _agreements() -> QuerySet[Agreement]:
    return Agreement.objects.select_related(
        "owner_user", "owner_department", "meeting", "goal", "case__family"
    )


# --- Family pages ---------------------------------------------------------------


def _partner_meetings(user, family: Family, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """A partner with a restricted view sees only the meetings they are invited to."""
    if partner_view(user, family) is None:
        return meetings
    return meetings.filter(pk__in=Participant.objects.filter(user=user).values("meeting_id"))


def _partner_agreements(user, family: Family, agreements: QuerySet[Agreement]):
    """A partner with a restricted view sees the agreements they or their department own."""
    view = partner_view(user, family)
    if view is None:
        return agreements
    owned = Q(owner_user_id=view.user_id)
    if view.department_id:
        owned |= Q(owner_department_id=view.department_id)
    return agreements.filter(owned)


def meetings_for_family(*, user, family: Family) -> QuerySet[Meeting]:
    """Every meeting of every case the family has had, newest plans first."""
    return (
        _partner_meetings(user, family, Meeting.objects.filter(case__family=family))
        .select_related("case")
        .prefetch_related(_participants())
        .order_by(F("starts_at").desc(nulls_first=True), "id")
    )


def meeting_for(*, user, family_id: int, meeting_id: int) -> tuple[Family, Meeting]:
    family = family_for(user, family_id)
    meetings = _partner_meetings(user, family, Meeting.objects.all())
    meeting = get_object_or_404(
        meetings.select_related("case__family", "created_by").prefetch_related(
            _participants(),
            Prefetch("agreements", queryset=_partner_agreements(user, family, _agreements())),
            # What the parents want to talk about (portal.MeetingTopic): on the agenda.
            Prefetch("parent_topics", to_attr="agenda_topics"),
        ),
        pk=meeting_id,
        case__family=family,
    )
    return family, meeting


def agreements_for_family(*, user, family: Family) -> QuerySet[Agreement]:
    return _partner_agreements(user, family, _agreements().filter(case__family=family))


def agreement_for(*, user, family_id: int, agreement_id: int) -> tuple[Family, Agreement]:
    family = family_for(user, family_id)
    return family, get_object_or_404(_agreements(), pk=agreement_id, case__family=family)


def participant_for(*, user, family_id: int, participant_id: int) -> tuple[Family, Participant]:
    family = family_for(user, family_id)
    participant = get_object_or_404(
        Participant.objects.select_related("person", "user", "meeting__case"),
        pk=participant_id,
        meeting__case__family=family,
    )
    return family, participant


def current_case(family: Family) -> Case | None:
    return family.cases.order_by("-referred_on", "-id").first()


# What the panel shows of an agreement: the task, its deadline and its owner's name.
_PANEL_AGREEMENT_FIELDS = (
    "task",
    "due_on",
    "owner_user__first_name",
    "owner_user__last_name",
    "owner_user__username",
    "owner_department__name",
)


def family_panel(*, user, family: Family) -> dict | None:
    """The "Møder og aftaler" panel on the family overview: two queries, whatever the size."""
    today = timezone.localdate()
    meetings = Meeting.objects.filter(case__family=family, status__in=OPEN_STATUSES)
    upcoming = list(
        _partner_meetings(user, family, meetings)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__gte=timezone.now()))
        .order_by(F("starts_at").asc(nulls_last=True), "id")[:6]
    )
    # Only the owners are joined: each further join costs PostgreSQL more to plan (some ms)
    # than the panel's few rows cost to read.
    agreements = (
        Agreement.objects.select_related("owner_user", "owner_department")
        .only(*_PANEL_AGREEMENT_FIELDS)
        .filter(case__family=family, status=Agreement.Status.OPEN)
    )
    agreements = list(_partner_agreements(user, family, agreements)[:50])
    for agreement in agreements:
        agreement.overdue = agreement.due_on is not None and agreement.due_on < today
    return {
        "template": "meetings/partials/family_panel.html",
        "family": family,
        "meetings": upcoming,
        "agreements": agreements,
        "can_manage": user.has_perm("families.manage_case", family),
        "restricted": partner_view(user, family) is not None,
    }


# --- For others (the coordinator's week, the partner's list, reminders) -------------------


def agreements_open_for_owner(*, user) -> QuerySet[Agreement]:
    """Open agreements the user owns, personally or through their department, in any family.

    ``family_visible`` tells whether the user may open the family; if not, show the task, the
    due date and the family's name only (the owner must be able to see their own task).
    """
    owned = Q(owner_user=user)
    if user.department_id:
        owned |= Q(owner_department_id=user.department_id)
    visible = families_visible_to(user).filter(pk=OuterRef("case__family_id"))
    return (
        _agreements()
        .filter(owned, status=Agreement.Status.OPEN)
        .annotate(family_visible=Exists(visible))
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def meetings_for_user_between(
    *, user, start: datetime, end: datetime, include_cancelled: bool = False
) -> QuerySet[Meeting]:
    """The user's meetings starting in [start, end): invited as staff, coordinating the
    family's case, or the weekly meeting of a core team they belong to."""
    coordinating = CoordinatorAssignment.objects.filter(
        coordinator=user, ended_on__isnull=True
    ).values("case_id")
    teams = CoreTeamMembership.objects.filter(user=user).values("centre_id")
    mine = (
        Q(participants__user=user)
        | Q(case_id__in=coordinating)
        | Q(type=Meeting.Type.CORE_TEAM_WEEKLY, centre_id__in=teams)
    )
    meetings = Meeting.objects.filter(
        pk__in=Meeting.objects.filter(mine, starts_at__gte=start, starts_at__lt=end).values("pk")
    )
    if not include_cancelled:
        meetings = meetings.exclude(status=Meeting.Status.CANCELLED)
    return meetings.select_related("case__family", "centre").order_by("starts_at", "id")


def meetings_upcoming_for(*, user, today) -> QuerySet[Meeting]:
    """The meetings the user is invited to from today on, the weekly meeting of a core team
    they belong to, and invitations not yet given a time; of families they may see."""
    start = datetime.combine(today, time.min, timezone.get_current_timezone())
    teams = CoreTeamMembership.objects.filter(user=user).values("centre_id")
    mine = Meeting.objects.filter(
        Q(participants__user=user) | Q(type=Meeting.Type.CORE_TEAM_WEEKLY, centre_id__in=teams)
    ).values("pk")
    return (
        Meeting.objects.filter(pk__in=mine)
        .filter(Q(starts_at__gte=start) | Q(status=Meeting.Status.TO_SCHEDULE))
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Q(case__isnull=True) | Q(case__family__in=families_visible_to(user)))
        .select_related("case__family", "centre")
        .order_by(F("starts_at").asc(nulls_last=True), "id")
    )


def family_ids_involving(*, user) -> tuple[set[int], set[int]]:
    """The ids of the families whose meetings the user is invited to, and of those whose
    agreements they own (the same rule as ``families_involving``, as two sets)."""
    invited, owning = families_involving(user=user)
    return (
        set(invited.values_list("meeting__case__family_id", flat=True)),
        set(owning.values_list("case__family_id", flat=True)),
    )


def core_team_meetings(*, user) -> QuerySet[Meeting]:
    if not user.centre_id:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        centre_id=user.centre_id, type=Meeting.Type.CORE_TEAM_WEEKLY
    ).order_by(F("starts_at").desc(nulls_first=True), "id")


def feed_for_token(*, token: str) -> CalendarFeed:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return feed


def active_feed(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


# --- The ICS assessment -------------------------------------------------------------


def assessments_for_family(*, user, family: Family) -> QuerySet[Assessment]:
    require_section(user, family, Section.ASSESSMENT)  # closed to a restricted partner
    return Assessment.objects.filter(case__family=family).select_related("meeting", "created_by")


def assessment_for(*, user, family_id: int, assessment_id: int) -> tuple[Family, Assessment]:
    family = family_for(user, family_id)
    require_section(user, family, Section.ASSESSMENT)
    assessment = get_object_or_404(
        Assessment.objects.select_related("meeting", "created_by", "case").prefetch_related(
            "entries", "wishes"
        ),
        pk=assessment_id,
        case__family=family,
    )
    return family, assessment


@dataclass
class BoardDimension:
    key: str
    label: str
    entry: object | None


@dataclass
class BoardSide:
    key: str
    label: str
    dimensions: list[BoardDimension]


def board(assessment: Assessment) -> list[BoardSide]:
    """The three sides with their dimensions in the standard order (entries prefetched)."""
    by_dim = {e.dimension: e for e in assessment.entries.all()}
    return [
        BoardSide(
            side,
            Side(side).label,
            [BoardDimension(d, Dimension(d).label, by_dim.get(d)) for d in dims],
        )
        for side, dims in DIMENSIONS_BY_SIDE.items()
    ]


@dataclass
class CompareRow:
    label: str
    left: object | None
    right: object | None

    @property
    def changed(self) -> bool:
        from indgang.meetings.models import ENTRY_TEXTS

        def texts(e):
            return tuple(getattr(e, f) for f in ENTRY_TEXTS) if e else ("",) * 4

        return texts(self.left) != texts(self.right)


def compare(left: Assessment, right: Assessment) -> list[tuple[str, list[CompareRow]]]:
    a = {e.dimension: e for e in left.entries.all()}
    b = {e.dimension: e for e in right.entries.all()}
    return [
        (Side(side).label, [CompareRow(Dimension(d).label, a.get(d), b.get(d)) for d in dims])
        for side, dims in DIMENSIONS_BY_SIDE.items()
    ]


def families_involving(*, user) -> list[QuerySet]:
    """Families whose core-team work the user takes part in: invited to a meeting about the
    family, or owning one of its agreements (the need-to-know access policy asks)."""
    invited = Participant.objects.filter(user=user, meeting__case__isnull=False).values(
        "meeting__case__family_id"
    )
    owning = Agreement.objects.filter(owner_user=user).values("case__family_id")
    return [invited, owning]
