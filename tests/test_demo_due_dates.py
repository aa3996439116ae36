"""The demo shows a realistic week: a few things overdue by days or weeks, none by a year.

The demo's dates are relative to the day it is loaded; a screenshot review found items
289-460 days overdue on the coordinator's front page (stalled start-ups of families enrolled
long ago, plan follow-ups recorded only once).
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from indgang.families.models import Case
from indgang.followup.due import due_rows
from indgang.interventions.models import Application
from indgang.meetings.models import Agreement

pytestmark = pytest.mark.django_db

MOST_DAYS_OVERDUE = 60


def _due_dates(today) -> list[tuple[str, str, object]]:
    """(family, what, due date) of everything the front pages count as due."""
    found = []
    for row in due_rows(cases=Case.objects.all(), today=today):
        if row.next_contact_due:
            found.append((row.family_name, "månedlig kontakt", row.next_contact_due))
        found.append((row.family_name, "opfølgning på planen", row.next_followup_due))
        if row.startup_missing:
            found.append((row.family_name, "opstart", row.startup_since + timedelta(weeks=8)))
        if row.investigation_due:
            found.append((row.family_name, "børnefaglig undersøgelse", row.investigation_due))
    for a in Agreement.objects.filter(status=Agreement.Status.OPEN, due_on__isnull=False):
        found.append((str(a.case.family), f"aftale: {a.task}", a.due_on))
    for a in Application.objects.filter(status=Application.Status.PROCESSING):
        found.append((str(a.case.family), "ansøgning", a.deadline))
    # A referral not yet enrolled has waited since it came in.
    waiting = Case.objects.exclude(status__in=[Case.Status.ENROLLED, Case.Status.DISCHARGED])
    for case in waiting.select_related("family"):
        found.append((case.family.name, "henvisning venter", case.referred_on))
    return found


@pytest.mark.parametrize(
    "day", [datetime(2026, 12, 2, 9, tzinfo=UTC), datetime(2027, 6, 14, 9, tzinfo=UTC)]
)
def test_no_demo_item_is_long_overdue_and_most_lie_ahead(db, settings, day):
    from indgang.families.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with time_machine.travel(day, tick=True):
        assert load_demo()["created"]
        today = timezone.localdate()
        due = _due_dates(today)
    assert len(due) > 40
    late = [(family, what, (today - on).days) for family, what, on in due if on < today]
    too_late = [item for item in late if item[2] > MOST_DAYS_OVERDUE]
    assert too_late == []
    # A realistic mix: some overdue, some due this week, most in the future.
    assert 3 <= len(late) < len(due) / 3
    assert any(today <= on <= today + timedelta(days=7) for _, _, on in due)
    assert sum(on > today for _, _, on in due) > len(due) / 2
