"""The one scheduler a municipality starts beside the web process (``manage.py run_scheduler``).

``settings.SCHEDULED_JOBS`` lists ``(job, "HH:MM", management command, [arguments])``. Each
job runs once a day, at or after its time: a scheduler started late (or restarted) catches up
on the jobs whose time has passed today, in the order of their times, so the due computation
always runs before the morning reminders. A ``ScheduledRun`` row per job and day is the claim
(unique), so two schedulers never run a job twice, and a failed job is recorded and retried
the next day (the reminders are also safe to run again by themselves).
"""

import io
import logging
from datetime import datetime, time

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from indgang.followup.models import ScheduledRun

logger = logging.getLogger(__name__)

DEFAULT_JOBS = [
    ("compute_due", "01:00", "compute_due", []),
    ("propose_grant_reviews", "05:00", "propose_grant_reviews", []),
    ("send_reminders", "06:30", "send_reminders", []),
    # The quarter's status measurement (surveys): once per person per quarter, until scored.
    ("status_reminders", "06:45", "status_reminders", []),
]


def jobs() -> list[tuple[str, time, str, list[str]]]:
    configured = getattr(settings, "SCHEDULED_JOBS", DEFAULT_JOBS)
    parsed = [
        (name, time.fromisoformat(at), command, list(args))
        for name, at, command, args in configured
    ]
    return sorted(parsed, key=lambda job: job[1])


def due_jobs(now: datetime) -> list[tuple[str, time, str, list[str]]]:
    """Jobs whose time has passed today and which have not run today."""
    local = timezone.localtime(now)
    done = set(ScheduledRun.objects.filter(on=local.date()).values_list("job", flat=True))
    return [job for job in jobs() if job[1] <= local.time() and job[0] not in done]


def run_due_jobs(now: datetime | None = None) -> list[tuple[str, bool]]:
    """Run every job that is due now; returns (job, ok) for each job run."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    results = []
    for name, _at, command, args in due_jobs(now):
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=name, on=today, started_at=timezone.now())
        except IntegrityError:  # another scheduler claimed it
            continue
        out = io.StringIO()
        try:
            call_command(command, *args, stdout=out, stderr=out)
            run.ok = True
        except Exception:  # recorded; the loop goes on with the next job
            logger.exception("Scheduled job %s failed", name)
            out.write("Fejl: se loggen.")
        run.finished_at = timezone.now()
        run.output = out.getvalue()[-4000:]
        run.save(update_fields=["ok", "finished_at", "output"])
        results.append((name, run.ok))
    return results
