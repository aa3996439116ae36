"""Plain reads of the audit log. They know no domain app and no access policy: a caller
that shows the log to a person passes the part of it that person may see (``within``);
the oversight app computes that tenancy."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson

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


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_search(*, query: AuditQuery, within: Q, page: int = 1) -> tuple[list[AuditEvent], bool]:
    """One page of matching events inside ``within``, newest first, and whether there are more.

    Keyed on indexes (person, family, user, action — each with time) so it stays fast
    at millions of rows; no COUNT(*) over the whole log.
    """
    events: QuerySet[AuditEvent] = AuditEvent.objects.filter(within)
    if query.person_id:
        ids = AuditPerson.objects.filter(person_id=query.person_id)
        if query.date_from:
            ids = ids.filter(at__gte=day_start(query.date_from))
        if query.date_to:
            ids = ids.filter(at__lt=day_start(query.date_to + timedelta(days=1)))
        ids = ids.order_by("-at").values_list("event_id", flat=True)[: (page * PAGE_SIZE) + 1]
        events = events.filter(pk__in=list(ids))
    if query.user_id:
        events = events.filter(user_id=query.user_id)
    if query.family_id:
        # The family's own events, and the list pages and searches that showed it.
        listed = AuditFamily.objects.filter(family_id=query.family_id)
        if query.date_from:
            listed = listed.filter(at__gte=day_start(query.date_from))
        if query.date_to:
            listed = listed.filter(at__lt=day_start(query.date_to + timedelta(days=1)))
        listed = listed.order_by("-at").values_list("event_id", flat=True)
        events = events.filter(
            Q(family_id=query.family_id) | Q(pk__in=list(listed[: (page * PAGE_SIZE) + 1]))
        )
    if query.action:
        events = events.filter(action=query.action)
    if query.date_from:
        events = events.filter(at__gte=day_start(query.date_from))
    if query.date_to:
        events = events.filter(at__lt=day_start(query.date_to + timedelta(days=1)))
    start = (page - 1) * PAGE_SIZE
    rows = list(events.select_related("user").order_by("-at", "-id")[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def concerned(events: list[AuditEvent]) -> tuple[set[int], set[int]]:
    """The family ids and person ids these events concerned (two queries at most)."""
    ids = [e.pk for e in events]
    families = {e.family_id for e in events if e.family_id}
    persons: set[int] = set()
    if ids:
        families.update(
            AuditFamily.objects.filter(event_id__in=ids).values_list("family_id", flat=True)
        )
        persons.update(
            AuditPerson.objects.filter(event_id__in=ids).values_list("person_id", flat=True)
        )
    return families, persons
