"""Reads of the audit log, for the data-protection officer, leaders and coordinators."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from indgang.audit.models import AuditEvent, AuditPerson, SpotCheck

PAGE_SIZE = 50


def family_access_log(*, family_id: int, limit: int = 200) -> list[AuditEvent]:
    """Who has seen or changed this family, newest first."""
    return list(
        AuditEvent.objects.filter(family_id=family_id)
        .select_related("user")
        .order_by("-at", "-id")[:limit]
    )


@dataclass
class AuditQuery:
    user_id: int | None = None
    person_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    family_id: int | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_search(*, query: AuditQuery, page: int = 1) -> tuple[list[AuditEvent], bool]:
    """One page of matching events, newest first, and whether there are more.

    Keyed on indexes (person, family, user, action — each with time) so it stays fast
    at millions of rows; no COUNT(*) over the whole log.
    """
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if query.person_id:
        ids = AuditPerson.objects.filter(person_id=query.person_id)
        if query.date_from:
            ids = ids.filter(at__gte=_day_start(query.date_from))
        if query.date_to:
            ids = ids.filter(at__lt=_day_start(query.date_to + timedelta(days=1)))
        ids = ids.order_by("-at").values_list("event_id", flat=True)[: (page * PAGE_SIZE) + 1]
        events = events.filter(pk__in=list(ids))
    if query.user_id:
        events = events.filter(user_id=query.user_id)
    if query.family_id:
        events = events.filter(family_id=query.family_id)
    if query.action:
        events = events.filter(action=query.action)
    if query.date_from:
        events = events.filter(at__gte=_day_start(query.date_from))
    if query.date_to:
        events = events.filter(at__lt=_day_start(query.date_to + timedelta(days=1)))
    start = (page - 1) * PAGE_SIZE
    rows = list(events.select_related("user").order_by("-at", "-id")[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def spot_check_candidates(
    *, days: int = 30, size: int = 10, seed: int | None = None
) -> list[AuditEvent]:
    """A random sample of recent looks at case data (views and exports) by staff."""
    since = timezone.now() - timedelta(days=days)
    recent = AuditEvent.objects.filter(
        at__gte=since, action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT]
    ).exclude(spot_check__isnull=False)
    bounds = list(recent.order_by("id").values_list("id", flat=True)[:1]) + list(
        recent.order_by("-id").values_list("id", flat=True)[:1]
    )
    if not bounds:
        return []
    low, high = bounds[0], bounds[-1]
    rng = random.Random(seed)
    picked: dict[int, AuditEvent] = {}
    # Sample ids in the range rather than ORDER BY random(), which reads the whole log.
    for _attempt in range(size * 5):
        if len(picked) >= size:
            break
        event = recent.filter(id__gte=rng.randint(low, high)).order_by("id").first()
        if event is not None:
            picked[event.pk] = event
    return list(picked.values())


def spot_checks_open_and_recent() -> QuerySet[SpotCheck]:
    return SpotCheck.objects.select_related("event__user", "drawn_by", "checked_by").order_by(
        F("checked_at").desc(nulls_first=True), "-drawn_at"
    )[:100]
