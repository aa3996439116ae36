"""What is due and overdue, computed from the records in a constant number of queries.

`due_rows(cases=..., today=...)` annotates any queryset of cases with the latest contact,
follow-up and major change, the start-up steps held since the start-up began and the
number of open agreements past their date, in one SQL query; the cadence rules
(followup/cadence.py) are then applied in Python without further queries. The coordinator's
week, the family overview and the nightly `compute_due` all use it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from indgang.families.models import Case, CoordinatorAssignment
from indgang.followup import cadence as rules
from indgang.followup.models import CadenceProfile, ContactLog, MajorChange, MunicipalityCadence
from indgang.meetings.models import Agreement, Assessment, Meeting
from indgang.plans.models import PlanFollowUp, PlanVersion

DEFAULT_PROFILE = "kos"

STARTUP_STEPS = {
    "assessment": "Udredningsmøde",
    "analysis": "Analysemøde",
    "plan": "Fælles plan aftalt med familien",
}


def startup_weeks() -> int:
    """Start-up (assessment, analysis, plan agreed) should be complete this many weeks in."""
    return getattr(settings, "FOLLOWUP_STARTUP_WEEKS", 8)


def due_soon_days() -> int:
    return getattr(settings, "FOLLOWUP_DUE_SOON_DAYS", 14)


@dataclass
class DueRow:
    case_id: int
    family_id: int
    family_name: str
    centre_id: int
    municipality_id: int
    coordinator_id: int | None
    enrolled_on: date
    cadence: rules.Cadence
    last_contact_on: date | None
    next_contact_due: date | None
    last_followup_on: date | None
    next_followup_due: date
    startup_since: date
    startup_missing: list[str] = field(default_factory=list)
    startup_stalled: bool = False
    overdue_agreements: int = 0
    today: date | None = None
    # Child-welfare: "grant" when a grant under a child-welfare basis runs, "marked" when only
    # the old checkbox on the family's cadence says so (kept for cases recorded before).
    child_welfare: str = ""
    investigation_started_on: date | None = None

    @property
    def investigation_due(self) -> date | None:
        return rules.investigation_due(self.investigation_started_on)

    @property
    def investigation_overdue(self) -> bool:
        return self.investigation_due is not None and self.investigation_due < self.today

    @property
    def investigation_due_soon(self) -> bool:
        due = self.investigation_due
        return due is not None and self.today <= due <= self.today + timedelta(days=due_soon_days())

    @property
    def contact_overdue(self) -> bool:
        return self.next_contact_due is not None and self.next_contact_due < self.today

    @property
    def followup_overdue(self) -> bool:
        return self.next_followup_due < self.today

    @property
    def contact_due_soon(self) -> bool:
        soon = self.today + timedelta(days=due_soon_days())
        return self.next_contact_due is not None and self.today <= self.next_contact_due <= soon

    @property
    def followup_due_soon(self) -> bool:
        return self.today <= self.next_followup_due <= self.today + timedelta(days=due_soon_days())

    @property
    def startup_missing_labels(self) -> list[str]:
        return [STARTUP_STEPS[s] for s in self.startup_missing]

    @property
    def has_overdue(self) -> bool:
        return (
            self.contact_overdue
            or self.followup_overdue
            or self.startup_stalled
            or self.overdue_agreements > 0
            or self.investigation_overdue
        )


def row_from_status(status, *, family_name: str, today: date) -> DueRow:
    """The stored ``DueStatus`` row as a ``DueRow``, its overdue flags measured against today:
    what the family overview shows, without computing the case again."""
    return DueRow(
        case_id=status.case_id,
        family_id=status.family_id,
        family_name=family_name,
        centre_id=status.centre_id,
        municipality_id=status.municipality_id,
        coordinator_id=status.coordinator_id,
        enrolled_on=status.enrolled_on,
        cadence=rules.Cadence(
            status.contact_every_months,
            status.followup_every,
            status.followup_unit,
            status.profile_name,
        ),
        last_contact_on=status.last_contact_on,
        next_contact_due=status.next_contact_due,
        last_followup_on=status.last_followup_on,
        next_followup_due=status.next_followup_due,
        startup_since=status.startup_since,
        startup_missing=[s for s in status.startup_missing.split(",") if s],
        startup_stalled=status.startup_stalled,
        overdue_agreements=status.overdue_agreements,
        today=today,
        child_welfare=status.child_welfare,
        investigation_started_on=status.investigation_started_on,
    )


def stored_due_rows(*, case_ids, today: date) -> list[DueRow]:
    """The due rows of these cases from the stored table (current after every change,
    followup/signals.py), ordered by family name; an enrolled case without a row yet (data
    loaded without the signals, before the nightly run) is computed now. Two plain queries in
    the usual case instead of the annotated computation, whose SQL alone takes Django longer
    to build than the database to run (docs/benchmarks.md)."""
    from indgang.followup.models import DueStatus

    ids = set(case_ids)
    statuses = list(
        DueStatus.objects.filter(case_id__in=ids).annotate(family_name=F("family__name"))
    )
    rows = [row_from_status(s, family_name=s.family_name, today=today) for s in statuses]
    missing = ids - {s.case_id for s in statuses}
    if missing:  # mostly referred cases, which have no due status
        enrolled = list(
            Case.objects.filter(
                pk__in=missing, status=Case.Status.ENROLLED, enrolled_on__isnull=False
            ).values_list("pk", flat=True)
        )
        if enrolled:
            rows += due_rows(cases=Case.objects.filter(pk__in=enrolled), today=today)
    return sorted(rows, key=lambda r: (r.family_name, r.case_id))


def _bases(pairs) -> Q:
    q = Q(pk__in=[])
    for act, paragraph in pairs:
        q |= Q(legal_basis__act=act, legal_basis__paragraph=paragraph)
    return q


def _running_grants(case, today: date) -> QuerySet:
    # By name: interventions sits above follow-up (it imports followup), so no import here.
    decision = apps.get_model("interventions", "Decision")
    return (
        decision.objects.filter(application__case=case, period_from__lte=today)
        .exclude(outcome="refused")
        .filter(Q(period_to__isnull=True) | Q(period_to__gte=today))
    )


def annotate_due(cases: QuerySet[Case], *, today: date) -> QuerySet[Case]:
    """One query: everything the cadence rules need, per case."""
    case = OuterRef("pk")
    running = _running_grants(case, today)
    last_change = Subquery(MajorChange.objects.filter(case=case).order_by("-on").values("on")[:1])
    since = OuterRef("startup_since")
    overdue = (
        Agreement.objects.filter(case=case, status=Agreement.Status.OPEN, due_on__lt=today)
        .order_by()
        .values("case")
        .annotate(n=Count("id"))
        .values("n")
    )
    return cases.annotate(
        last_contact_on=Subquery(
            ContactLog.objects.filter(case=case).order_by("-on").values("on")[:1]
        ),
        last_followup_on=Subquery(
            PlanFollowUp.objects.filter(plan__case=case).order_by("-done_on").values("done_on")[:1]
        ),
        startup_since=Greatest(F("enrolled_on"), Coalesce(last_change, F("enrolled_on"))),
        coordinator_id=Subquery(
            CoordinatorAssignment.objects.filter(case=case, ended_on__isnull=True).values(
                "coordinator_id"
            )[:1]
        ),
        municipality_profile_id=Subquery(
            MunicipalityCadence.objects.filter(
                municipality=OuterRef("family__municipality_id")
            ).values("profile_id")[:1]
        ),
        assessment_held=Exists(
            Meeting.objects.filter(
                case=case,
                type=Meeting.Type.ASSESSMENT,
                status=Meeting.Status.HELD,
                starts_at__date__gte=since,
            )
        )
        | Exists(Assessment.objects.filter(case=case, assessed_on__gte=since)),
        analysis_held=Exists(
            Meeting.objects.filter(
                case=case,
                type__in=[Meeting.Type.ANALYSIS_1, Meeting.Type.ANALYSIS_2],
                status=Meeting.Status.HELD,
                starts_at__date__gte=since,
            )
        ),
        plan_agreed=Exists(PlanVersion.objects.filter(plan__case=case, agreed_on__gte=since)),
        overdue_agreements=Coalesce(Subquery(overdue, output_field=IntegerField()), 0),
        welfare_grant=Exists(running.filter(_bases(rules.CHILD_WELFARE_BASES))),
        investigation_started_on=Subquery(
            running.filter(_bases(rules.INVESTIGATION_BASES))
            .order_by("period_from")
            .values("period_from")[:1]
        ),
    )


ROW_FIELDS = (
    "pk",
    "family_id",
    "family__name",
    "centre_id",
    "family__municipality_id",
    "enrolled_on",
    "last_contact_on",
    "last_followup_on",
    "startup_since",
    "coordinator_id",
    "municipality_profile_id",
    "cadence__profile_id",
    "cadence__contact_every_months",
    "cadence__child_welfare",
    "assessment_held",
    "analysis_held",
    "plan_agreed",
    "overdue_agreements",
    "welfare_grant",
    "investigation_started_on",
)


class _Override:
    __slots__ = ("child_welfare", "contact_every_months", "profile")

    def __init__(self, profile, contact_every_months, child_welfare):
        self.profile = profile
        self.contact_every_months = contact_every_months
        self.child_welfare = child_welfare


def profiles_by_id() -> tuple[dict[int, CadenceProfile], CadenceProfile | None]:
    profiles = {p.pk: p for p in CadenceProfile.objects.all()}
    default = next((p for p in profiles.values() if p.code == DEFAULT_PROFILE), None)
    return profiles, default


def due_rows(*, cases: QuerySet[Case], today: date) -> list[DueRow]:
    """Due status for the enrolled cases among ``cases``: two queries whatever the number."""
    profiles, default = profiles_by_id()
    values = annotate_due(
        cases.filter(status=Case.Status.ENROLLED, enrolled_on__isnull=False), today=today
    ).values_list(*ROW_FIELDS)
    stalled_before = today - timedelta(weeks=startup_weeks())
    rows = []
    for (
        case_id,
        family_id,
        family_name,
        centre_id,
        municipality_id,
        enrolled_on,
        last_contact,
        last_followup,
        since,
        coordinator_id,
        municipality_profile_id,
        own_profile_id,
        own_contact,
        own_welfare,
        assessment,
        analysis,
        plan,
        overdue,
        welfare_grant,
        investigation_started_on,
    ) in values.iterator(chunk_size=5000):
        profile = profiles.get(municipality_profile_id, default)
        override = None
        if own_profile_id or own_contact or own_welfare:
            override = _Override(profiles.get(own_profile_id), own_contact, own_welfare)
        cad = rules.effective_cadence(profile, override, child_welfare=bool(welfare_grant))
        welfare = "grant" if welfare_grant else ("marked" if own_welfare else "")
        missing = [
            step
            for step, done in (("assessment", assessment), ("analysis", analysis), ("plan", plan))
            if not done
        ]
        since = since or enrolled_on
        rows.append(
            DueRow(
                case_id=case_id,
                family_id=family_id,
                family_name=family_name,
                centre_id=centre_id,
                municipality_id=municipality_id,
                coordinator_id=coordinator_id,
                enrolled_on=enrolled_on,
                cadence=cad,
                last_contact_on=last_contact,
                next_contact_due=rules.next_contact_due(
                    last_contact, enrolled_on, cad.contact_every_months
                ),
                last_followup_on=last_followup,
                next_followup_due=rules.next_followup_due(
                    max(d for d in (last_followup, enrolled_on) if d), cad
                ),
                startup_since=since,
                startup_missing=missing,
                startup_stalled=bool(missing) and since < stalled_before,
                overdue_agreements=overdue or 0,
                today=today,
                child_welfare=welfare,
                investigation_started_on=investigation_started_on,
            )
        )
    return rows
