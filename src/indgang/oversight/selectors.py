"""Reads for the oversight desk; every one is given the acting user and stays in tenancy."""

import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from indgang.audit import selectors as audit_selectors
from indgang.audit.models import AuditEvent, SpotCheck
from indgang.core.cpr import parse_cpr
from indgang.families.access import families_visible_to
from indgang.families.models import Family, Person
from indgang.followup.models import AnnualEvent
from indgang.oversight.access import tenancy_for
from indgang.oversight.models import SampleReason

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
OFFICE_OPENS, OFFICE_CLOSES = 7, 18  # local hours; weekends are outside office hours too
READ_ACTIONS = [AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT, AuditEvent.Action.VALUE_JUMP]
# "Unusual volume": at least this many times the centre's median of reads, and this many reads.
VOLUME_FACTOR, VOLUME_MINIMUM = 3, 20
REMINDER_TITLE = "Stikprøvekontrol af loggen"
RESULT_LIMIT = 50


# --- The audit search -----------------------------------------------------------------


def audit_page(
    *, user, query: audit_selectors.AuditQuery, page: int = 1
) -> tuple[list[AuditEvent], bool]:
    since = audit_selectors.day_start(query.date_from) if query.date_from else None
    until = audit_selectors.day_start(query.date_to + timedelta(days=1)) if query.date_to else None
    within = tenancy_for(user).events_q(since=since, until=until)
    return audit_selectors.audit_search(query=query, within=within, page=page)


def person_in_tenancy(*, user, person_id: int | None = None, cpr: str = "") -> Person | None:
    """The person if their family is in the user's tenancy; None exactly as for no person."""
    persons = tenancy_for(user).persons
    if cpr:
        digits, _born = parse_cpr(cpr)
        persons = persons.filter(cpr=digits)
    elif person_id and 0 < person_id < 2**63:
        persons = persons.filter(pk=person_id)
    else:
        return None
    return persons.select_related("family").first()


def family_in_tenancy(*, user, family_id: int | None) -> Family | None:
    if not family_id or not 0 < family_id < 2**63:
        return None
    return tenancy_for(user).families.filter(pk=family_id).first()


def family_names(*, user, family_ids) -> dict[int, str]:
    """Names of the families the user may see (the DPO sees none: ids only)."""
    ids = [fid for fid in family_ids if fid]
    if not ids:
        return {}
    return dict(families_visible_to(user).filter(pk__in=ids).values_list("pk", "name"))


# --- Who has seen this person / this family --------------------------------------------


@dataclass
class WhoHasSeenResult:
    persons: list[Person] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    family_names: dict[int, str] = field(default_factory=dict)
    terms: dict = field(default_factory=dict)  # for the log: CPR masked


def who_has_seen_search(*, user, term: str) -> WhoHasSeenResult:
    """Persons (by CPR number or name) and families (by name) in tenancy."""
    from django.core.exceptions import ValidationError

    from indgang.core.cpr import mask_cpr

    tenancy = tenancy_for(user)
    term = " ".join(term.split())
    result = WhoHasSeenResult()
    try:
        digits, _born = parse_cpr(term)
    except ValidationError:
        digits = ""
    if digits:
        result.terms = {"cpr": mask_cpr(digits)}
        result.persons = list(
            tenancy.persons.filter(cpr=digits).select_related("family", "family__municipality")
        )
    elif term:
        result.terms = {"navn": term}
        persons = tenancy.persons
        for word in term.split():
            persons = persons.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        result.persons = list(
            persons.select_related("family", "family__municipality").order_by(
                "last_name", "first_name", "pk"
            )[:RESULT_LIMIT]
        )
        result.families = list(
            tenancy.families.filter(name__icontains=term)
            .select_related("municipality")
            .prefetch_related("members")
            .order_by("name", "pk")[:RESULT_LIMIT]
        )
    ids = {p.family_id for p in result.persons} | {f.pk for f in result.families}
    result.family_names = family_names(user=user, family_ids=ids)
    return result


# --- Spot checks ------------------------------------------------------------------------


def reads_in_tenancy(user, since) -> QuerySet[AuditEvent]:
    """Staff reads since ``since`` in the user's tenancy (the probes narrowed to the period)."""
    return AuditEvent.objects.filter(
        tenancy_for(user).events_q(since=since),
        at__gte=since,
        action__in=READ_ACTIONS,
        user__isnull=False,
    )


def off_hours(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    return events.annotate(
        local_hour=ExtractHour("at", tzinfo=COPENHAGEN),
        local_weekday=ExtractIsoWeekDay("at", tzinfo=COPENHAGEN),
    ).filter(
        Q(local_hour__lt=OFFICE_OPENS) | Q(local_hour__gte=OFFICE_CLOSES) | Q(local_weekday__gte=6)
    )


def unusual_volume_users(*, user, since) -> list[int]:
    """Users with many more reads than their centre's median in the period (in tenancy)."""
    counts = (
        reads_in_tenancy(user, since)
        .values("user_id", "user__centre_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_centre: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for row in counts:
        per_centre[row["user__centre_id"]].append((row["user_id"], row["n"]))
    flagged = []
    for rows in per_centre.values():
        median = statistics.median(n for _uid, n in rows)
        flagged += [uid for uid, n in rows if n >= VOLUME_MINIMUM and n >= VOLUME_FACTOR * median]
    return sorted(flagged)


def spot_check_candidates(
    *, user, days: int = 30, size: int = 10, seed: int | None = None
) -> list[tuple[AuditEvent, str]]:
    """A random sample of recent reads in tenancy, weighted towards the risky ones.

    Up to three tenths of the sample are value jumps, three tenths reads outside office
    hours (before 07:00 or from 18:00 Copenhagen time, weekends), two tenths reads by staff
    with unusual volume; the rest, and whatever a stratum cannot fill, is drawn at random.
    Events already in a spot check are never drawn again.
    """
    since = timezone.now() - timedelta(days=days)
    fresh = reads_in_tenancy(user, since).filter(spot_check__isnull=True)
    # Seeded from os.urandom when seed is None; the seed is for reproducible tests. The
    # sample is drawn by the DPO and never shown to the staff whose reads it samples.
    rng = random.Random(seed)  # nosec B311  # audit sampling, not a secret or a token
    Reason = SampleReason.Reason
    strata = [
        (Reason.VALUE_JUMP, fresh.filter(action=AuditEvent.Action.VALUE_JUMP), (size * 3) // 10),
        (Reason.OFF_HOURS, off_hours(fresh), (size * 3) // 10),
        (
            Reason.VOLUME,
            fresh.filter(user_id__in=unusual_volume_users(user=user, since=since)),
            (size * 2) // 10,
        ),
    ]
    picked: dict[int, str] = {}
    for reason, events, quota in strata:
        ids = [pk for pk in events.values_list("pk", flat=True) if pk not in picked]
        for pk in rng.sample(ids, min(quota, len(ids))):
            picked[pk] = reason
    rest = [pk for pk in fresh.values_list("pk", flat=True) if pk not in picked]
    for pk in rng.sample(rest, min(size - len(picked), len(rest))):
        picked[pk] = Reason.RANDOM
    events = AuditEvent.objects.in_bulk(list(picked))
    return [(events[pk], reason) for pk, reason in picked.items()]


def spot_checks_for(*, user, limit: int = 100) -> list[SpotCheck]:
    """Open checks first, then the most recently checked, of events in the user's tenancy."""
    return list(
        SpotCheck.objects.filter(tenancy_for(user).events_q("event__"))
        .select_related("event__user", "drawn_by", "checked_by", "sample_reason")
        .order_by(F("checked_at").desc(nulls_first=True), "-drawn_at", "pk")[:limit]
    )


def spot_check_for(*, user, spot_check_id: int) -> SpotCheck | None:
    return (
        SpotCheck.objects.filter(tenancy_for(user).events_q("event__"), pk=spot_check_id)
        .select_related("event")
        .first()
    )


@dataclass
class SpotCheckReport:
    date_from: date
    date_to: date
    drawn: int
    per_verdict: list[tuple[str, int]]
    per_reason: list[tuple[str, int]]
    findings: list[SpotCheck]  # questioned, or marked with a note


def spot_check_report(*, user, date_from: date, date_to: date) -> SpotCheckReport:
    """What was drawn in the period (by drawing date) in the user's tenancy, and its verdicts."""
    checks = SpotCheck.objects.filter(
        tenancy_for(user).events_q("event__"),
        drawn_at__gte=audit_selectors.day_start(date_from),
        drawn_at__lt=audit_selectors.day_start(date_to + timedelta(days=1)),
    )
    verdicts = dict(checks.values_list("verdict").annotate(n=Count("pk")).order_by())
    reasons = dict(checks.values_list("sample_reason__reason").annotate(n=Count("pk")).order_by())
    findings = list(
        checks.filter(Q(verdict=SpotCheck.Verdict.QUESTIONED) | ~Q(note=""))
        .exclude(verdict=SpotCheck.Verdict.PENDING)
        .select_related("event__user", "checked_by")
        .order_by("-checked_at", "pk")
    )
    return SpotCheckReport(
        date_from=date_from,
        date_to=date_to,
        drawn=sum(verdicts.values()),
        per_verdict=[(label, verdicts.get(value, 0)) for value, label in SpotCheck.Verdict.choices],
        per_reason=[(label, reasons.get(value, 0)) for value, label in SampleReason.Reason.choices],
        findings=findings,
    )


def monthly_reminder_for(*, user) -> AnnualEvent | None:
    """The monthly spot-check entry in the user's centre's annual cycle, if there is one."""
    if not user.centre_id:
        return None
    return AnnualEvent.objects.filter(
        centre_id=user.centre_id,
        title=REMINDER_TITLE,
        recurrence=AnnualEvent.Recurrence.MONTHLY,
    ).first()


# --- The leader's list of value jumps -----------------------------------------------------

VALUE_JUMPS_PER_PAGE = 50


def value_jumps_for(*, user, page: int = 1) -> tuple[list[AuditEvent], bool]:
    """Value-jump events in the user's tenancy, newest first, with their spot check if drawn."""
    start = (page - 1) * VALUE_JUMPS_PER_PAGE
    events = list(
        AuditEvent.objects.filter(tenancy_for(user).events_q(), action=AuditEvent.Action.VALUE_JUMP)
        .select_related("user", "spot_check")
        .order_by("-at", "-pk")[start : start + VALUE_JUMPS_PER_PAGE + 1]
    )
    return events[:VALUE_JUMPS_PER_PAGE], len(events) > VALUE_JUMPS_PER_PAGE


def value_jump_event_for(*, user, event_id: int) -> AuditEvent | None:
    if not 0 < event_id < 2**63:
        return None
    return AuditEvent.objects.filter(
        tenancy_for(user).events_q(), action=AuditEvent.Action.VALUE_JUMP, pk=event_id
    ).first()
