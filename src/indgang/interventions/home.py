"""The coordinator's front page: applications near or past their processing deadline,
complaints near their reconsideration deadline, cases waiting for the visitation committee.

Registered in ``settings.HOME_PANELS``.
"""

from datetime import date, timedelta

from indgang.families.selectors import cases_coordinated_by
from indgang.interventions.models import Application, Complaint

APPLICATION_WARN_DAYS = 14
COMPLAINT_WARN_DAYS = 7


def panel(*, user, today: date) -> dict | None:
    cases = cases_coordinated_by(user=user, today=today)
    if cases is None:
        return None
    processing = Application.objects.filter(
        case__in=cases, status=Application.Status.PROCESSING
    ).select_related("family", "intervention_type")
    deadlines = list(
        processing.filter(
            referred_on__isnull=True,
            deadline__lte=today + timedelta(days=APPLICATION_WARN_DAYS),
        ).order_by("deadline", "id")
    )
    committee = list(processing.filter(referred_on__isnull=False).order_by("referred_on", "id"))
    complaints = list(
        Complaint.objects.filter(
            case__in=cases,
            outcome=Complaint.Outcome.PENDING,
            reconsideration_deadline__lte=today + timedelta(days=COMPLAINT_WARN_DAYS),
        )
        .select_related("family")
        .order_by("reconsideration_deadline", "id")
    )
    for a in deadlines:
        a.days_left = (a.deadline - today).days
        a.days_over = max(0, -a.days_left)
    for a in committee:
        a.days_waiting = (today - a.referred_on).days
    for c in complaints:
        c.days_left = (c.reconsideration_deadline - today).days
    return {
        "template": "interventions/partials/home_panel.html",
        "applications": deadlines,
        "committee": committee,
        "complaints": complaints,
    }


def complaints_overdue(*, user, today: date) -> dict:
    """For the compliance page: complaints past the 4-week reconsideration deadline."""
    from indgang.families.access import centre_families_overseen_by

    complaints = list(
        Complaint.objects.filter(
            family__in=centre_families_overseen_by(user),
            outcome=Complaint.Outcome.PENDING,
            reconsideration_deadline__lt=today,
        )
        .select_related("family", "municipality")
        .order_by("reconsideration_deadline", "id")[:100]
    )
    for c in complaints:
        c.days_over = (today - c.reconsideration_deadline).days
    return {"template": "interventions/partials/complaints_overdue.html", "complaints": complaints}
