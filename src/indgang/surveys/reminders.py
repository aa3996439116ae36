"""The annual cycle reminds key staff to score the core elements each quarter.

The centre's annual cycle (followup's årshjul, ``AnnualEvent``) holds a quarterly event of kind
"Statusmåling". From ``REMIND_DAYS`` before this quarter's date, the key staff of the centre who
have not given their scores for the quarter are reminded: once by e-mail
(``manage.py status_reminders``, safe to run daily) and on Min uge until they have scored
(``settings.MY_WEEK_PANELS``). A centre without the event gets no reminders; leaders add it in
the annual cycle or with ``status_event_ensure``.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.urls import reverse

from indgang.followup.models import AnnualEvent
from indgang.followup.selectors import occurrences
from indgang.organisation.models import User
from indgang.surveys.access import KEY_STAFF
from indgang.surveys.models import StatusReminder, StatusScore
from indgang.surveys.services import quarter_of

logger = logging.getLogger(__name__)

REMIND_DAYS = 7
EVENT_TITLE = "Statusmåling af kerneelementerne"


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def status_event_ensure(*, centre, by, first_on: date) -> AnnualEvent:
    """The centre's quarterly status-measurement event in its annual cycle (made if missing)."""
    existing = AnnualEvent.objects.filter(
        centre=centre, kind=AnnualEvent.Kind.STATUS_MEASUREMENT
    ).first()
    if existing:
        return existing
    from indgang.followup.services import annual_event_create

    return annual_event_create(
        by=by,
        centre=centre,
        data={
            "title": EVENT_TITLE,
            "kind": AnnualEvent.Kind.STATUS_MEASUREMENT,
            "first_on": first_on,
            "recurrence": AnnualEvent.Recurrence.QUARTERLY,
            "description": "Nøglepersonerne vurderer de fire kerneelementer fra 1 til 6.",
        },
    )


def scoring_day(*, centre_id: int, today: date, events=None) -> date | None:
    """This quarter's status-measurement day of the centre, if it is at most REMIND_DAYS away
    or has passed (the quarter still running)."""
    year, quarter = quarter_of(today)
    start, end = _quarter_bounds(year, quarter)
    if events is None:
        events = AnnualEvent.objects.filter(
            centre_id=centre_id, kind=AnnualEvent.Kind.STATUS_MEASUREMENT
        )
    days = [
        day
        for event in events
        if event.centre_id == centre_id
        for day in occurrences(event, start, min(end, today + timedelta(days=REMIND_DAYS)))
    ]
    return min(days) if days else None


@dataclass(frozen=True)
class Due:
    user: User
    year: int
    quarter: int
    day: date


def scorers_to_remind(*, today: date) -> list[Due]:
    """The key staff whose centre's status measurement is due this quarter and who have not
    scored it yet. Three queries for every centre."""
    year, quarter = quarter_of(today)
    events = list(AnnualEvent.objects.filter(kind=AnnualEvent.Kind.STATUS_MEASUREMENT))
    days = {}
    for centre_id in {e.centre_id for e in events}:
        day = scoring_day(centre_id=centre_id, today=today, events=events)
        if day:
            days[centre_id] = day
    if not days:
        return []
    scored = set(
        StatusScore.objects.filter(year=year, quarter=quarter, scored_by__isnull=False)
        .values_list("scored_by_id", flat=True)
        .distinct()
    )
    users = User.objects.filter(is_active=True, role__in=KEY_STAFF, centre_id__in=list(days))
    return [
        Due(u, year, quarter, days[u.centre_id]) for u in users.order_by("pk") if u.pk not in scored
    ]


def status_reminders_send(*, today: date, base_url: str = "") -> int:
    """E-mail each key staff member due to score once per quarter; returns how many were sent."""
    sent = 0
    path = reverse("status_measure")
    for due in scorers_to_remind(today=today):
        if not due.user.email:
            continue
        try:
            with transaction.atomic():
                StatusReminder.objects.create(user=due.user, year=due.year, quarter=due.quarter)
                send_mail(
                    f"Indgang: statusmåling for {due.quarter}. kvartal {due.year}",
                    f"Goddag {due.user.first_name or due.user.username}\n\n"
                    f"Det er tid til kvartalets statusmåling ({due.day:%d.%m.%Y} i årshjulet): "
                    "vurdér de fire kerneelementer fra 1 til 6. Det tager et par minutter.\n\n"
                    f"{base_url.rstrip('/')}{path}\n\nMed venlig hilsen\nIndgang\n",
                    None,
                    [due.user.email],
                )
        except IntegrityError:  # reminded this quarter already
            continue
        except Exception:  # the record rolls back with the failed send: the next run retries
            logger.exception("Status reminder to user %s could not be sent", due.user.pk)
            continue
        sent += 1
    return sent


def week_panel(*, user, today: date, family_ids: list[int] | None = None) -> dict | None:
    """Min uge: "Giv din statusmåling" until the user has scored this quarter (no family shown).
    One query: the centre's status-measurement events, each marked if the user has scored."""
    if getattr(user, "role", None) not in KEY_STAFF or not user.centre_id:
        return None
    year, quarter = quarter_of(today)
    events = list(
        AnnualEvent.objects.filter(
            centre_id=user.centre_id, kind=AnnualEvent.Kind.STATUS_MEASUREMENT
        ).annotate(
            scored=Exists(StatusScore.objects.filter(scored_by=user, year=year, quarter=quarter))
        )
    )
    if not events or events[0].scored:
        return None
    day = scoring_day(centre_id=user.centre_id, today=today, events=events)
    if day is None:
        return None
    return {
        "template": "surveys/partials/week_status.html",
        "year": year,
        "quarter": quarter,
        "day": day,
    }
