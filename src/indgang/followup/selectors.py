"""Every read in follow-up, given the acting user and limited to what they may see."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from indgang.core.templatetags.indgang_format import counted
from indgang.families.access import (
    centre_families_overseen_by,
    families_visible_to,
    visible_among,
)
from indgang.families.models import Case, CoordinatorAssignment, Cover, Family
from indgang.followup import access  # noqa: F401  (registers the permissions)
from indgang.followup import cadence as rules
from indgang.followup.due import (
    DueRow,
    profiles_by_id,
    row_from_status,
    startup_weeks,
    stored_due_rows,
)
from indgang.followup.models import (
    AnnualCycleFeed,
    AnnualEvent,
    ContactLog,
    DueStatus,
    MajorChange,
    MunicipalityCadence,
)
from indgang.meetings import selectors as meeting_selectors
from indgang.meetings.models import Agreement, Meeting, Participant
from indgang.organisation.models import Municipality, User
from indgang.plans.models import PlanFollowUp, PlanVersion


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _open_case(family: Family) -> Case | None:
    return family.cases.exclude(status=Case.Status.DISCHARGED).order_by("-referred_on").first()


# --- The family overview panel ------------------------------------------------------


def family_panel(*, user, family: Family) -> dict | None:
    """ "Kontakt og opfølgning" on the family overview; a constant number of queries.

    Part of the contact log: not shown to a partner whose view of the case is restricted."""
    from indgang.families.access import partner_view

    if partner_view(user, family) is not None:
        return None
    status = family_due_status(family)
    row = (
        row_from_status(status, family_name=family.name, today=timezone.localdate())
        if status
        else None
    )
    return {
        "template": "followup/partials/family_panel.html",
        "row": row,
        "family": family,
        "can_manage": user.has_perm("families.manage_case", family),
    }


def family_due_status(family: Family) -> DueStatus | None:
    """The due row of the family's enrolled case (the newest, should there be two). Read once
    per request and family: the overview's short status and its follow-up panel share it."""
    if not hasattr(family, "_due_status"):
        family._due_status = (
            DueStatus.objects.filter(family=family, case__status=Case.Status.ENROLLED)
            .order_by("-case__enrolled_on")
            .first()
        )
    return family._due_status


def contacts_for(*, user, family_id: int) -> tuple[Family, list[ContactLog], list[MajorChange]]:
    from indgang.families.access import Section, family_section_for

    family = family_section_for(user, family_id, Section.CONTACT_LOG)
    contacts = list(
        ContactLog.objects.filter(case__family=family).select_related("by").order_by("-on", "-id")
    )
    changes = list(MajorChange.objects.filter(case__family=family).select_related("by"))
    return family, contacts, changes


# --- The coordinator's week ---------------------------------------------------------


@dataclass
class Week:
    start: date
    end: date  # the Sunday
    rows: list[DueRow]
    meetings: list[Meeting]
    own_agreements: list[Agreement]
    others_agreements: list[Agreement]
    covers: list[Cover] = field(default_factory=list)  # families covered for someone today
    family_ids: list[int] = field(default_factory=list)  # own and covered, for the panels

    @property
    def contacts_overdue(self):
        return sorted((r for r in self.rows if r.contact_overdue), key=lambda r: r.next_contact_due)

    @property
    def contacts_due(self):
        return sorted(
            (r for r in self.rows if r.contact_due_soon), key=lambda r: r.next_contact_due
        )

    @property
    def followups_overdue(self):
        return sorted(
            (r for r in self.rows if r.followup_overdue), key=lambda r: r.next_followup_due
        )

    @property
    def followups_due(self):
        return sorted(
            (r for r in self.rows if r.followup_due_soon), key=lambda r: r.next_followup_due
        )

    @property
    def startups_stalled(self):
        return sorted((r for r in self.rows if r.startup_stalled), key=lambda r: r.startup_since)

    @property
    def startups_under_way(self):
        return [r for r in self.rows if r.startup_missing and not r.startup_stalled]


def _my_cases(user, today: date | None = None) -> QuerySet[Case]:
    """The cases the user coordinates, and those they cover for an absent coordinator today."""
    from indgang.families.selectors import coordinated_cases

    return Case.objects.filter(pk__in=list(coordinated_cases(user=user, today=today)))


def covers_for(*, user, today: date | None = None) -> list[Cover]:
    """The families the user covers today for an absent coordinator (Min uge says so)."""
    today = today or timezone.localdate()
    return list(
        Cover.objects.filter(deputy=user, starts_on__lte=today, ends_on__gte=today)
        .select_related("case__family", "coordinator")
        .order_by("ends_on", "id")
    )


def coordinator_week(*, user, today: date | None = None) -> Week:
    """Contacts and follow-ups due and overdue, the week's meetings, open agreements and
    stalled start-ups for the coordinator's own families, in a constant number of queries.
    The due items come from the stored due rows (``stored_due_rows``).

    The coordinator's case ids and the week's meetings they take part in are read first, so
    the meetings and agreements are found through their (case, status) and (owner, status)
    indexes. An OR over a join (``case__in=<subquery> | participants__user=...``) made the
    database scan every meeting and every agreement in the country (170 ms at national
    scale on PostgreSQL; docs/benchmarks.md).
    """
    today = today or timezone.localdate()
    start = week_start(today)
    end = start + timedelta(days=6)
    from indgang.families.selectors import coordinated_cases

    mine = coordinated_cases(user=user, today=today)
    case_ids = list(mine)
    rows = stored_due_rows(case_ids=case_ids, today=today)
    tz = timezone.get_current_timezone()
    from datetime import datetime, time

    week = {
        "starts_at__gte": datetime.combine(start, time.min, tz),
        "starts_at__lt": datetime.combine(end + timedelta(days=1), time.min, tz),
    }
    invited = list(
        Participant.objects.filter(user=user)
        .filter(**{f"meeting__{k}": v for k, v in week.items()})
        .values_list("meeting_id", flat=True)
    )
    meetings = list(
        Meeting.objects.filter(Q(case_id__in=case_ids) | Q(pk__in=invited), **week)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("case__family")
        .order_by("starts_at", "id")
    )
    agreements = list(
        Agreement.objects.filter(status=Agreement.Status.OPEN, case__isnull=False)
        .filter(Q(owner_user=user) | Q(case_id__in=case_ids))
        .select_related("case__family", "owner_user", "owner_department")
        .order_by("due_on", "id")
    )
    # Only families the user may see, checked on these few (see families.access.visible_among).
    seen = visible_among(
        user,
        [m.case.family_id for m in meetings if m.case_id] + [a.case.family_id for a in agreements],
    )
    meetings = [m for m in meetings if m.case_id is None or m.case.family_id in seen]
    agreements = [a for a in agreements if a.case.family_id in seen]
    return Week(
        start=start,
        end=end,
        rows=rows,
        meetings=meetings,
        own_agreements=[a for a in agreements if a.owner_user_id == user.pk],
        others_agreements=[a for a in agreements if a.owner_user_id != user.pk],
        covers=covers_for(user=user, today=today),
        family_ids=sorted(set(mine.values())),
    )


# --- The partner's list -------------------------------------------------------------


def partner_list(*, user, today: date | None = None) -> dict:
    """The agreements a person owns and the meetings they are invited to (from today)."""
    today = today or timezone.localdate()
    visible = families_visible_to(user)
    agreements = list(
        Agreement.objects.filter(owner_user=user, status=Agreement.Status.OPEN)
        .filter(case__family__in=visible)
        .select_related("case__family", "owner_department")
        .order_by("due_on", "id")
    )
    # The same list as the core-team member's and partner's front page (meetings/home.py).
    meetings = list(meeting_selectors.meetings_upcoming_for(user=user, today=today))
    return {"agreements": agreements, "meetings": meetings, "today": today}


# --- The leader's view: cadence compliance -------------------------------------------


@dataclass
class Share:
    done: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


@dataclass
class ComplianceRow:
    label: str
    contact: list[Share]
    followup: list[Share]
    startup: list[Share]
    # The municipality's or coordinator's id (None: no coordinator, or the total row) and the
    # months, so each figure can link to the cases behind it.
    key: int | None = None
    months: list[date] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return "ingen" if self.key is None else str(self.key)

    @property
    def cells(self):
        return list(zip(self.months, self.contact, self.followup, self.startup, strict=True))


MEASURES = ("contact", "followup", "startup")


@dataclass
class CaseOutcome:
    """One case counted in one figure: whether it met the measure, and why (for the list)."""

    case_id: int
    municipality_id: int
    coordinator_id: int | None
    done: bool
    contacts: int = 0  # contact: the month's contacts
    due: date | None = None  # follow-up: due on; start-up: the plan's deadline
    plan_on: date | None = None  # start-up: the first plan agreed


def _month_starts(today: date, months: int) -> list[date]:
    first = today.replace(day=1)
    return [rules.add_months(first, -n) for n in range(months - 1, -1, -1)]


def compliance(
    *,
    cases: QuerySet[Case],
    today: date | None = None,
    months: int = 6,
    collect: dict | None = None,
) -> dict:
    """Cadence compliance per municipality and per (current) coordinator, per month.

    - contact: of the families enrolled at some point in the month, the share with a
      contact logged in that month (KOS: every calendar month);
    - follow-up: of the families enrolled at the month's end (today for the running month),
      the share whose plan follow-up was not overdue on that day under their cadence;
    - start-up: of the families enrolled in the month whose N weeks have passed (or whose
      plan is agreed), the share with the plan agreed within N weeks.

    Set-based, a constant number of queries whatever the scope (about ten): the cases, then
    one grouped query per kind of record over the whole scope (current coordinators, the
    months with a contact, the latest follow-up before the window and those in it, the first
    agreed plan), joined up in Python. One correlated subquery per case and month was 2.8 s
    for the whole country on PostgreSQL (docs/benchmarks.md).

    ``collect``, when given, receives the cases behind every figure, keyed by (measure, month
    index): the same loop counts and lists them, so the list cannot disagree with the figure.
    """
    today = today or timezone.localdate()
    starts = _month_starts(today, months)
    ends = [min(rules.month_end(s), today) for s in starts]
    window_start, window_end = starts[0], ends[-1]
    scope = cases.filter(enrolled_on__isnull=False, enrolled_on__lte=window_end).filter(
        Q(discharged_on__isnull=True) | Q(discharged_on__gte=window_start)
    )
    ids = scope.order_by().values("pk")

    rows = list(
        scope.order_by().values_list(
            "pk",
            "family__municipality_id",
            "enrolled_on",
            "discharged_on",
            "cadence__profile_id",
            "cadence__contact_every_months",
            "cadence__child_welfare",
        )
    )
    coordinator_of = dict(
        CoordinatorAssignment.objects.filter(case__in=ids, ended_on__isnull=True)
        .order_by("-id")
        .values_list("case_id", "coordinator_id")
    )
    municipality_profile = dict(
        MunicipalityCadence.objects.values_list("municipality_id", "profile_id")
    )
    # Contact: per case, the number of contacts in each month (one pass, one row per case).
    contacts = dict(
        (row[0], row[1:])
        for row in ContactLog.objects.filter(case__in=ids, on__gte=window_start, on__lte=window_end)
        .order_by()
        .values("case_id")
        .annotate(
            **{
                f"c{i}": Count("id", filter=Q(on__gte=start, on__lte=end))
                for i, (start, end) in enumerate(zip(starts, ends, strict=True))
            }
        )
        .values_list("case_id", *[f"c{i}" for i in range(months)])
    )
    # Follow-ups: the latest before the window, then every one inside it (ascending).
    followups: dict[int, list[date]] = defaultdict(list)
    for case_id, latest in (
        PlanFollowUp.objects.filter(plan__case__in=ids, done_on__lt=window_start)
        .order_by()
        .values("plan__case_id")
        .annotate(m=Max("done_on"))
        .values_list("plan__case_id", "m")
    ):
        followups[case_id].append(latest)
    for case_id, done_on in (
        PlanFollowUp.objects.filter(
            plan__case__in=ids, done_on__gte=window_start, done_on__lte=window_end
        )
        .order_by("done_on")
        .values_list("plan__case_id", "done_on")
    ):
        followups[case_id].append(done_on)
    plan_first = dict(
        PlanVersion.objects.filter(plan__case__in=ids, agreed_on__gte=F("plan__case__enrolled_on"))
        .order_by()
        .values("plan__case_id")
        .annotate(m=Min("agreed_on"))
        .values_list("plan__case_id", "m")
    )
    profiles, default = profiles_by_id()
    n_weeks = startup_weeks()

    def blank():
        return ComplianceRow(
            "",
            [Share() for _ in starts],
            [Share() for _ in starts],
            [Share() for _ in starts],
            months=starts,
        )

    by_muni: dict[int, ComplianceRow] = defaultdict(blank)
    by_coord: dict[int | None, ComplianceRow] = defaultdict(blank)
    total = blank()
    from indgang.followup.due import _Override

    cadences: dict = {}
    due_cache: dict = {}
    # Counts per (municipality, coordinator) first, six per month: contact total/done,
    # follow-up total/done, start-up total/done; summed into the rows at the end.
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0] * (6 * months))
    months_range = list(enumerate(zip(starts, ends, strict=True)))
    no_contacts = (0,) * months
    for case_id, muni, enrolled, discharged, own_profile, own_contact, welfare in rows:
        key = (municipality_profile.get(muni), own_profile, own_contact, welfare)
        if key not in cadences:
            override = None
            if own_profile or own_contact or welfare:
                override = _Override(profiles.get(own_profile), own_contact, welfare)
            cad = rules.effective_cadence(profiles.get(key[0], default), override)
            cadences[key] = (len(cadences), cad)
        cad_id, cad = cadences[key]  # the small id keeps the cache key cheap to hash
        coordinator = coordinator_of.get(case_id)
        acc = groups[(muni, coordinator)]
        contacted = contacts.get(case_id, no_contacts)
        done_dates = followups.get(case_id, ())  # ascending
        j, latest = 0, None
        first_plan = plan_first.get(case_id)
        for i, (start, end) in months_range:
            if enrolled > end:
                continue
            k = 6 * i
            if discharged is None or discharged >= start:
                if cad.contact_every_months:
                    acc[k] += 1
                    acc[k + 1] += contacted[i] > 0
                    if collect is not None:
                        collect.setdefault(("contact", i), []).append(
                            CaseOutcome(
                                case_id, muni, coordinator, contacted[i] > 0, contacts=contacted[i]
                            )
                        )
                if discharged is None or discharged > end:
                    while j < len(done_dates) and done_dates[j] <= end:
                        latest = done_dates[j]
                        j += 1
                    base = latest if latest and latest > enrolled else enrolled
                    due = due_cache.get((base, cad_id))
                    if due is None:
                        due = due_cache[(base, cad_id)] = rules.next_followup_due(base, cad)
                    acc[k + 2] += 1
                    acc[k + 3] += due >= end
                    if collect is not None:
                        collect.setdefault(("followup", i), []).append(
                            CaseOutcome(case_id, muni, coordinator, due >= end, due=due)
                        )
            if start <= enrolled:
                deadline = enrolled + timedelta(weeks=n_weeks)
                done = first_plan is not None and first_plan <= deadline
                if done or deadline < today:
                    acc[k + 4] += 1
                    acc[k + 5] += done
                    if collect is not None:
                        collect.setdefault(("startup", i), []).append(
                            CaseOutcome(
                                case_id, muni, coordinator, done, due=deadline, plan_on=first_plan
                            )
                        )
    for (muni, coord), acc in groups.items():
        for target in (by_muni[muni], by_coord[coord], total):
            for i in range(months):
                k = 6 * i
                for share, t, d in (
                    (target.contact[i], acc[k], acc[k + 1]),
                    (target.followup[i], acc[k + 2], acc[k + 3]),
                    (target.startup[i], acc[k + 4], acc[k + 5]),
                ):
                    share.total += t
                    share.done += d
    municipalities = dict(
        Municipality.objects.filter(pk__in=list(by_muni)).values_list("pk", "name")
    )
    coordinators = {
        u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=list(by_coord))
    }
    for pk, row in by_muni.items():
        row.label, row.key = municipalities.get(pk, "–"), pk
    for pk, row in by_coord.items():
        row.label, row.key = coordinators.get(pk, "Ingen koordinator"), pk
    total.label = "I alt"
    return {
        "months": starts,
        "municipalities": sorted(by_muni.values(), key=lambda r: r.label),
        "coordinators": sorted(by_coord.values(), key=lambda r: r.label),
        "total": total,
        "startup_weeks": n_weeks,
    }


def compliance_for(*, user, today: date | None = None, months: int = 6) -> dict:
    cases = Case.objects.filter(family__in=centre_families_overseen_by(user))
    return compliance(cases=cases, today=today, months=months)


def compliance_months(*, today: date | None = None, months: int = 6) -> list[date]:
    """The months the compliance page shows (their first days)."""
    return _month_starts(today or timezone.localdate(), months)


def compliance_municipality_for(*, user, pk: int) -> Municipality:
    """A municipality the user's compliance figures may cover: one of their centre's, or one of
    a family they oversee; otherwise 404, exactly as for a missing id."""
    overseen = centre_families_overseen_by(user)
    reach = Q(pk__in=overseen.values("municipality_id"))
    if user.centre_id:
        reach |= Q(centres=user.centre_id)
    municipality = Municipality.objects.filter(reach, pk=pk).distinct().first()
    if municipality is None:
        raise Http404
    return municipality


def compliance_coordinator_for(*, user, pk: int) -> User:
    """A coordinator whose figures the user may see: one of their centre's staff or the current
    coordinator of a family they oversee; otherwise 404."""
    overseen = centre_families_overseen_by(user)
    current = CoordinatorAssignment.objects.filter(
        case__family__in=overseen, ended_on__isnull=True
    ).values("coordinator_id")
    reach = Q(pk__in=current)
    if user.centre_id:
        reach |= Q(centre_id=user.centre_id)
    coordinator = User.objects.filter(reach, pk=pk).first()
    if coordinator is None:
        raise Http404
    return coordinator


@dataclass
class FigureCase:
    case: Case
    coordinator: User | None
    outcome: CaseOutcome


def compliance_cases(
    *,
    user,
    month: date,
    measure: str,
    done: bool | None = None,
    municipality: Municipality | None = None,
    coordinator_id: int | str | None = "",
    today: date | None = None,
    months: int = 6,
) -> dict:
    """The cases behind one figure of the compliance page: one measure in one month, for one
    municipality, one (current) coordinator (None: the cases without one) or all
    (``coordinator_id=""``), and optionally only those that met it (``done``) or not.

    Runs the page's own computation over the same cases (narrowed to the municipality), so
    the list holds exactly the cases the figure counted.
    """
    today = today or timezone.localdate()
    starts = _month_starts(today, months)
    if month not in starts or measure not in MEASURES:
        raise Http404
    cases = Case.objects.filter(family__in=centre_families_overseen_by(user))
    if municipality is not None:
        cases = cases.filter(family__municipality=municipality)
    collected: dict = {}
    compliance(cases=cases, today=today, months=months, collect=collected)
    outcomes = [
        o
        for o in collected.get((measure, starts.index(month)), [])
        if (coordinator_id == "" or o.coordinator_id == coordinator_id)
        and (done is None or o.done == done)
    ]
    by_id = Case.objects.select_related("family", "family__municipality").in_bulk(
        [o.case_id for o in outcomes]
    )
    people = User.objects.in_bulk({o.coordinator_id for o in outcomes} - {None})
    rows = [FigureCase(by_id[o.case_id], people.get(o.coordinator_id), o) for o in outcomes]
    rows.sort(key=lambda r: (r.outcome.done, r.case.family.name, r.case.pk))
    return {
        "rows": rows,
        "month": month,
        "measure": measure,
        "done_count": sum(r.outcome.done for r in rows),
        "is_current_month": month == starts[-1],
    }


def overdue_lists(*, user, limit: int = 100, today: date | None = None) -> dict:
    """The overdue families, from the due table (current after every change, moved on by the
    nightly run). Dates are compared with today, so a row from last night is still right
    about what became overdue since; enrolled families without a row yet are counted, so the
    page never says "nothing overdue" about families it has not computed.
    """
    today = today or timezone.localdate()
    overseen = centre_families_overseen_by(user)
    overdue, investigations = overdue_statuses(overseen, today)
    statuses = list(
        overdue.select_related("family", "coordinator", "municipality").order_by(
            "coordinator__first_name", "family__name"
        )[:limit]
    )
    for s in statuses:
        s.contact_late = s.next_contact_due is not None and s.next_contact_due < today
        s.followup_late = s.next_followup_due is not None and s.next_followup_due < today
        s.investigation_due = investigations.get(s.case_id)
    not_computed = (
        Case.objects.filter(family__in=overseen, status=Case.Status.ENROLLED)
        .exclude(enrolled_on__isnull=True)
        .filter(due_status__isnull=True)
        .count()
    )
    computed = DueStatus.objects.aggregate(m=Min("computed_on"))["m"]
    return {
        "overdue": statuses,
        "computed_on": computed,
        "limit": limit,
        "not_computed": not_computed,
    }


def overdue_statuses(
    families: QuerySet[Family], today: date
) -> tuple[QuerySet[DueStatus], dict[int, date]]:
    """The families' due rows with something past its deadline, and per case the passed
    deadline of a running investigation (which the due table does not hold). The compliance
    page and the leaders' dashboard count the same families through this."""
    investigations = _investigations_overdue(families, today)
    statuses = DueStatus.objects.filter(family__in=families).filter(
        Q(next_contact_due__lt=today)
        | Q(next_followup_due__lt=today)
        | Q(startup_stalled=True)
        | Q(overdue_agreements__gt=0)
        | Q(case_id__in=list(investigations))
    )
    return statuses, investigations


def _investigations_overdue(families: QuerySet[Family], today: date) -> dict[int, date]:
    """Per enrolled case, the deadline of a running child-welfare investigation that has passed
    (4 months from its start, as on the family overview: followup.due). One query.

    The due table does not hold the investigation, so it is read from the grants here."""
    from django.apps import apps

    from indgang.followup.due import _bases

    # The running grants of due._running_grants, for many cases at once. By name: interventions
    # sits above follow-up.
    decision = apps.get_model("interventions", "Decision")
    started = dict(
        decision.objects.filter(
            application__case__family__in=families,
            application__case__status=Case.Status.ENROLLED,
            period_from__lte=today,
        )
        .exclude(outcome="refused")
        .filter(Q(period_to__isnull=True) | Q(period_to__gte=today))
        .filter(_bases(rules.INVESTIGATION_BASES))
        .order_by()
        .values("application__case_id")
        .annotate(m=Min("period_from"))
        .values_list("application__case_id", "m")
    )
    due = {case_id: rules.investigation_due(on) for case_id, on in started.items()}
    return {case_id: on for case_id, on in due.items() if on < today}


# --- The annual cycle -----------------------------------------------------------------

STEP_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def occurrences(event: AnnualEvent, start: date, end: date) -> list[date]:
    """The event's dates between start and end (inclusive)."""
    if event.recurrence == AnnualEvent.Recurrence.NONE:
        return [event.first_on] if start <= event.first_on <= end else []
    step = STEP_MONTHS[event.recurrence]
    found = []
    n = 0
    while True:
        day = rules.add_months(event.first_on, step * n)
        if day > end or (event.until and day > event.until):
            break
        if day >= start:
            found.append(day)
        n += 1
    return found


def annual_cycle(*, user, year: int) -> dict:
    events = list(AnnualEvent.objects.filter(centre_id=user.centre_id))
    start, end = date(year, 1, 1), date(year, 12, 31)
    months = [{"month": date(year, m, 1), "items": []} for m in range(1, 13)]
    for event in events:
        for day in occurrences(event, start, end):
            months[day.month - 1]["items"].append((day, event))
    for month in months:
        month["items"].sort(key=lambda pair: (pair[0], pair[1].title))
    return {"year": year, "months": months, "events": events}


def annual_feed_for_token(*, token: str) -> AnnualCycleFeed:
    """The active feed for a token, if its owner is active and may still see the annual
    cycle; otherwise 404, exactly as for a token that never existed."""
    from django.http import Http404

    feed = (
        AnnualCycleFeed.objects.select_related("user", "user__centre")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or not feed.user.has_perm("followup.annual_cycle"):
        raise Http404
    return feed


def active_annual_feed(*, user) -> AnnualCycleFeed | None:
    return AnnualCycleFeed.objects.filter(user=user, revoked_at__isnull=True).first()


# --- Reminders ------------------------------------------------------------------------


def reminder_digests(*, today: date, soon_days: int = 7) -> list[tuple[User, list[str]]]:
    """Per staff member: what is due, as short lines (family name and what; nothing else).

    Reads the nightly table and the open agreements: three queries for everyone.
    """
    soon = today + timedelta(days=soon_days)
    lines: dict[int, list[str]] = defaultdict(list)
    statuses = (
        DueStatus.objects.filter(coordinator__isnull=False, coordinator__is_active=True)
        .filter(
            Q(next_contact_due__lte=soon)
            | Q(next_followup_due__lte=soon)
            | Q(startup_stalled=True)
            | Q(overdue_agreements__gt=0)
        )
        .select_related("family")
        .order_by("family__name")
    )
    for s in statuses:
        name = s.family.name
        if s.next_contact_due and s.next_contact_due <= soon:
            state = "overskredet" if s.next_contact_due < today else "forfalder"
            lines[s.coordinator_id].append(f"{name}: kontakt {state} {s.next_contact_due:%d.%m.%Y}")
        if s.next_followup_due and s.next_followup_due <= soon:
            state = "overskredet" if s.next_followup_due < today else "forfalder"
            lines[s.coordinator_id].append(
                f"{name}: opfølgning på planen {state} {s.next_followup_due:%d.%m.%Y}"
            )
        if s.startup_stalled:
            lines[s.coordinator_id].append(f"{name}: opstarten mangler skridt")
        if s.overdue_agreements:
            lines[s.coordinator_id].append(
                f"{name}: {counted(s.overdue_agreements, 'aftale', 'aftaler')} over fristen"
            )
    for a in (
        Agreement.objects.filter(
            status=Agreement.Status.OPEN, owner_user__isnull=False, due_on__lte=soon
        )
        .select_related("case__family")
        .order_by("due_on")
    ):
        state = "overskredet" if a.due_on < today else "forfalder"
        lines[a.owner_user_id].append(
            f"{a.case.family.name}: din aftale {state} {a.due_on:%d.%m.%Y}"
        )
    users = {u.pk: u for u in User.objects.filter(pk__in=list(lines), is_active=True)}
    return [(users[pk], items) for pk, items in lines.items() if pk in users]
