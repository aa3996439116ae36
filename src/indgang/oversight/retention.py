"""Retention: deleting a closed case's data and, later, the access log about it.

Two steps, both in one transaction per run (``retention_apply``):

1. **Case data.** A family whose cases are all discharged, the last discharge longer ago
   than its municipality's ``case_years``, is deleted with everything that hangs off it (the
   domain apps' foreign keys cascade: persons, cases, consents, contacts, meetings' case
   rows, plans, applications, decisions …). What stays is a ``RetentionDeletion`` row with
   ids and dates only, so the log about the family can be timed.
2. **The access log.** The audit tables are append-only at the database (audit migrations
   0003 and 0005). Rows are removed through the one documented path, ``audit_rows_delete``,
   which lifts the guards inside its own transaction exactly as ``oversight.maintenance``
   does for flush. An event goes when it is older than the longest ``log_minimum_months``
   of any municipality and either concerns no family or person at all (log-ins, searches
   without hits), or concerns only families deleted by step 1 whose log period
   (``log_months_after_case`` after the deletion) has run out. An event naming any family
   or person that still exists, or one deleted more recently, stays.

In production the run uses a separate database role that owns the audit tables (the
application's role does not, so it cannot lift the guards): docs/operations.md.
"""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, ProtectedError, Q
from django.utils import timezone

from indgang.audit.models import AuditEvent, AuditFamily, AuditPerson, SpotCheck
from indgang.audit.services import Action, audit_record
from indgang.families.models import Case, Family, Person
from indgang.organisation.models import Municipality
from indgang.oversight.maintenance import guards_lifted
from indgang.oversight.models import RetentionDeletion, RetentionRule, RetentionRun, SampleReason

COMMAND_NAME = "apply_retention"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _at_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def rule_for(municipality_id: int, rules: dict[int, RetentionRule]) -> RetentionRule:
    return rules.get(municipality_id) or RetentionRule(municipality_id=municipality_id)


@dataclass
class RetentionReport:
    dry_run: bool
    families: int = 0
    counts: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {"families": self.families, "counts": dict(sorted(self.counts.items()))}


def families_past_retention(*, today: date, rules: dict[int, RetentionRule]) -> list[tuple]:
    """(family id, municipality id, last discharge) of families whose period has run out."""
    open_case = Case.objects.open().filter(family_id=OuterRef("pk"))
    closed = (
        Family.objects.filter(cases__isnull=False)
        .exclude(Exists(open_case))
        .annotate(last_discharge=Max("cases__discharged_on"))
        .values_list("pk", "municipality_id", "last_discharge")
        .order_by("pk")
    )
    due = []
    for family_id, municipality_id, last in closed:
        rule = rule_for(municipality_id, rules)
        if last and last <= months_before(today, 12 * rule.case_years):
            due.append((family_id, municipality_id, last))
    return due


def _case_data_delete(*, now: datetime, today: date, rules, report: RetentionReport) -> None:
    for family_id, municipality_id, last in families_past_retention(today=today, rules=rules):
        person_ids = sorted(Person.objects.filter(family_id=family_id).values_list("pk", flat=True))
        try:
            with transaction.atomic():
                _total, per_model = Family.objects.filter(pk=family_id).delete()
        except ProtectedError:
            # A row outside the family's own data still points at it: kept, and reported.
            report.counts["skipped (protected)"] += 1
            continue
        report.counts.update(per_model)
        report.families += 1
        RetentionDeletion.objects.create(
            family_id=family_id,
            municipality_id=municipality_id,
            discharged_on=last,
            deleted_at=now,
            person_ids=person_ids,
        )


def _concerns(family_ids, person_ids) -> Q:
    pk = OuterRef("pk")
    return (
        Q(family_id__in=family_ids)
        | Exists(AuditFamily.objects.filter(event_id=pk, family_id__in=family_ids))
        | Exists(AuditPerson.objects.filter(event_id=pk, person_id__in=person_ids))
    )


def expired_log_events(*, now: datetime, today: date, rules) -> tuple[list[int], list[int]]:
    """Ids of the events past retention, and of the deletions whose log they close."""
    minimum = max(
        [RetentionRule.DEFAULT_LOG_MINIMUM_MONTHS]
        + [rule.log_minimum_months for rule in rules.values()]
    )
    expired_families, expired_persons, closing = [], [], []
    pending_families, pending_persons = [], []
    for deletion in RetentionDeletion.objects.all():
        rule = rule_for(deletion.municipality_id, rules)
        due = months_before(today, rule.log_months_after_case)
        if timezone.localdate(deletion.deleted_at) <= due:
            expired_families.append(deletion.family_id)
            expired_persons += deletion.person_ids
            if deletion.log_deleted_at is None:
                closing.append(deletion.pk)
        else:
            pending_families.append(deletion.family_id)
            pending_persons += deletion.person_ids
    pk = OuterRef("pk")
    concerns_nothing = (
        Q(family_id__isnull=True)
        & ~Exists(AuditFamily.objects.filter(event_id=pk))
        & ~Exists(AuditPerson.objects.filter(event_id=pk))
    )
    live = _concerns(Family.objects.values("pk"), Person.objects.values("pk"))
    old = AuditEvent.objects.filter(at__lt=_at_start(months_before(today, minimum)))
    condition = concerns_nothing
    if expired_families or expired_persons:
        condition |= _concerns(expired_families, expired_persons)
    events = old.filter(condition).exclude(live)
    if pending_families or pending_persons:
        events = events.exclude(_concerns(pending_families, pending_persons))
    return list(events.values_list("pk", flat=True)), closing


def audit_rows_delete(event_ids: list[int]) -> Counter:
    """The one path that removes audit rows: guards lifted in this transaction only.

    Used by ``apply_retention`` alone. Spot checks of the events (and why they were drawn)
    go with them: the check is evidence about an access that is itself past retention.
    """
    counts: Counter = Counter()
    if not event_ids:
        return counts
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        # ALTER TABLE refuses a table with deferred foreign-key checks still pending in this
        # transaction (rows written earlier in it): run those checks now, then defer again.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with guards_lifted(connection):
        for start in range(0, len(event_ids), 500):  # SQLite's limit on query parameters
            chunk = event_ids[start : start + 500]
            for queryset in (
                SampleReason.objects.filter(spot_check__event_id__in=chunk),
                SpotCheck.objects.filter(event_id__in=chunk),
                AuditPerson.objects.filter(event_id__in=chunk),
                AuditFamily.objects.filter(event_id__in=chunk),
                AuditEvent.objects.filter(pk__in=chunk),
            ):
                _total, per_model = queryset.delete()
                counts.update(per_model)
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return counts


def retention_apply(*, dry_run: bool = False) -> tuple[RetentionReport, RetentionRun]:
    """Delete what is past its period, log the run and keep its report (counts per type).

    A dry run does all of it inside a transaction that is rolled back, so its counts are
    exactly what a real run would remove; only its report and audit event are kept.
    Running again removes nothing more: the command is idempotent.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    rules = {rule.municipality_id: rule for rule in RetentionRule.objects.all()}
    report = RetentionReport(dry_run=dry_run)
    with transaction.atomic():
        _case_data_delete(now=now, today=today, rules=rules, report=report)
        event_ids, closing = expired_log_events(now=now, today=today, rules=rules)
        report.counts.update(audit_rows_delete(event_ids))
        RetentionDeletion.objects.filter(pk__in=closing).update(log_deleted_at=now)
        if dry_run:
            transaction.set_rollback(True)
    with transaction.atomic():
        run = RetentionRun.objects.create(ran_at=now, dry_run=dry_run, counts=report.as_dict())
        audit_record(
            user=None,
            username=COMMAND_NAME,
            action=Action.DELETE,
            object_type="retention",
            object_id=run.pk,
            summary=("Prøvekørsel af sletning" if dry_run else "Sletning efter opbevaringsregler")
            + f": {report.families} familier",
            changes={"dry_run": dry_run, **report.as_dict()},
        )
    return report, run


def municipalities_without_rule() -> list[Municipality]:
    return list(Municipality.objects.filter(retention_rule__isnull=True).order_by("name"))
