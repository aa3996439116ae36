"""Benchmark of the working method (issue 4): the coordinator's week, the leader's compliance
view over all municipalities and the nightly due computation.

`bench.run` calls this after the foundation data is generated (same process, same backend):
`generate(today)` adds, through bulk inserts from a fixed seed, what the follow-up computation
reads; `measure(personas)` times it. Results go to bench/results/working_method.json (national
scale) in the same shape as foundation.json. `python -m bench.working_method ARGS` is the same
as `python -m bench.run --suite working-method ARGS`.

The data, per enrolled case (about 24,600 at national scale):

- the start-up: an assessment meeting one to three weeks after enrolment, analysis meeting 1
  one to three weeks later, analysis meeting 2 in four cases in ten, the joint plan agreed with
  a parent days later (one case in ten stalls after the assessment, one in thirty has nothing
  held yet); meetings in the past are held, meetings in the future planned;
- contact: about monthly over the last twelve months (88 % of the months have a contact, a
  quarter of them a second one);
- plan follow-ups every 70-100 days after the plan (one in ten lags to 130 days), each with
  a held plan follow-up meeting, and the next one planned when it falls within 30 days;
- every meeting has the coordinator and a parent as participants;
- agreements: two to six per case, most of those past their date closed, the rest open
  (owned by the coordinator, or by a colleague in the centre);
- a major change in the last six months for 3 % of cases, a family cadence for 5 %, and
  one municipality in five on "Sammen om familien".
"""

import io
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

SEED = 20261123


def log(message: str) -> None:
    print(f"  [working method] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- generation


def has_data() -> bool:
    from indgang.followup.models import ContactLog

    return ContactLog.objects.exists()


def _month_starts_between(first: date, last: date) -> list[date]:
    out, day = [], first.replace(day=1)
    while day <= last:
        out.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def generate(today: date) -> dict:
    """Bulk-insert the working-method data for every enrolled case; returns rows and seconds."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from indgang.families.models import Case, CoordinatorAssignment, Person
    from indgang.followup.models import (
        CadenceProfile,
        CaseCadence,
        ContactLog,
        MajorChange,
        MunicipalityCadence,
    )
    from indgang.meetings.models import Agreement, Meeting, Participant
    from indgang.organisation.models import Municipality, Role, User
    from indgang.plans.models import JointPlan, PlanFollowUp, PlanVersion

    rng = random.Random(SEED)
    rand, randint, choice = rng.random, rng.randint, rng.choice
    started = time.perf_counter()
    coordinator_of = dict(
        CoordinatorAssignment.objects.filter(ended_on__isnull=True).values_list(
            "case_id", "coordinator_id"
        )
    )
    parents: dict[int, list[int]] = defaultdict(list)
    for family_id, pk in Person.objects.filter(relation=Person.Relation.PARENT).values_list(
        "family_id", "pk"
    ):
        parents[family_id].append(pk)
    colleagues: dict[int, list[int]] = defaultdict(list)
    for pk, centre in User.objects.filter(
        role__in=[Role.CORE_TEAM, Role.PARTNER, Role.COORDINATOR], centre__isnull=False
    ).values_list("pk", "centre_id"):
        colleagues[centre].append(pk)
    cases = list(
        Case.objects.filter(status=Case.Status.ENROLLED, enrolled_on__isnull=False)
        .order_by("pk")
        .values_list("pk", "family_id", "centre_id", "enrolled_on")
    )
    now = datetime.now(UTC)
    year_ago = today - timedelta(days=365)
    ids: dict = {}

    def next_id(model) -> int:
        if model not in ids:
            ids[model] = model.objects.aggregate(m=Max("id"))["m"] or 0
        ids[model] += 1
        return ids[model]

    contacts, plans, versions, followups = [], [], [], []
    meetings, participants, agreements, changes, cadences = [], [], [], [], []

    def meeting(case_id, centre, kind, on: date, by, parent, *, planned=False):
        at = datetime.combine(on, datetime.min.time(), UTC) + timedelta(hours=randint(7, 13))
        status = "planned" if planned or at > now else "held"
        mid = next_id(Meeting)
        meetings.append(
            Meeting(id=mid, case_id=case_id, centre_id=centre, type=kind, status=status,
                    starts_at=at, ends_at=at + timedelta(hours=1, minutes=30),
                    place="Familieindgangen", created_by_id=by)
        )  # fmt: skip
        participants.append(
            Participant(id=next_id(Participant), meeting_id=mid, kind="staff", user_id=by,
                        invitation="accepted", attended=True if status == "held" else None)
        )  # fmt: skip
        if parent:
            participants.append(
                Participant(id=next_id(Participant), meeting_id=mid, kind="family",
                            person_id=parent, invitation="accepted")
            )  # fmt: skip
        return status == "held"

    forms = ["phone", "phone", "phone", "sms", "email", "meeting", "home_visit"]
    whom = ["Mor", "Far", "Forældrene", "Familien"]
    for case_id, family_id, centre, enrolled in cases:
        by = coordinator_of.get(case_id)
        if by is None:
            continue
        parent = parents[family_id][0] if parents[family_id] else None
        # The start-up.
        fate = rand()
        assessment_on = enrolled + timedelta(days=randint(5, 20))
        plan_on = None
        if fate >= 1 / 30 and assessment_on <= today + timedelta(days=14):
            meeting(case_id, centre, "assessment", assessment_on, by, parent)
            if fate >= 0.1 + 1 / 30:
                analysis_on = assessment_on + timedelta(days=randint(7, 21))
                if analysis_on <= today + timedelta(days=14):
                    meeting(case_id, centre, "analysis_1", analysis_on, by, parent)
                    last = analysis_on
                    if rand() < 0.4:
                        last = analysis_on + timedelta(days=randint(7, 21))
                        if last <= today + timedelta(days=14):
                            meeting(case_id, centre, "analysis_2", last, by, parent)
                    plan_on = last + timedelta(days=randint(3, 14))
                    if plan_on > today or parent is None:
                        plan_on = None
        if plan_on:
            plans.append(JointPlan(id=case_id, case_id=case_id, created_by_id=by))
            versions.append(
                PlanVersion(id=next_id(PlanVersion), plan_id=case_id, number=1,
                            agreed_on=plan_on, agreed_by_id=parent, recorded_by_id=by)
            )  # fmt: skip
            done = plan_on
            while True:
                done += timedelta(days=randint(70, 100) if rand() > 0.1 else randint(100, 130))
                if done > today:
                    if done <= today + timedelta(days=30):
                        meeting(case_id, centre, "plan_followup", done, by, parent, planned=True)
                    break
                followups.append(
                    PlanFollowUp(id=next_id(PlanFollowUp), plan_id=case_id, done_on=done,
                                 by_id=by, note="Opfølgning på planen")
                )  # fmt: skip
                meeting(case_id, centre, "plan_followup", done, by, parent)
        # Contact, about monthly over the last year.
        first = max(enrolled, year_ago)
        for month in _month_starts_between(first, today):
            if rand() >= 0.88:
                continue
            for _ in range(2 if rand() < 0.25 else 1):
                on = month + timedelta(days=randint(0, 27))
                if first <= on <= today:
                    contacts.append(
                        ContactLog(id=next_id(ContactLog), case_id=case_id, on=on,
                                   form=choice(forms), with_whom=choice(whom),
                                   initiative=choice(["coordinator", "coordinator", "family"]),
                                   summary="Kort samtale om ugen og aftalerne.", by_id=by)
                    )  # fmt: skip
        # Agreements: the older ones closed, the rest open.
        for _ in range(randint(2, 6)):
            due = enrolled + timedelta(days=randint(10, max(11, (today - enrolled).days + 60)))
            owner = by if rand() < 0.7 or not colleagues[centre] else choice(colleagues[centre])
            closed = due < today - timedelta(days=30) and rand() < 0.85
            agreements.append(
                Agreement(id=next_id(Agreement), case_id=case_id, task="Ringe til skolen",
                          owner_user_id=owner, due_on=due,
                          status="done" if closed else "open",
                          closed_on=due if closed else None, created_by_id=by)
            )  # fmt: skip
        if rand() < 0.03 and enrolled < today - timedelta(days=60):
            on = today - timedelta(days=randint(1, 180))
            changes.append(
                MajorChange(id=next_id(MajorChange), case_id=case_id, on=max(on, enrolled),
                            description="Flytning", by_id=by)
            )  # fmt: skip
        if rand() < 0.05:
            cadences.append(
                CaseCadence(case_id=case_id, contact_every_months=choice([None, 2]),
                            child_welfare=rand() < 0.5, reason="Aftalt med familien",
                            set_by_id=by)
            )  # fmt: skip
    som = CadenceProfile.objects.filter(code="sammen-om-familien").first()
    chooser = User.objects.filter(role=Role.LEADER).values_list("pk", flat=True).first()
    muni_cadences = [
        MunicipalityCadence(municipality_id=m, profile=som, chosen_by_id=chooser)
        for m in Municipality.objects.order_by("pk").values_list("pk", flat=True)
        if som and chooser and m % 5 == 3
    ]
    built = time.perf_counter() - started
    tables = {}
    for model, objs in (
        (ContactLog, contacts),
        (JointPlan, plans),
        (PlanVersion, versions),
        (PlanFollowUp, followups),
        (Meeting, meetings),
        (Participant, participants),
        (Agreement, agreements),
        (MajorChange, changes),
        (CaseCadence, cadences),
        (MunicipalityCadence, muni_cadences),
    ):
        t = time.perf_counter()
        with transaction.atomic():
            model.objects.bulk_create(objs, batch_size=5000)
        seconds = time.perf_counter() - t
        tables[model._meta.db_table] = {
            "rows": len(objs),
            "seconds": round(seconds, 2),
            "rows_per_s": round(len(objs) / seconds) if seconds and objs else None,
        }
        log(f"{model._meta.db_table}: {len(objs):,} rows in {seconds:.1f} s")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            models = [ContactLog, JointPlan, PlanVersion, PlanFollowUp, Meeting, Participant,
                      Agreement, MajorChange, CaseCadence, MunicipalityCadence]  # fmt: skip
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    analyze = time.perf_counter() - t
    total = time.perf_counter() - started
    log(f"generated in {total:.0f} s")
    return {
        "total_seconds": round(total, 1),
        "build_seconds": round(built, 1),
        "analyze_seconds": round(analyze, 1),
        "enrolled_cases": len(cases),
        "tables": tables,
    }


# --------------------------------------------------------------------------- measurement


def _row(name, path, timings, queries, target, extra=None, sql=None) -> dict:
    """A result row; sql: each sample's database milliseconds (bench.measure.SqlClock)."""
    from bench.measure import _percentile, sql_fields

    p95 = _percentile(timings, 95)
    row = {
        "name": name,
        "path": path,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(timings), 1),
        "queries": queries,
        "samples": len(timings),
        "target_ms": target,
        "ok": None if target is None else p95 <= target,
    }
    if sql:
        row.update(sql_fields(statistics.median(timings), sql))
    row.update(extra or {})
    print(
        f"  [measure] {name}: p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, "
        f"{queries} queries, sql {row.get('sql_ms', '-')} ms",
        file=sys.stderr,
        flush=True,
    )
    return row


def _other_coordinator(personas: dict) -> int | None:
    """A coordinator with a clearly different caseload, to show the query count is constant."""
    from django.db.models import Count

    from indgang.families.models import CoordinatorAssignment

    row = (
        CoordinatorAssignment.objects.filter(ended_on__isnull=True)
        .exclude(coordinator_id=personas["coordinator"])
        .values("coordinator_id")
        .annotate(n=Count("id"))
        .order_by("-n", "coordinator_id")
        .first()
    )
    return row and row["coordinator_id"]


def measure(personas: dict, *, sample_factor: float = 1.0, warmup: int = 3) -> list[dict]:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.measure import BenchFailure, Client, SqlClock, _session_for
    from indgang.families.models import Case
    from indgang.followup.models import DueStatus
    from indgang.followup.selectors import compliance
    from indgang.organisation.models import User

    today = timezone.localdate()
    n = lambda count: max(3, int(count * sample_factor))  # noqa: E731
    results = []

    # The nightly computation, end to end through the management command (first, so the
    # table the compliance page's overdue lists read is filled).
    clock = SqlClock()
    timings, queries, sql = [], 0, []
    for _ in range(n(3)):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            _r, ms = clock.time(lambda: call_command("compute_due", stdout=io.StringIO()))
        timings.append((time.perf_counter() - t) * 1000)
        sql.append(ms)
        queries = max(queries, len(captured.captured_queries))
    cases = DueStatus.objects.count()
    results.append(
        _row("nightly due computation (compute_due, all families)", "manage.py compute_due",
             timings, queries, 60_000, {"cases": cases}, sql)
    )  # fmt: skip

    # Compliance over all municipalities: no user sees the whole country (a leader sees their
    # centre), so the selector the page uses is timed on every case.
    all_cases = Case.objects.all()
    with CaptureQueriesContext(connection) as captured:
        data = compliance(cases=all_cases, today=today)
    queries = len(captured.captured_queries)
    timings, sql = [], []
    for _ in range(n(10)):
        t = time.perf_counter()
        _r, ms = clock.time(lambda: compliance(cases=all_cases, today=today))
        timings.append((time.perf_counter() - t) * 1000)
        sql.append(ms)
    results.append(
        _row("compliance, all municipalities (selector)", "followup.selectors.compliance",
             timings, queries, 1000,
             {"municipalities": len(data["municipalities"]),
              "families_in_total": data["total"].followup[-1].total}, sql)
    )  # fmt: skip

    client = Client()
    other = _other_coordinator(personas)
    pages = [
        ("coordinator's week (coordinator, ~30 families)", "coordinator", "/min-uge/", 80, n(100)),
        ("compliance page (leader, coordinator's centre)", "leader", "/ledelse/kadence/", 1000,
         n(20)),
        ("compliance page (project leader, Aarhus centre)", "project_leader",
         "/ledelse/kadence/", 1000, n(20)),
    ]  # fmt: skip
    for name, user_key, path, target, samples in pages:
        session = _session_for(User.objects.get(pk=personas[user_key]))
        queries = []
        for _ in range(warmup):
            with CaptureQueriesContext(connection) as captured:
                status, _h, body, _e = client.get(path, "", session)
            if not status.startswith("200"):
                raise BenchFailure(f"{name}: GET {path} answered {status}:\n{body[:1500]!r}")
            queries.append(len(captured.captured_queries))
        timings, sql = [], []
        for _ in range(samples):
            _status, _h, body, elapsed = client.get(path, "", session)
            timings.append(elapsed * 1000)
            sql.append(client.last_sql_ms)
        extra = {"bytes": len(body)}
        if min(queries) != max(queries):
            extra["queries_range"] = [min(queries), max(queries)]
        if path == "/min-uge/" and other:
            # The same page for the coordinator with the largest caseload: same query count.
            session_other = _session_for(User.objects.get(pk=other))
            client.get(path, "", session_other)
            with CaptureQueriesContext(connection) as captured:
                status, _h, _b, _e = client.get(path, "", session_other)
            from indgang.families.models import CoordinatorAssignment

            extra["queries_largest_caseload"] = {
                "families": CoordinatorAssignment.objects.filter(
                    coordinator_id=other, ended_on__isnull=True
                ).count(),
                "queries": len(captured.captured_queries),
            }
            # Against the warmed page: the first visit may also store the session and the due
            # rows of cases that had none yet (queries_range).
            extra["constant_queries"] = len(captured.captured_queries) == queries[-1]
        row = _row(name, path, timings, queries[-1], target, extra, sql)
        if row.get("constant_queries") is False:
            row["ok"] = False
        results.append(row)
    return results


if __name__ == "__main__":
    from bench.run import main

    sys.exit(main(["--suite", "working-method", *sys.argv[1:]]))
