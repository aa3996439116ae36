"""The core team's weekly meeting: its time, place and participants, the agenda built from what
needs the core team, the items added by hand, and the minutes per item.

The meeting itself is a ``meetings.Meeting`` of type CORE_TEAM_WEEKLY (the centre's, no case),
so it lands in the participants' calendars and interventions' core-team proposals can name
it. Agenda items (``AgendaItem``) belong to the centre's week; a family on the generated
agenda gets its item (and minutes) the first time someone writes minutes for it.
Reads take the acting user and stay inside their centre; writes follow services.py's rules.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string

from indgang.audit.services import Action, audit_object
from indgang.core.services import save_validated
from indgang.families.access import centre_families_overseen_by, families_visible_to
from indgang.families.models import Case, Family
from indgang.followup import access  # noqa: F401  (registers the permissions)
from indgang.followup.due import STARTUP_STEPS
from indgang.followup.models import AgendaItem, DueStatus, MajorChange
from indgang.meetings import services as meeting_services
from indgang.meetings.models import Agreement, Meeting, Participant
from indgang.organisation.models import CoreTeamMembership, Role
from indgang.plans.models import PlanFollowUp, PlanVersion

WEEKLY = Meeting.Type.CORE_TEAM_WEEKLY
# Who plans the weekly meeting and changes its participants: the centre's case managers.
PLANNERS = {Role.COORDINATOR, Role.LEADER, Role.PROJECT_LEADER}


@dataclass(frozen=True)
class Category:
    code: str
    heading: str


# In the order the core team takes them; a family stands under its first one.
CATEGORIES = [
    Category("referral", "Nye henvisninger"),
    Category("stalled", "Opstart går i stå"),
    Category("major_change", "Væsentlige ændringer"),
    Category("proposal", "Forslag, der venter på kerneteamets afgørelse"),
    Category("agreement", "Aftaler over fristen"),
    Category("news", "Andet nyt siden sidste uge"),
]
RANK = {c.code: i for i, c in enumerate(CATEGORIES)}


@dataclass
class Reason:
    """Why a family is on the agenda; sources in other apps return these."""

    family_id: int
    category: str
    text: str
    url: str = ""


@dataclass
class AgendaFamily:
    family: Family
    reasons: list[Reason] = field(default_factory=list)
    item: AgendaItem | None = None

    @property
    def family_id(self) -> int:
        return self.family.pk

    @property
    def name(self) -> str:
        return self.family.name

    @property
    def category(self) -> str:
        return min((r.category for r in self.reasons), key=RANK.__getitem__)


@dataclass
class Section:
    category: Category
    families: list[AgendaFamily]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def may_plan(user) -> bool:
    return getattr(user, "role", None) in PLANNERS and bool(getattr(user, "centre_id", None))


# --- Reads -----------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def weekly_meetings(*, user, week: date) -> list[Meeting]:
    """The centre's weekly meetings that start in the week, with their participants."""
    start = _day_start(week)
    return list(
        Meeting.objects.filter(
            centre_id=user.centre_id,
            type=WEEKLY,
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=7),
        )
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user"))
        )
        .order_by("starts_at", "id")
    )


def weekly_meeting_for(*, user, meeting_id: int) -> Meeting:
    """A weekly meeting of the user's own centre; any other looks missing."""
    meeting = (
        Meeting.objects.filter(centre_id=user.centre_id, type=WEEKLY, pk=meeting_id)
        .prefetch_related("participants")
        .first()
    )
    if meeting is None or not user.centre_id:
        raise Http404
    return meeting


def _reasons(ids, week: date, since: date, today: date) -> list[Reason]:
    """Every reason a family of the centre needs the core team this week; one query each."""
    reasons: list[Reason] = []
    pending = (Case.Status.REFERRED, Case.Status.ELIGIBILITY_ASSESSED, Case.Status.CONSENT_GIVEN)
    for family_id, referred_on, status in Case.objects.filter(
        family__in=ids, status__in=pending, referred_on__lt=week + timedelta(days=7)
    ).values_list("family_id", "referred_on", "status"):
        reasons.append(
            Reason(
                family_id,
                "referral",
                f"Henvist {referred_on:%d.%m.%Y} – {Case.Status(status).label.lower()}",
            )
        )
    for family_id, enrolled_on, missing in DueStatus.objects.filter(
        family__in=ids, startup_stalled=True
    ).values_list("family_id", "enrolled_on", "startup_missing"):
        steps = [STARTUP_STEPS[s].lower() for s in missing.split(",") if s in STARTUP_STEPS]
        days = (today - enrolled_on).days
        reasons.append(
            Reason(
                family_id,
                "stalled",
                f"Indskrevet for {days} dage siden; mangler {', '.join(steps) or 'opstart'}",
            )
        )
    for family_id, on, description in MajorChange.objects.filter(
        case__family__in=ids, on__gte=since, on__lt=week
    ).values_list("case__family_id", "on", "description"):
        reasons.append(
            Reason(family_id, "major_change", f"Væsentlig ændring {on:%d.%m.}: {description[:80]}")
        )
    for path in getattr(settings, "CORE_TEAM_AGENDA_SOURCES", []):
        reasons.extend(import_string(path)(family_ids=ids, week=week, today=today))
    for family_id, task, due_on in Agreement.objects.filter(
        case__family__in=ids, status=Agreement.Status.OPEN, due_on__lt=today
    ).values_list("case__family_id", "task", "due_on"):
        reasons.append(Reason(family_id, "agreement", f"{task[:60]} (frist {due_on:%d.%m.%Y})"))
    for family_id, type_ in Meeting.objects.filter(
        case__family__in=ids,
        status=Meeting.Status.HELD,
        starts_at__gte=_day_start(since),
        starts_at__lt=_day_start(week),
    ).values_list("case__family_id", "type"):
        reasons.append(Reason(family_id, "news", f"{Meeting.Type(type_).label} holdt"))
    for family_id, number in PlanVersion.objects.filter(
        plan__case__family__in=ids, agreed_on__gte=since, agreed_on__lt=week
    ).values_list("plan__case__family_id", "number"):
        reasons.append(Reason(family_id, "news", f"Planen aftalt (version {number})"))
    for family_id, done_on in PlanFollowUp.objects.filter(
        plan__case__family__in=ids, done_on__gte=since, done_on__lt=week
    ).values_list("plan__case__family_id", "done_on"):
        reasons.append(Reason(family_id, "news", f"Opfølgning på planen {done_on:%d.%m.}"))
    for family_id, contact, followup in (
        DueStatus.objects.filter(family__in=ids)
        .filter(Q(contact_overdue=True) | Q(followup_overdue=True))
        .values_list("family_id", "contact_overdue", "followup_overdue")
    ):
        if contact:
            reasons.append(Reason(family_id, "news", "Månedlig kontakt overskredet"))
        if followup:
            reasons.append(Reason(family_id, "news", "Opfølgning på planen overskredet"))
    return reasons


def weekly_agenda(*, user, week: date) -> dict:
    """The week's meeting(s) and the agenda: families by what needs the core team, then the
    items added by hand, each with its minutes. A constant number of queries."""
    week = week_start(week)
    since = week - timedelta(days=7)
    today = timezone.localdate()
    ids = centre_families_overseen_by(user).filter(centre_id=user.centre_id).values("pk")
    reasons = _reasons(ids, week, since, today)
    items = list(
        AgendaItem.objects.filter(centre_id=user.centre_id, week=week)
        .filter(Q(family__isnull=True) | Q(family__in=ids))
        .select_related("family", "added_by")
    )
    by_family = {i.family_id: i for i in items if i.family_id}
    families = {
        f.pk: AgendaFamily(f, item=by_family.get(f.pk))
        for f in Family.objects.filter(pk__in={r.family_id for r in reasons}).only("pk", "name")
    }
    for reason in reasons:
        if reason.family_id in families:
            families[reason.family_id].reasons.append(reason)
    for agenda_family in families.values():
        agenda_family.reasons.sort(key=lambda r: RANK[r.category])
    sections = [
        Section(
            c,
            sorted((a for a in families.values() if a.category == c.code), key=lambda a: a.name),
        )
        for c in CATEGORIES
    ]
    manual = [i for i in items if i.family_id is None or i.family_id not in families]
    return {
        "week": week,
        "since": since,
        "sections": [s for s in sections if s.families],
        "family_count": len(families),
        "manual": manual,
        "meetings": weekly_meetings(user=user, week=week),
    }


def agenda_item_for(*, user, item_id: int) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(centre_id=user.centre_id, pk=item_id)
        .select_related("family")
        .first()
    )
    if item is None or (
        item.family_id and not families_visible_to(user).filter(pk=item.family_id).exists()
    ):
        raise Http404
    return item


def member_choices(*, centre) -> tuple[list, list]:
    """The centre's fixed core-team members (always invited) and its flexible ones."""
    memberships = CoreTeamMembership.objects.filter(
        centre=centre, user__is_active=True
    ).select_related("user")
    fixed = [m.user for m in memberships if m.kind == CoreTeamMembership.Kind.FIXED]
    flexible = [m.user for m in memberships if m.kind == CoreTeamMembership.Kind.FLEXIBLE]
    key = lambda u: (u.first_name, u.last_name, u.pk)  # noqa: E731
    return sorted(fixed, key=key), sorted(flexible, key=key)


# --- Writes ----------------------------------------------------------------------------


def _check_planner(by, centre) -> None:
    if not may_plan(by) or by.centre_id != centre.pk:
        raise ValidationError("Kun centrets koordinatorer og ledere planlægger ugemødet.")


def _check_when(starts_at: datetime) -> None:
    # A weekly meeting is planned for the weeks around now; 1999 or 2090 is a typing error.
    today = timezone.localdate()
    earliest, latest = today - timedelta(weeks=8), today + timedelta(days=366)
    if not earliest <= timezone.localtime(starts_at).date() <= latest:
        raise ValidationError(
            {"on": f"Vælg en dato mellem {earliest:%d.%m.%Y} og {latest:%d.%m.%Y}."}
        )


def _sync_participants(*, by, meeting: Meeting, flexible) -> None:
    """Every fixed member, and exactly the chosen flexible ones (never a stranger)."""
    fixed, allowed_flexible = member_choices(centre=meeting.centre)
    allowed = {u.pk for u in allowed_flexible}
    chosen = {u.pk for u in flexible}
    if chosen - allowed:
        raise ValidationError({"flexible": "Vælg blandt centrets fleksible kerneteammedlemmer."})
    wanted = {u.pk for u in fixed} | chosen
    present = {p.user_id: p for p in meeting.participants.all() if p.user_id}
    for user in [*fixed, *allowed_flexible]:
        if user.pk in wanted and user.pk not in present:
            meeting_services.participant_add(
                by=by,
                meeting=meeting,
                data={"kind": Participant.Kind.STAFF, "user": user, "role": "Kerneteam"},
            )
    for user_id, participant in present.items():
        if user_id in allowed and user_id not in chosen:
            meeting_services.participant_remove(by=by, participant=participant)


def weekly_meeting_plan(
    *, by, centre, starts_at: datetime, ends_at: datetime | None, place: str, flexible=()
) -> Meeting:
    """The week's meeting with the fixed core team and the chosen flexible members."""
    _check_planner(by, centre)
    _check_when(starts_at)
    with transaction.atomic():
        meeting = meeting_services.meeting_create(
            by=by,
            centre=centre,
            data={"type": WEEKLY, "starts_at": starts_at, "ends_at": ends_at, "place": place},
        )
        _sync_participants(by=by, meeting=meeting, flexible=flexible)
    return meeting


def weekly_meeting_update(
    *,
    by,
    meeting: Meeting,
    starts_at: datetime,
    ends_at: datetime | None,
    place: str,
    flexible=(),
    held: bool = False,
) -> Meeting:
    _check_planner(by, meeting.centre)
    _check_when(starts_at)
    data = {"starts_at": starts_at, "ends_at": ends_at, "place": place}
    if held:
        data["status"] = Meeting.Status.HELD
    with transaction.atomic():
        if meeting.is_open:
            _sync_participants(by=by, meeting=meeting, flexible=flexible)
        meeting_services.meeting_update(by=by, meeting=meeting, data=data)
    return meeting


def agenda_item_add(*, by, centre, week: date, title: str, family=None) -> AgendaItem:
    week = week_start(week)
    if not (title or "").strip():
        raise ValidationError({"title": "Skriv, hvad punktet handler om."})
    if family is not None and family.centre_id != centre.pk:
        raise ValidationError("Familien hører ikke til centret.")
    item = AgendaItem(centre=centre, week=week, title=title.strip(), family=family, added_by=by)
    with transaction.atomic():
        if family is not None:
            existing = AgendaItem.objects.filter(centre=centre, week=week, family=family).first()
            if existing:
                return existing
        save_validated(item)
        audit_object(
            by,
            Action.CREATE,
            item,
            family_id=family.pk if family else None,
            summary="Punkt på kerneteamets dagsorden",
        )
    return item


def agenda_minutes_write(*, by, item: AgendaItem, minutes: str) -> AgendaItem:
    before = item.minutes
    item.minutes = (minutes or "").strip()
    with transaction.atomic():
        save_validated(item)
        if before != item.minutes:
            audit_object(
                by,
                Action.CHANGE,
                item,
                family_id=item.family_id,
                summary="Referat af punkt på kerneteamets dagsorden",
                changes={"minutes": ["…", "…"]},
            )
    return item
