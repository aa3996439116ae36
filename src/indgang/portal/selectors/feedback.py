"""The leader's figures of the parents' feedback after meetings."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from indgang.families.models import Family
from indgang.organisation.models import User
from indgang.portal.models import MeetingFeedback

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
