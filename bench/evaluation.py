"""Benchmark of the KOS status report (issue 11): all 98 municipalities on PostgreSQL ≤ 5 s.

    python -m bench.evaluation [--samples 5] [--out PATH]

PostgreSQL only, from BENCH_POSTGRES_URL (`scripts/pg-cluster.sh with BENCH_POSTGRES_URL -- …`).
`make bench` runs it after bench.run and bench.interventions in the same cluster, so the
national foundation (bench/generate.py: 98 municipalities, 30,000 families, 100,000 persons and
their cases) and the interventions data (bench/interventions.py: 500,000 grants under their
legal bases, 60,000 complaints) are reused. Run on its own against an empty database it
generates them first (the foundation with a small audit log: the report never reads it).

What the report needs beyond that is generated here, from its own seed, every run: each
enrolled target child's day care or school (`reports.DaycareAttachment`): most children of
day-care age have a place on their enrolment day (a special day care or special school for one
in eight), one in five changes place after enrolment, a few get a first place after it or lose
theirs.

Measured: `reports.selectors.kos_status_over` for today, over every family and all 98
municipalities (no user sees every municipality: a leader sees their centre, so the selector
the page uses is timed on everything, as bench.interventions does), and the page for the
leader of the biggest centre. The rows go into bench/results/evaluation.json as "status report"
(and "status report page, leader of the biggest centre"); the survey rows are kept.
"""

import argparse
import dataclasses
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "evaluation.json"
SEED = 20210615
TARGET_MS = 5000
STANDALONE_AUDIT_EVENTS = 100_000


def log(message: str) -> None:
    print(f"  [evaluation] {message}", file=sys.stderr, flush=True)


def _setup() -> None:
    url = os.environ.get("BENCH_POSTGRES_URL")
    if not url:
        raise SystemExit("BENCH_POSTGRES_URL is not set (scripts/pg-cluster.sh starts one)")
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_URL", "dummy:")
    os.environ["DJANGO_SETTINGS_MODULE"] = "indgang.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def ensure_foundation() -> dict:
    """The national foundation and interventions data: reused when present, else generated."""
    from django.core.management import call_command

    from bench import generate
    from bench.interventions import generate_interventions
    from bench.scales import SCALES
    from indgang.interventions.models import Decision

    national = SCALES["national"]
    try:
        marker = generate.read_marker()
    except Exception:  # an empty or foreign database
        marker = None
    same = marker and all(
        marker["scale"].get(k) == getattr(national, k)
        for k in ("municipalities", "families", "persons")
    )
    if same:
        log(f"reusing the foundation generated on {marker['generated_on']}")
        call_command("migrate", interactive=False, verbosity=0)
    else:
        log("no national foundation: generating it (small audit log)")
        generate.reset_database()
        call_command("migrate", interactive=False, verbosity=0)
        marker = generate.generate(
            dataclasses.replace(national, audit_events=STANDALONE_AUDIT_EVENTS)
        )
    from django.utils import timezone

    if not Decision.objects.exists():
        log("no interventions data: generating it")
        generate_interventions("national", timezone.localdate())
    else:
        log("reusing the interventions data")
    return marker


def generate_attachments(today: date) -> dict:
    """Every enrolled target child's day care or school, by COPY; returns counts and seconds."""
    from django.core.management.color import no_style
    from django.db import connection

    from bench.interventions import _load
    from indgang.families.models import Case, Person
    from indgang.reports.models import DaycareAttachment

    K = DaycareAttachment.Kind
    rng = random.Random(SEED)  # nosec B311  # reproducible benchmark data
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {DaycareAttachment._meta.db_table}")
    enrolled = {
        family_id: (enrolled_on, discharged_on)
        for family_id, enrolled_on, discharged_on in Case.objects.filter(
            enrolled_on__isnull=False
        ).values_list("family_id", "enrolled_on", "discharged_on")
    }
    rows = []

    def kind_for(born: date, day: date) -> str:
        school = (day - born).days >= 6 * 365
        special = rng.random() < 1 / 8
        if school:
            return K.SPECIAL_SCHOOL if special else K.SCHOOL
        return K.SPECIAL_DAYCARE if special else K.DAYCARE

    def add(person_id, kind, start, end=None):
        rows.append(
            (len(rows) + 1, person_id, kind, f"Institution {rng.randint(1, 400)}", start, end)
        )

    children = Person.objects.filter(
        relation=Person.Relation.CHILD, family_id__in=list(enrolled), birth_date__isnull=False
    ).values_list("pk", "family_id", "birth_date")
    for person_id, family_id, born in children.iterator(chunk_size=10_000):
        enrolled_on, discharged_on = enrolled[family_id]
        end = min(discharged_on or today, today)
        of_age = born + timedelta(weeks=26)
        if end <= of_age:
            continue
        span_after = (end - max(enrolled_on, of_age)).days
        if of_age < enrolled_on and rng.random() < 0.85:
            start = max(of_age, enrolled_on - timedelta(days=rng.randint(30, 1100)))
            if span_after > 30 and rng.random() < 0.2:
                moved = enrolled_on + timedelta(days=rng.randint(15, span_after))
                add(person_id, kind_for(born, start), start, moved - timedelta(days=1))
                add(person_id, kind_for(born, moved), moved)
            elif span_after > 30 and rng.random() < 0.04:
                add(
                    person_id,
                    kind_for(born, start),
                    start,
                    end - timedelta(days=rng.randint(1, 20)),
                )
            else:
                add(person_id, kind_for(born, start), start)
        elif span_after > 30 and rng.random() < 0.5:
            start = max(enrolled_on, of_age) + timedelta(days=rng.randint(1, span_after))
            add(person_id, kind_for(born, start), start)
    columns = ("id", "person_id", "kind", "institution", "started_on", "ended_on")
    timings: dict = {}
    _load(DaycareAttachment._meta.db_table, columns, rows, timings)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [DaycareAttachment]):
            cursor.execute(sql)
        cursor.execute(f"ANALYZE {DaycareAttachment._meta.db_table}")
    return {
        "daycare_attachments": len(rows),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _row(name, path, times, queries, target, extra) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "name": name,
        "path": path,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(times[-1], 1),
        "queries": queries,
        "samples": len(times),
        "target_ms": target,
        "ok": None if target is None else p95 <= target,
        **extra,
        "backend": "postgresql",
    }


def measure(today: date, samples: int) -> list[dict]:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from bench.measure import Client, _session_for
    from indgang.families.models import Case, Family
    from indgang.organisation.models import Municipality, Role, User
    from indgang.reports import selectors

    municipalities = list(Municipality.objects.order_by("name"))

    def everything():
        return selectors.kos_status_over(
            on=today, families=Family.objects.all(), municipalities=municipalities
        )

    with CaptureQueriesContext(connection) as captured:
        status = everything()
    from bench.measure import SqlClock

    clock = SqlClock()
    times, sql = [], []
    for _ in range(samples):
        t = time.perf_counter()
        _status, sql_ms = clock.time(everything)
        times.append((time.perf_counter() - t) * 1000)
        sql.append(sql_ms)
    results = [
        _row(
            "status report",
            "reports.selectors.kos_status_over (every family, all municipalities)",
            times,
            len(captured.captured_queries),
            TARGET_MS,
            {
                "municipalities": len(status.municipalities),
                "children": status.children,
                "with_prior_case": status.with_prior,
                "attached_now": status.attachment.now,
                "complaints_rows": len(status.complaints.rows),
                # the queries' own time (median): the rest is Python counting the rows
                "sql_ms": round(statistics.median(sql), 1),
            },
        )
    ]
    # The page, as the leader of the centre with the most enrolled families.
    biggest = (
        Case.objects.filter(status=Case.Status.ENROLLED)
        .values("centre_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    leader = User.objects.filter(role=Role.LEADER, centre_id=biggest["centre_id"]).first()
    client = Client()
    session = _session_for(leader)
    path = "/rapporter/kos-status/"
    status_line, _headers, body, _e = client.get(path, "", session)
    if not status_line.startswith("200"):
        raise SystemExit(f"{path} answered {status_line}:\n{body[:1500].decode()}")
    page_times = []
    for _ in range(samples):
        _s, _h, body, elapsed = client.get(path, "", session)
        page_times.append(elapsed * 1000)
    results.append(
        _row(
            "status report page, leader of the biggest centre",
            path,
            page_times,
            None,  # counted by tests/reports (constant); the WSGI handler's queries are not seen here
            None,
            {"enrolled_families": biggest["n"], "bytes": len(body)},
        )
    )
    return results


def merge(results: list[dict], environment: dict, out: Path) -> None:
    data = json.loads(out.read_text()) if out.exists() else {}
    names = {r["name"] for r in results}
    kept = [r for r in data.get("results", []) if r.get("name") not in names]
    data["results"] = kept + results
    data.setdefault("environment", {})["status_report"] = environment
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    _setup()
    from django.db import connection
    from django.utils import timezone

    load_before = os.getloadavg()[0]
    marker = ensure_foundation()
    today = timezone.localdate()
    attachments = generate_attachments(today)
    log(f"{attachments['daycare_attachments']:,} day-care and school places")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    results = measure(today, args.samples)
    environment = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": version,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "report_date": today.isoformat(),
        "cpus": os.cpu_count(),
        # A shared machine measures slower: the load before generation and after measuring.
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "scale": {
            k: marker["scale"][k] for k in ("municipalities", "families", "persons", "staff")
        },
        "generation": attachments,
    }
    merge(results, environment, args.out)
    for r in results:
        print(f"{r['name']}: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, {r['queries']} queries")
    return 0 if results[0]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
