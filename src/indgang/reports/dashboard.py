"""The leader's dashboard: the figures a steering group asks for, each from the report that
makes it (no figure is computed twice) and linked to that report."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from indgang.families.access import centre_families_overseen_by
from indgang.families.models import Case
from indgang.families.selectors import caseload_for
from indgang.followup.selectors import compliance_for
from indgang.interventions.selectors import (
    complaints_per_year,
    expenditure,
    processing_times,
    quarter_bounds,
    quarter_of,
)
from indgang.reports.expenditure import children_per_quarter


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
    )
