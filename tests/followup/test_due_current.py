"""Issue 9: due status is current after every change, in the same transaction; one scheduler
runs the nightly computation, the review proposals and the morning reminders."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from indgang.followup import services
from indgang.followup.models import DueStatus, ReminderSent, ScheduledRun
from indgang.followup.scheduler import run_due_jobs
from indgang.meetings import services as meetings
from indgang.plans import services as plans
from tests.followup import helpers as h
from tests.plans.matrix import goal_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def _status(world) -> DueStatus:
    return DueStatus.objects.get(case=world.case)


def _contact(world, on=TODAY):
    return services.contact_record(
        by=world.alice,
        case=world.case,
        data={"on": on, "form": "phone", "with_whom": "Mor", "initiative": "coordinator"},
    )


def test_logging_a_contact_makes_it_current_at_once(world):
    services.due_compute(today=TODAY)
    assert _status(world).contact_overdue
    _contact(world)
    status = _status(world)
    assert not status.contact_overdue
    assert status.last_contact_on == TODAY
    assert status.next_contact_due == date(2026, 12, 31)


def test_a_failed_change_leaves_the_old_status(world):
    services.due_compute(today=TODAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        _contact(world)
        assert not _status(world).contact_overdue  # inside the transaction: already current
        raise RuntimeError
    assert _status(world).contact_overdue  # rolled back with the contact


def test_holding_a_meeting_and_a_plan_follow_up_update_the_start_up_and_follow_up(world):
    services.due_compute(today=TODAY)
    assert "assessment" in _status(world).startup_missing
    meeting = h.meeting(world.case, "assessment", date(2026, 11, 20), world.alice, "planned")
    meetings.meeting_update(by=world.alice, meeting=meeting, data={"status": "held"})
    assert "assessment" not in _status(world).startup_missing

    assert _status(world).followup_overdue
    goal = plans.goal_create(by=world.alice, case=world.case, data=goal_data(world))
    plans.followup_record(
        by=world.alice,
        plan=goal.plan,
        done_on=TODAY,
        progress=[{"goal": goal, "status": "reached", "scale": 8, "note": ""}],
    )
    status = _status(world)
    assert not status.followup_overdue and status.last_followup_on == TODAY


def test_a_discharged_case_leaves_the_table(world):
    from indgang.families import services as families

    services.due_compute(today=TODAY)
    families.case_discharge(
        by=world.alice, case=world.case, discharged_on=TODAY, reason="case_closed"
    )
    assert not DueStatus.objects.filter(case=world.case).exists()


def test_reminders_compute_everything_first_when_only_some_rows_are_todays(world):
    world.alice.email = "alice@kommune.invalid"
    world.alice.save()
    with time_machine.travel(date(2026, 11, 20), tick=False):
        services.due_compute()
    DueStatus.objects.update(contact_overdue=False, next_contact_due=date(2027, 1, 1))
    h.agreement(world.case, date(2026, 11, 1), world.alice)  # refreshes this case only
    other = DueStatus.objects.exclude(case=world.case)
    assert other.exists() and not other.filter(computed_on=TODAY).exists()
    services.reminders_send(today=TODAY)
    assert not DueStatus.objects.exclude(computed_on=TODAY).exists()
    assert len(mail.outbox) == 1


def test_the_scheduler_runs_each_job_once_a_day_in_order_and_catches_up(world, settings):
    world.alice.email = "alice@kommune.invalid"
    world.alice.save()
    night = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 01:30 in Copenhagen
    assert [job for job, _ok in run_due_jobs(night)] == ["compute_due"]
    assert DueStatus.objects.filter(computed_on=TODAY).exists()
    assert run_due_jobs(night) == []  # once a day
    assert mail.outbox == []
    morning = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 07:00
    assert run_due_jobs(morning) == [
        ("propose_grant_reviews", True),
        ("send_reminders", True),
        ("status_reminders", True),
    ]
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == 1
    assert run_due_jobs(morning) == []
    # a scheduler started late the next day runs everything due, the computation first
    late = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert [job for job, _ok in run_due_jobs(late)] == [
        "compute_due",
        "propose_grant_reviews",
        "send_reminders",
        "status_reminders",
    ]
    assert ScheduledRun.objects.filter(ok=True).count() == 8


def test_a_failing_job_is_recorded_and_the_others_run(world, settings):
    settings.SCHEDULED_JOBS = [
        ("broken", "00:00", "no_such_command", []),
        ("compute_due", "00:01", "compute_due", []),
    ]
    assert run_due_jobs(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)) == [
        ("broken", False),
        ("compute_due", True),
    ]
    assert ScheduledRun.objects.get(job="broken").ok is False


def test_run_scheduler_once(world, capsys):
    with time_machine.travel(datetime(2026, 11, 23, 0, 30, tzinfo=UTC), tick=False):
        call_command("run_scheduler", "--once")
    assert "compute_due: ok" in capsys.readouterr().out
    assert DueStatus.objects.filter(case=world.case).exists()
