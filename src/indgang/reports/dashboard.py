"""The leader's dashboard: the figures a steering group asks for, each from the report that
makes it (no figure is computed twice) and linked to that report."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone

from indgang.core.templatetags.indgang_format import counted
from indgang.families.access import centre_families_overseen_by
from indgang.families.models import Case, Family
from indgang.families.selectors import caseload_for
from indgang.followup.selectors import compliance_for, overdue_statuses
from indgang.interventions.models import Complaint
from indgang.interventions.selectors import (
    complaints_per_year,
    expenditure,
    processing_times,
    quarter_bounds,
    quarter_of,
)
from indgang.reports.expenditure import children_per_quarter
from indgang.surveys.selectors import (
    LatestScore,
    LatestThemes,
    latest_status_scores,
    latest_theme_means,
)


@dataclass
class Dashboard:
    today: date
    quarter: tuple[int, int]
    enrolled_now: int
    enrolled_in_quarter: int
    discharged_in_quarter: int
    caseloads: list  # families.selectors.Caseload
    caseload_target: int | None
    contact_percent: int | None  # this month's share with a monthly contact
    followup_percent: int | None
    decisions: int  # this year
    within_deadline_percent: int | None
    complaints: list[tuple[int, int, int]]  # year, about decisions, about case handling
    quarter_expenditure: Decimal
    children_with_grants: int
    overdue: int = 0  # families with an overdue contact, follow-up, start-up or agreement
    themes: LatestThemes | None = None
    status_scores: list[LatestScore] | None = None

    @property
    def cost_per_child(self) -> Decimal | None:
        if not self.children_with_grants:
            return None
        return (self.quarter_expenditure / self.children_with_grants).quantize(
            Decimal("1"), ROUND_HALF_UP
        )


def dashboard_for(*, user, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    q = (today.year, quarter_of(today))
    start, end = quarter_bounds(*q)
    cases = Case.objects.filter(family__in=centre_families_overseen_by(user))
    enrolled_now = cases.filter(status=Case.Status.ENROLLED).count()
    enrolled_in_quarter = cases.filter(enrolled_on__gte=start, enrolled_on__lte=end).count()
    discharged_in_quarter = cases.filter(discharged_on__gte=start, discharged_on__lte=end).count()
    loads = caseload_for(user=user)
    compliance = compliance_for(user=user, today=today, months=1)["total"]
    rows = processing_times(user=user, year=today.year)
    decisions = sum(r.decisions for r in rows)
    within = sum(r.decisions * r.within_deadline for r in rows)
    table = complaints_per_year(user=user, years=[today.year - 1, today.year])
    complaints = [
        (
            year,
            sum(r.decisions for r in table.rows if r.year == year),
            sum(r.case_handling for r in table.rows if r.year == year),
        )
        for year in table.years
    ]
    spent = [r for r in expenditure(user=user, year=today.year) if r.quarter == q[1]]
    return Dashboard(
        today=today,
        quarter=q,
        enrolled_now=enrolled_now,
        enrolled_in_quarter=enrolled_in_quarter,
        discharged_in_quarter=discharged_in_quarter,
        caseloads=loads,
        caseload_target=loads[0].target if loads else None,
        contact_percent=compliance.contact[-1].percent if compliance.contact else None,
        followup_percent=compliance.followup[-1].percent if compliance.followup else None,
        decisions=decisions,
        within_deadline_percent=round(100 * within / decisions) if decisions else None,
        complaints=complaints,
        quarter_expenditure=sum((r.expenditure for r in spent), Decimal("0")),
        children_with_grants=children_per_quarter(user, [q], categories=[])[q],
        overdue=overdue_statuses(centre_families_overseen_by(user), today)[0].count(),
        themes=latest_theme_means(user=user),
        status_scores=latest_status_scores(user=user),
    )


# --- The cases behind a figure ------------------------------------------------------------------

FIGURES = {
    "indskrevet": "Indskrevne familier nu",
    "indskrevet-i-kvartalet": "Indskrevet i kvartalet",
    "udskrevet-i-kvartalet": "Udskrevet i kvartalet",
    "overskredet": "Familier med noget over fristen",
    "klager": "Familier med klager",
}


@dataclass
class Behind:
    figure: str
    title: str
    rows: list[tuple[Family, str]]  # the family and what puts it behind the figure
    year: int | None = None


def families_behind(*, user, figure: str, today: date | None = None, year: int | None = None):
    """The families behind one of the dashboard's figures, of those the leader oversees (the
    same scope as the figure): one query. An unknown figure is a 404."""
    if figure not in FIGURES:
        raise Http404
    today = today or timezone.localdate()
    start, end = quarter_bounds(today.year, quarter_of(today))
    overseen = centre_families_overseen_by(user)
    cases = Case.objects.filter(family__in=overseen).select_related("family__municipality")
    title = FIGURES[figure]
    rows: list[tuple[Family, str]] = []
    if figure == "indskrevet":
        for c in cases.filter(status=Case.Status.ENROLLED).order_by("family__name", "pk"):
            rows.append((c.family, f"indskrevet {c.enrolled_on:%d.%m.%Y}" if c.enrolled_on else ""))
    elif figure == "indskrevet-i-kvartalet":
        for c in cases.filter(enrolled_on__gte=start, enrolled_on__lte=end).order_by(
            "enrolled_on", "family__name"
        ):
            rows.append((c.family, f"indskrevet {c.enrolled_on:%d.%m.%Y}"))
    elif figure == "udskrevet-i-kvartalet":
        for c in cases.filter(discharged_on__gte=start, discharged_on__lte=end).order_by(
            "discharged_on", "family__name"
        ):
            rows.append((c.family, f"udskrevet {c.discharged_on:%d.%m.%Y}"))
    elif figure == "overskredet":
        overdue, investigations = overdue_statuses(overseen, today)
        for s in overdue.select_related("family__municipality").order_by("family__name", "pk"):
            late = []
            if s.next_contact_due and s.next_contact_due < today:
                late.append(f"kontakt siden {s.next_contact_due:%d.%m.%Y}")
            if s.next_followup_due and s.next_followup_due < today:
                late.append(f"opfølgning siden {s.next_followup_due:%d.%m.%Y}")
            if s.startup_stalled:
                late.append("opstarten mangler skridt")
            if s.overdue_agreements:
                n = s.overdue_agreements
                late.append(f"{counted(n, 'aftale', 'aftaler')} over fristen")
            if s.case_id in investigations:
                late.append(f"børnefaglig undersøgelse siden {investigations[s.case_id]:%d.%m.%Y}")
            rows.append((s.family, ", ".join(late)))
    else:
        year = year or today.year
        title = f"{title} {year}"
        counts = {
            r["family_id"]: r
            for r in Complaint.objects.filter(family__in=overseen, received_on__year=year)
            .values("family_id")
            .annotate(n=Count("pk"), last=Max("received_on"))
            .order_by()
        }
        for family in (
            Family.objects.filter(pk__in=list(counts))
            .select_related("municipality")
            .order_by("name", "pk")
        ):
            c = counts[family.pk]
            rows.append(
                (
                    family,
                    f"{counted(c['n'], 'klage', 'klager')}, senest {c['last']:%d.%m.%Y}",
                )
            )
    return Behind(figure, title, rows, year)
