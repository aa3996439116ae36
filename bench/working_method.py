"""Benchmark of the working method (issue 4): the coordinator's week, the leader's compliance
view over all municipalities and the nightly due computation.

    python -m bench.working_method [--scale national|small] [--backend sqlite|postgresql]
                                   [--skip-generate] [--samples FACTOR] [--out PATH]

It builds on bench.run's data (the foundation generator) and adds, through bulk inserts from a
fixed seed, what the follow-up computation reads: contacts over the last months, joint plans
with agreed versions and follow-ups, held start-up meetings and agreements (some overdue).
Results go to bench/results/working_method.json (same shape as foundation.json).
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261123


def _setup(args) -> None:
    from bench.run import _database_url

    os.environ["DATABASE_URL"] = _database_url(args.backend)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_URL", "dummy:")
    os.environ["DJANGO_SETTINGS_MODULE"] = "indgang.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _generate_working_method(today) -> dict:
    """Contacts, plans, follow-ups, meetings, agreements for the enrolled cases (bulk)."""
    from django.db import transaction

    from indgang.families.models import Case, CoordinatorAssignment
    from indgang.followup.models import ContactLog
    from indgang.meetings.models import Agreement, Meeting
    from indgang.plans.models import JointPlan, PlanFollowUp, PlanVersion

    if ContactLog.objects.exists():
        return {"reused": True}
    rng = random.Random(SEED)
    started = time.perf_counter()
    coordinator_of = dict(
        CoordinatorAssignment.objects.filter(ended_on__isnull=True).values_list(
            "case_id", "coordinator_id"
        )
    )
    cases = list(
        Case.objects.filter(status="enrolled").values_list(
            "pk", "centre_id", "enrolled_on", "family__members__pk"
        )
    )
    seen, rows = set(), []
    for pk, centre, enrolled, person in cases:
        if pk not in seen and person:
            seen.add(pk)
            rows.append((pk, centre, enrolled, person))
    contacts, plans, versions, followups, meetings, agreements = [], [], [], [], [], []
    for pk, centre, enrolled, person in rows:
        by = coordinator_of.get(pk)
        if by is None:
            continue
        for months_back in range(7):
            if rng.random() < 0.8:
                on = today - timedelta(days=30 * months_back + rng.randint(0, 27))
                if enrolled <= on <= today:
                    contacts.append(ContactLog(case_id=pk, on=on, form="phone",
                                               with_whom="Forælder", initiative="coordinator",
                                               by_id=by))  # fmt: skip
        if rng.random() < 0.75:
            agreed = enrolled + timedelta(days=rng.randint(20, 90))
            if agreed <= today:
                plans.append(JointPlan(id=pk, case_id=pk, created_by_id=by))
                versions.append(PlanVersion(plan_id=pk, number=1, agreed_on=agreed,
                                            agreed_by_id=person, recorded_by_id=by))  # fmt: skip
                done = agreed
                while True:
                    done += timedelta(days=rng.randint(60, 110))
                    if done > today:
                        break
                    followups.append(PlanFollowUp(plan_id=pk, done_on=done, by_id=by))
                for kind in ("assessment", "analysis_1"):
                    at = datetime.combine(agreed - timedelta(days=10), datetime.min.time(), UTC)
                    meetings.append(Meeting(case_id=pk, centre_id=centre, type=kind,
                                            status="held", starts_at=at, created_by_id=by))  # fmt: skip
        for _ in range(rng.randint(0, 3)):
            agreements.append(Agreement(case_id=pk, task="Opgave", owner_user_id=by,
                                        due_on=today + timedelta(days=rng.randint(-40, 40)),
                                        created_by_id=by))  # fmt: skip
    with transaction.atomic():
        ContactLog.objects.bulk_create(contacts, batch_size=5000)
        JointPlan.objects.bulk_create(plans, batch_size=5000)
        PlanVersion.objects.bulk_create(versions, batch_size=5000)
        PlanFollowUp.objects.bulk_create(followups, batch_size=5000)
        Meeting.objects.bulk_create(meetings, batch_size=5000)
        Agreement.objects.bulk_create(agreements, batch_size=5000)
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [JointPlan]):
                cursor.execute(sql)
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "contacts": len(contacts),
        "plans": len(plans),
        "plan_followups": len(followups),
        "meetings": len(meetings),
        "agreements": len(agreements),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _timed(fn, samples: int) -> tuple[list[float], object]:
    timings, result = [], None
    for _ in range(samples):
        t = time.perf_counter()
        result = fn()
        timings.append((time.perf_counter() - t) * 1000)
    return timings, result


def _row(name, path, timings, queries, target, samples, extra=None):
    from bench.measure import _percentile

    p95 = _percentile(timings, 95)
    row = {
        "name": name,
        "path": path,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(timings), 1),
        "queries": queries,
        "samples": samples,
        "target_ms": target,
        "ok": p95 <= target,
    }
    row.update(extra or {})
    print(f"  [measure] {name}: p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms", file=sys.stderr)
    return row


def worker(args) -> dict:
    _setup(args)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench import generate
    from bench.measure import Client, _session_for
    from bench.run import SQLITE_PATH, _existing_marker_matches
    from bench.scales import SCALES
    from indgang.families.models import Case
    from indgang.followup.selectors import compliance
    from indgang.followup.services import due_compute
    from indgang.organisation.models import User

    scale = SCALES[args.scale]
    reuse = args.skip_generate and _existing_marker_matches(args.backend, scale)
    marker = generate.read_marker() if reuse else None
    if not reuse:
        if args.backend == "sqlite":
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        generate.reset_database()
        call_command("migrate", interactive=False, verbosity=0)
        marker = generate.generate(scale)
    call_command("migrate", interactive=False, verbosity=0)  # tables added since the data
    today = timezone.localdate()
    extra = _generate_working_method(today)
    personas = marker["personas"]
    n = lambda k: max(5, int(k * args.samples))  # noqa: E731
    results = []

    # The nightly computation (first, so the tables the pages read are filled).
    with CaptureQueriesContext(connection) as captured:
        timings, count = _timed(lambda: due_compute(today=today), 3)
    results.append(
        _row("nightly due computation (all families)", "compute_due", timings,
             len(captured.captured_queries) // 3, 60_000, 3, {"cases": count})
    )  # fmt: skip

    # The compliance figures over all municipalities (the selector on every case).
    all_cases = Case.objects.all()
    with CaptureQueriesContext(connection) as captured:
        compliance(cases=all_cases, today=today)
    timings, _ = _timed(lambda: compliance(cases=all_cases, today=today), n(10))
    results.append(
        _row("compliance, all municipalities (selector)", "selectors.compliance", timings,
             len(captured.captured_queries), 1000, n(10))
    )  # fmt: skip

    client = Client()
    for name, user_key, path, target, samples in (
        ("coordinator's week", "coordinator", "/min-uge/", 80, n(100)),
        ("compliance view (leader's centre)", "leader", "/ledelse/kadence/", 1000, n(20)),
    ):
        session = _session_for(User.objects.get(pk=personas[user_key]))
        queries = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                status, _h, _body, _e = client.get(path, "", session)
            assert status.startswith("200"), f"{path}: {status}"
            queries.append(len(captured.captured_queries))
        timings = []
        for _ in range(samples):
            _status, _h, _body, elapsed = client.get(path, "", session)
            timings.append(elapsed * 1000)
        results.append(_row(name, path, timings, max(queries), target, samples))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()"
            if connection.vendor == "postgresql"
            else "SELECT 'SQLite ' || sqlite_version()"
        )
        version = cursor.fetchone()[0].split(" on ")[0]
    return {
        "backend": args.backend,
        "database_version": version,
        "scale": {**marker["scale"], "counts": marker["counts"]},
        "generation": {"working_method": extra},
        "personas": personas,
        "results": results,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.working_method")
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--backend", choices=["postgresql", "sqlite"], default="sqlite")
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--samples", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/working_method.json")
    args = parser.parse_args(argv)
    out = worker(args)
    rows = [{**r, "backend": out["backend"]} for r in out["results"]]
    result = {
        "backend": out["backend"],
        "scale": out["scale"],
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "databases": {out["backend"]: out["database_version"]},
        },
        "generation": {out["backend"]: out["generation"]},
        "personas": {out["backend"]: out["personas"]},
        "results": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    from bench.run import _table

    print(_table(rows))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
