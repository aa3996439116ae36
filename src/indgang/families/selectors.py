"""Every read of families and cases, given the acting user and limited to what they may see."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Concat
from django.utils import timezone

from indgang.core.cpr import parse_cpr
from indgang.families.access import (
    centre_families_overseen_by,
    families_visible_to,
    family_for,
    may_search_centre,
    visible_among,
)
from indgang.families.custody import custody_by_person
from indgang.families.models import (
    Case,
    Consent,
    CoordinatorAssignment,
    Cover,
    EligibilityAssessment,
    ExternalCase,
    Family,
    Handover,
    HouseholdMembership,
    PartnerLink,
    Person,
)
from indgang.organisation.models import Role, User
from indgang.organisation.selectors import people


def _current_coordinator_name():
    current = CoordinatorAssignment.objects.filter(
        case__family=OuterRef("pk"), ended_on__isnull=True
    ).annotate(name=Concat("coordinator__first_name", Value(" "), "coordinator__last_name"))
    return Subquery(current.values("name")[:1])


def _latest_case(field: str):
    return Subquery(
        Case.objects.filter(family=OuterRef("pk")).order_by("-referred_on", "-id").values(field)[:1]
    )


# A case on its way in: referred, eligibility assessed or consent given.
PENDING_STATUSES = [s for s in Case.Status.values if s not in ("enrolled", "discharged")]


def coordinated_cases(*, user, today: date | None = None) -> dict[int, int]:
    """Case id -> family id for the cases the user coordinates, or covers today for an
    absent coordinator, among the families they may see. Two small queries: the ids are
    found through their own indexes first, and the access rule is checked on those alone."""
    today = today or timezone.localdate()
    mine = CoordinatorAssignment.objects.filter(coordinator=user, ended_on__isnull=True)
    covering = Cover.objects.filter(deputy=user, starts_on__lte=today, ends_on__gte=today)
    pairs = dict(
        mine.order_by()
        .values_list("case_id", "case__family_id")
        .union(covering.order_by().values_list("case_id", "case__family_id"))
    )
    seen = visible_among(user, pairs.values())
    return {case_id: family_id for case_id, family_id in pairs.items() if family_id in seen}


def cases_coordinated_by(*, user, today: date | None = None) -> QuerySet[Case] | None:
    """Open cases the user coordinates or covers today (None for anyone not a coordinator)."""
    if getattr(user, "role", None) != Role.COORDINATOR:
        return None
    case_ids = list(coordinated_cases(user=user, today=today))
    return Case.objects.filter(pk__in=case_ids).exclude(status=Case.Status.DISCHARGED)


def referral_wait_days() -> int:
    """A referral should be decided (eligibility, consent, enrolment) within this many days."""
    return getattr(settings, "REFERRAL_WAIT_LIMIT_DAYS", 14)


def referrals_waiting(*, user, today: date | None = None) -> list[Case]:
    """Referrals the user may act on that have waited longer than the limit, oldest first."""
    if not user.has_perm("families.manage_case"):
        return []
    today = today or timezone.localdate()
    waiting = Case.objects.filter(
        status__in=PENDING_STATUSES, referred_on__lt=today - timedelta(days=referral_wait_days())
    )
    if user.centre_id:  # a plain list of the centre's few first (see pending_referrals)
        waiting = waiting.filter(centre_id=user.centre_id)
    # The rule checked on the candidates' families only (visible_among), not inside the join.
    candidates = list(waiting.values_list("pk", "family_id"))
    visible = visible_among(user, {family_id for _pk, family_id in candidates})
    case_ids = [pk for pk, family_id in candidates if family_id in visible]
    cases = list(
        Case.objects.filter(pk__in=case_ids)
        .select_related("family")
        .order_by("referred_on", "id")[:50]
    )
    for case in cases:
        case.days_waiting = (today - case.referred_on).days
    return cases


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


@dataclass
class AgeLimit:
    person: Person
    family: Family
    limit_age: int
    passes_on: date


def age_limits_ahead(*, user, today: date | None = None, months: int = 3) -> list[AgeLimit]:
    """Children in the user's cases who pass the municipality's age limit within ``months``."""
    cases = cases_coordinated_by(user=user, today=today)
    if cases is None:
        return []
    today = today or timezone.localdate()
    horizon = add_months(today, months)
    # A plain list of the few case ids: as a subquery inside the join, PostgreSQL planned
    # over every child in the country (30 ms nationally).
    case_ids = list(cases.filter(status=Case.Status.ENROLLED).values_list("pk", flat=True))
    children = Person.objects.filter(
        family__cases__in=case_ids,
        relation=Person.Relation.CHILD,
        birth_date__isnull=False,
    ).select_related("family", "family__municipality")
    found = []
    for child in children.distinct():
        limit = child.family.municipality.criteria_max_age
        passes_on = add_years(child.birth_date, limit + 1)
        if today < passes_on <= horizon:
            found.append(AgeLimit(child, child.family, limit, passes_on))
    return sorted(found, key=lambda a: a.passes_on)


def pending_referrals(*, user, limit: int = 50) -> list[Family]:
    """Families whose newest case is still on its way in (referred, assessed, consented).

    Narrowed first to a plain list of the families of the user's centre with such a case:
    the visibility rule, evaluated on every family of the country to filter on the newest
    status, cost 70 ms nationally."""
    waiting = Case.objects.filter(status__in=PENDING_STATUSES)
    if user.centre_id:
        waiting = waiting.filter(centre_id=user.centre_id)
    family_ids = visible_among(user, waiting.values_list("family_id", flat=True).distinct())
    return list(
        _with_case_status(Family.objects.filter(pk__in=family_ids))
        .filter(case_status__in=PENDING_STATUSES)
        .order_by("name", "pk")[:limit]
    )


def family_list_for(
    *, user, query: str = "", cpr: str = "", mine: bool = False, status: str = ""
) -> QuerySet[Family]:
    """The families the user may see, newest case status and coordinator annotated."""
    if mine and user.is_active and user.role == Role.COORDINATOR:
        # A coordinator's own cases are visible by the rule's first condition: the whole
        # rule, checked on every family of the country, would only say so again.
        families = Family.objects.filter(
            pk__in=CoordinatorAssignment.objects.filter(
                coordinator=user, ended_on__isnull=True
            ).values("case__family_id")
        )
    else:
        families = families_visible_to(user)
    if (query or cpr) and not mine and may_search_centre(user):
        # A search also finds the centre's other families, which open after a reason is
        # given (a value jump): a colleague covering must be able to find the family.
        families = Family.objects.filter(
            Q(pk__in=families.values("pk")) | Q(centre_id=user.centre_id)
        )
    if query:
        words = query.split()
        for word in words:
            families = families.filter(
                Q(name__icontains=word)
                | Q(members__first_name__icontains=word)
                | Q(members__last_name__icontains=word)
            )
        families = families.distinct()
    if cpr:
        digits, _born = parse_cpr(cpr)
        families = families.filter(members__cpr=digits)
    if mine:
        families = families.filter(
            cases__coordinator_assignments__coordinator=user,
            cases__coordinator_assignments__ended_on__isnull=True,
        )
    families = _with_case_status(families)
    if status:
        families = families.filter(case_status=status)
    return families.order_by("name", "pk")


def _with_case_status(families: QuerySet[Family]) -> QuerySet[Family]:
    """What a list of families shows: the newest case's status and the current coordinator."""
    return families.select_related("municipality").annotate(
        case_status=_latest_case("status"),
        coordinator_name=_current_coordinator_name(),
    )


@dataclass
class FamilyOverview:
    family: Family
    members: list[Person]
    cases: list[Case]
    case: Case | None  # the newest case: the one the page acts on
    coordinator: CoordinatorAssignment | None
    pending_handover: Handover | None
    partners: list[PartnerLink]
    external_cases: list[ExternalCase]
    history: list["HistoryEntry"]
    cover: "Cover | None" = None  # the current cover, or else the next one planned
    # Parents who live in another household and belong here too (HouseholdMembership).
    other_members: list[HouseholdMembership] = field(default_factory=list)
    # Each member's custody, both ways: the children of a guardian, the guardians of a child.
    custody: dict[int, list[Person]] = field(default_factory=dict)

    @property
    def person_ids(self) -> list[int]:
        return [m.pk for m in self.members] + [o.person_id for o in self.other_members]


def _overview_probes() -> dict[str, Exists]:
    """Few families have a case in another municipality, a parent from another household, a
    handover or a cover: asked on the family's own row, instead of an empty answer from each
    table (docs/benchmarks.md)."""
    family = OuterRef("pk")
    return {
        "has_external_cases": Exists(ExternalCase.objects.filter(person__family=family)),
        "has_other_members": Exists(HouseholdMembership.objects.filter(family=family)),
        "has_handovers": Exists(Handover.objects.filter(case__family=family)),
        "has_covers": Exists(
            Cover.objects.filter(case__family=family, ends_on__gte=timezone.localdate())
        ),
    }


def family_overview(*, user, family_id: int) -> FamilyOverview:
    """The whole picture on one page, in a constant number of queries."""
    family = family_for(user, family_id, **_overview_probes())
    # Into the family's prefetch cache: the overview's panels read family.members.all() and
    # family.cases.all() (newest_case) from here instead of asking the database again.
    prefetch_related_objects(
        [family],
        "members",
        Prefetch("cases", queryset=Case.objects.order_by("-referred_on", "-id")),
    )
    members = list(family.members.all())
    cases = list(family.cases.all())
    other_members = (
        list(family.other_members.select_related("person__family"))
        if family.has_other_members
        else []
    )
    _attach_case_details(
        cases,
        members + [o.person for o in other_members],
        skip={table for table, probe in _CASE_DETAIL_PROBES.items() if not getattr(family, probe)},
    )
    case = cases[0] if cases else None
    coordinator = pending = None
    partners: list[PartnerLink] = []
    if case:
        coordinator = next((a for a in case.assignment_list if a.ended_on is None), None)
        pending = next((h for h in case.handover_list if h.confirmed_at is None), None)
        partners = [link for link in case.partner_link_list if link.is_active]
    external = (
        list(ExternalCase.objects.filter(person__family=family).select_related("municipality"))
        if family.has_external_cases
        else []
    )
    for member in members:
        member.external_list = [ext for ext in external if ext.person_id == member.pk]
    cover = next(iter(case.cover_list), None) if case and case.is_open else None
    custody = custody_by_person(members + [o.person for o in other_members])
    for person in members + [o.person for o in other_members]:
        person.custody_list = custody.get(person.pk, [])
    return FamilyOverview(
        family,
        members,
        cases,
        case,
        coordinator,
        pending,
        partners,
        external,
        _timeline(cases),
        cover,
        other_members,
        custody,
    )


# What the overview shows of each case, as a list on the case, and the staff each row names.
_CASE_DETAILS = {
    "status_change_list": ("by",),
    "assignment_list": ("coordinator",),
    "partner_link_list": ("user",),
    "handover_list": ("from_coordinator", "to_coordinator"),
    "cover_list": ("deputy", "coordinator"),
    "eligibility_list": (),
    "consent_list": (),
}
# The lists read only when the family's row says it has any (_overview_probes).
_CASE_DETAIL_PROBES = {"handover_list": "has_handovers", "cover_list": "has_covers"}
# The household members the rows name: at hand on the overview, read only if not.
_CASE_PERSONS = {"eligibility_list": "child", "consent_list": "given_by"}


def _case_detail_queries() -> dict[str, QuerySet]:
    from indgang.families.models import CaseStatusChange

    return {
        "status_change_list": CaseStatusChange.objects.all(),
        "assignment_list": CoordinatorAssignment.objects.all(),
        "partner_link_list": PartnerLink.objects.all(),
        # The note itself is read on the handover's own page.
        "handover_list": Handover.objects.only(
            "case_id", "from_coordinator_id", "to_coordinator_id", "created_at", "confirmed_at"
        ),
        "cover_list": Cover.objects.filter(ends_on__gte=timezone.localdate()).order_by(
            "starts_on", "id"
        ),
        "eligibility_list": EligibilityAssessment.objects.all(),
        "consent_list": Consent.objects.all(),
    }


def _attach_case_details(
    cases: list[Case], persons: list[Person], skip: set[str] = frozenset()
) -> None:
    """The overview's details of each case (``_CASE_DETAILS``) as plain lists on the case: one
    query per table (none for a table in ``skip``, known to be empty), and the staff the rows
    name read once. Nested prefetches, each joined to the user table, cost the page more than
    their few rows (docs/benchmarks.md)."""
    ids = [c.pk for c in cases]
    found = {
        name: list(qs.filter(case_id__in=ids)) if ids and name not in skip else []
        for name, qs in _case_detail_queries().items()
    }
    user_ids = {
        getattr(row, f"{name}_id")
        for table, names in _CASE_DETAILS.items()
        for row in found[table]
        for name in names
    }
    # The page names them, with a phone number and a department: their other columns stay.
    users = (
        User.objects.select_related("department")
        .only("first_name", "last_name", "username", "phone", "department__name")
        .in_bulk(user_ids - {None})
    )
    known = {p.pk: p for p in persons}
    named = {getattr(row, f"{name}_id") for t, name in _CASE_PERSONS.items() for row in found[t]}
    if missing := named - known.keys() - {None}:
        known.update(Person.objects.in_bulk(missing))
    by_pk = {c.pk: c for c in cases}
    for case in cases:
        for name in _CASE_DETAILS:
            setattr(case, name, [])
    for table, names in _CASE_DETAILS.items():
        for row in found[table]:
            for name in names:
                setattr(row, name, users.get(getattr(row, f"{name}_id")))
            if person := _CASE_PERSONS.get(table):
                setattr(row, person, known.get(getattr(row, f"{person}_id")))
            getattr(by_pk[row.case_id], table).append(row)


def newest_case(family: Family, *related: str) -> Case | None:
    """The case the pages act on: the family's newest. On the overview it comes from the
    prefetch above; elsewhere from one query, joined with ``related``."""
    if "cases" in getattr(family, "_prefetched_objects_cache", {}):
        return next(iter(family.cases.all()), None)
    return family.cases.select_related(*related).order_by("-referred_on", "-id").first()


@dataclass
class HistoryEntry:
    on: date
    text: str
    by: str = ""
    handover: Handover | None = None


def _timeline(cases: list[Case]) -> list[HistoryEntry]:
    """Status steps, coordinator changes and handovers of every case, newest first."""
    entries = []
    for case in cases:
        for change in case.status_change_list:
            entries.append(HistoryEntry(change.on, change.get_to_status_display(), str(change.by)))
        for a in case.assignment_list:
            entries.append(HistoryEntry(a.started_on, f"Koordinator: {a.coordinator}"))
        for h in case.handover_list:
            text = f"Overlevering fra {h.from_coordinator} til {h.to_coordinator}"
            if h.confirmed_at:
                text += f", læst {timezone.localdate(h.confirmed_at):%d.%m.%Y}"
            entries.append(
                HistoryEntry(timezone.localdate(h.created_at), text, str(h.from_coordinator), h)
            )
    return sorted(entries, key=lambda e: e.on, reverse=True)


def person_for(*, user, person_id: int) -> Person:
    return Person.objects.select_related("family").get(
        pk=person_id, family__in=families_visible_to(user)
    )


def coordinators_for(*, centre_id) -> QuerySet[User]:
    return people(User.objects.filter(role=Role.COORDINATOR, is_active=True, centre_id=centre_id))


def partners_for_linking(*, centre_id) -> QuerySet[User]:
    """Partners working in a department of the centre or of its municipalities, and the
    centre's own core team (flexible members are invited per case). Never every partner in
    the country: the picker names them, and a linked partner sees the family."""
    in_tenancy = Q(department__centre_id=centre_id) | Q(department__municipality__centres=centre_id)
    return (
        people(User.objects.filter(is_active=True))
        .filter((Q(role=Role.PARTNER) & in_tenancy) | Q(role=Role.CORE_TEAM, centre_id=centre_id))
        .select_related("department")
        .distinct()
    )


# --- The participant list and caseloads --------------------------------------------


def participant_list(
    *, user, municipality_id: int | None = None, status: str = "", coordinator_id: int | None = None
) -> QuerySet[Case]:
    """Every enrolled (or, when asked, discharged) case in the user's centre."""
    cases = (
        Case.objects.filter(family__in=centre_families_overseen_by(user))
        .filter(status__in=[status] if status else [Case.Status.ENROLLED])
        .select_related("family__municipality")
        .annotate(
            coordinator_name=Subquery(
                CoordinatorAssignment.objects.filter(case=OuterRef("pk"))
                .order_by(F("ended_on").desc(nulls_first=True), "-started_on")
                .annotate(
                    name=Concat("coordinator__first_name", Value(" "), "coordinator__last_name")
                )
                .values("name")[:1]
            )
        )
        .order_by("family__municipality__name", "enrolled_on", "pk")
    )
    if municipality_id:
        cases = cases.filter(family__municipality_id=municipality_id)
    if coordinator_id:
        cases = cases.filter(
            coordinator_assignments__coordinator_id=coordinator_id,
            coordinator_assignments__ended_on__isnull=True,
        )
    return cases


@dataclass
class ParticipantRow:
    case: Case
    child: Person
    age: int | None
    family_members_with_cases: list[str]
    # Whom the row names: the child and the members whose other cases it lists (for the log).
    person_ids: list[int] = field(default_factory=list)


def participant_rows(cases, *, on: date | None = None) -> list[ParticipantRow]:
    """One row per target child, as the project leader's participant list has it."""
    on = on or timezone.localdate()
    cases = list(cases)
    # Members and their active cases elsewhere as two plain queries grouped here: through
    # prefetch_related, the per-object managers for 600 families' members cost more than the
    # queries (140 ms for the 600-child municipality; docs/benchmarks.md).
    family_ids = [case.family_id for case in cases]
    members_of: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(family_id__in=family_ids):
        members_of[person.family_id].append(person)
    elsewhere: dict[int, list[ExternalCase]] = defaultdict(list)
    for external in ExternalCase.objects.filter(
        active=True, person__family_id__in=family_ids
    ).select_related("municipality"):
        elsewhere[external.person_id].append(external)
    rows = []
    for case in cases:
        members = members_of[case.family_id]
        named = [m for m in members if elsewhere[m.pk]]
        with_cases = [
            f"{m.first_name} ({m.get_relation_display().lower()}): "
            + ", ".join(f"{e.get_area_display()} i {e.municipality}" for e in elsewhere[m.pk])
            for m in named
        ]
        for child in (m for m in members if m.relation == Person.Relation.CHILD):
            ids = [child.pk, *(m.pk for m in named)]
            rows.append(ParticipantRow(case, child, child.age(on), with_cases, ids))
    return rows


@dataclass
class Caseload:
    coordinator: User
    active: int
    target: int

    @property
    def over_target(self) -> bool:
        return self.active > self.target


def caseload_for(*, user) -> list[Caseload]:
    """Active families per coordinator in the leader's centre, against the centre's target."""
    if not user.centre_id:
        return []
    target = user.centre.caseload_target
    coordinators = coordinators_for(centre_id=user.centre_id).annotate(
        active=Count(
            "coordinator_assignments",
            filter=Q(coordinator_assignments__ended_on__isnull=True)
            & ~Q(coordinator_assignments__case__status=Case.Status.DISCHARGED),
        )
    )
    return [Caseload(c, c.active, target) for c in coordinators]


def handovers_to_confirm(*, user) -> list[Handover]:
    """Handovers waiting for the user to read them, of families they may see: the few
    candidates first, the access rule checked on those alone (``visible_among``)."""
    waiting = list(
        Handover.objects.filter(to_coordinator=user, confirmed_at__isnull=True).select_related(
            "case__family", "from_coordinator"
        )
    )
    seen = visible_among(user, {h.case.family_id for h in waiting})
    return [h for h in waiting if h.case.family_id in seen]
