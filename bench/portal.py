"""Benchmark of the parents' portal (issue 10): the front page, the plan page and the message
list at national scale, on PostgreSQL.

    python -m bench.portal [--scale national|small] [--skip-foundation] [--samples FACTOR]
                           [--out PATH]

PostgreSQL comes from BENCH_POSTGRES_URL (`make bench` runs it after bench.run and
bench.interventions in the same throwaway cluster). The foundation data (bench/generate.py:
30,000 families at national scale) and the working method's data (bench/working_method.py:
joint plans, follow-ups, meetings) are generated first unless `--skip-foundation` finds them.
Then the portal's own data, from a fixed seed:

- one parent with a portal account for every family that has a parent or guardian (a user with
  no role and no usable password, and a ``ParentAccount``), as the coordinator's invitations
  would leave them;
- two to five goals on every joint plan that has none, so the plan page has rows to show;
- 2,000,000 messages (national) over the last two years, spread over the families with a long
  tail (log-normal: most families a few dozen, a few thousands); a parent writes a little over
  half, the family's coordinator the rest; about one family in five waits for an answer;
- 200,000 attachments as rows (the files themselves are not written: the pages never read them).

Messages and attachments go in with COPY (PostgreSQL; executemany on SQLite, for the smoke test)
with the tables' indexes and foreign keys dropped during the load and rebuilt after, then the
tables are analysed. The pages are timed through the real WSGI stack (bench/measure.py's client)
with a real parent session each, rotating over 40 families from the smallest to the largest
conversation, so the query count is checked against the data: it must be the same for every
family (``constant_queries``). Results: bench/results/portal.json at national scale (the shape of
interventions.json, with the machine's load average before and after), bench/data/portal-<scale>.json
otherwise.
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
DATA_DIR = ROOT / "bench" / "data"
RESULTS_DIR = ROOT / "bench" / "results"
SEED = 20261202
TARGET_MS = 50
VOLUMES = {
    "national": {"messages": 2_000_000, "attachments": 200_000},
    "small": {"messages": 30_000, "attachments": 3_000},
}
DAYS = 730
PARENT_USERNAME = "bench-foraelder-{}"
BODIES = [
    "Hej. Alma har sovet dårligt i denne uge. Kan vi tale om det på mødet?",
    "Tak for i går. Vi har talt om det derhjemme og vil gerne prøve aflastningen.",
    "Hvornår hører vi fra kommunen om ansøgningen om merudgifter?",
    "Vi har fået brevet. Hvad betyder det for os?",
    "Jeg har vedhæftet udtalelsen fra lægen.",
    "Det lyder godt. Torsdag kl. 10 passer os fint.",
]
STAFF_BODIES = [
    "Tak for jeres besked. Jeg ringer til jer i morgen formiddag.",
    "Ansøgningen er modtaget. I kan forvente et svar inden for fristen.",
    "Jeg har talt med skolen, og de vender tilbage i næste uge.",
    "Mødet er flyttet til torsdag kl. 10. Sig til, hvis det ikke passer.",
]


def log(message: str) -> None:
    print(f"  [portal] {message}", file=sys.stderr, flush=True)


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # not on every platform
        return None


# --------------------------------------------------------------------------- generation


def _load(table: str, columns: tuple, rows, timings: dict) -> int:
    """COPY on PostgreSQL, executemany in one transaction on SQLite; rows may be a generator."""
    from django.db import connection

    started = time.perf_counter()
    n = 0
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    else:
        rows = [
            tuple(v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in r)
            for r in rows
        ]
        n = len(rows)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    seconds = time.perf_counter() - started
    timings[table] = {
        "rows": n,
        "seconds": round(seconds, 2),
        "rows_per_s": round(n / seconds) if n and seconds else None,
    }
    log(f"{table}: {n:,} rows in {seconds:.1f} s")
    return n


def _parents(rng: random.Random, timings: dict) -> dict[int, int]:
    """A portal account for one parent or guardian of every family: {family_id: account_id}."""
    from django.db import transaction

    from indgang.families.models import Person
    from indgang.organisation.models import User
    from indgang.portal.models import ParentAccount

    started = time.perf_counter()
    first = {}
    for person_id, family_id in (
        Person.objects.filter(relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN])
        .order_by("family_id", "-has_custody", "pk")
        .values_list("pk", "family_id")
    ):
        first.setdefault(family_id, person_id)
    have = set(ParentAccount.objects.values_list("person_id", flat=True))
    have_family = set(ParentAccount.objects.values_list("person__family_id", flat=True).distinct())
    missing = {f: p for f, p in first.items() if p not in have and f not in have_family}
    with transaction.atomic():
        users = [
            User(
                username=PARENT_USERNAME.format(person_id),
                email=f"foraelder-{person_id}@bench.invalid",
                password="!bench",  # unusable: the benchmark signs in through the session
                role="",
            )
            for person_id in missing.values()
        ]
        User.objects.bulk_create(users, batch_size=5000)
        ids = dict(
            User.objects.filter(
                username__in=[PARENT_USERNAME.format(p) for p in missing.values()]
            ).values_list("username", "pk")
        )
        ParentAccount.objects.bulk_create(
            [
                ParentAccount(user_id=ids[PARENT_USERNAME.format(p)], person_id=p)
                for p in missing.values()
            ],
            batch_size=5000,
        )
    timings["portal_parentaccount"] = {
        "rows": len(missing),
        "seconds": round(time.perf_counter() - started, 2),
    }
    log(f"parent accounts: {len(missing):,} new")
    _custody(timings)
    return dict(
        ParentAccount.objects.values_list("person__family_id", "pk").order_by("person__family_id")
    )


def _custody(timings: dict) -> None:
    """Custody of the household's children for each parent with an account (the portal shows a
    parent without custody nothing by default; the foundation data records no custody rows)."""
    from django.db import transaction

    from indgang.families.models import Custody, Person
    from indgang.portal.models import ParentAccount

    started = time.perf_counter()
    holders = set(Custody.objects.values_list("guardian_id", flat=True).distinct())
    parents = dict(
        ParentAccount.objects.exclude(person_id__in=holders).values_list(
            "person_id", "person__family_id"
        )
    )
    children: dict[int, list[int]] = {}
    for child_id, family_id in Person.objects.filter(
        family_id__in=set(parents.values()),
        relation__in=[Person.Relation.CHILD, Person.Relation.SIBLING],
    ).values_list("pk", "family_id"):
        children.setdefault(family_id, []).append(child_id)
    rows = [
        Custody(child_id=child, guardian_id=parent)
        for parent, family in parents.items()
        for child in children.get(family, [])
    ]
    with transaction.atomic():
        Custody.objects.bulk_create(rows, batch_size=5000)
        Person.objects.filter(pk__in={r.guardian_id for r in rows}).update(has_custody=True)
    seconds = round(time.perf_counter() - started, 2)
    timings["families_custody"] = {"rows": len(rows), "seconds": seconds}
    log(f"custody: {len(rows):,} rows")


def _goals(rng: random.Random, timings: dict) -> None:
    """Two to five goals on every joint plan without goals."""
    from django.db import transaction

    from indgang.plans.models import Goal, JointPlan

    started = time.perf_counter()
    wordings = [
        ("Alma sover igennem om natten", "5 nætter om ugen"),
        ("Familien har en fast aftenrutine", "Alle aftener i en måned"),
        ("Alma cykler selv til skole", "Hver dag i to uger"),
        ("Forældrene får aflastning hver anden weekend", "Aflastningen er i gang"),
        ("Søskende har tid alene med forældrene", "En time om ugen"),
    ]
    today = datetime.now(UTC).date()
    goals = []
    for plan_id in JointPlan.objects.filter(goals__isnull=True).values_list("pk", flat=True):
        for position in range(1, rng.randint(2, 5) + 1):
            wording, criteria = wordings[position - 1]
            goals.append(
                Goal(
                    plan_id=plan_id,
                    position=position,
                    wording=wording,
                    family_words=wording if rng.random() < 0.5 else "",
                    success_criteria=criteria,
                    target_date=today + timedelta(days=rng.randint(30, 365)),
                )
            )
    with transaction.atomic():
        Goal.objects.bulk_create(goals, batch_size=5000)
    timings["plans_goal"] = {"rows": len(goals), "seconds": round(time.perf_counter() - started, 2)}
    log(f"goals: {len(goals):,}")


def _coordinators() -> dict[int, int]:
    from indgang.families.models import CoordinatorAssignment

    return dict(
        CoordinatorAssignment.objects.filter(ended_on__isnull=True)
        .order_by("case__family_id", "started_on")
        .values_list("case__family_id", "coordinator_id")
    )


def _empty_messages() -> None:
    from django.db import connection

    from indgang.portal.models import Message, MessageAttachment

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {MessageAttachment._meta.db_table}, {Message._meta.db_table}")
        else:
            cursor.execute(f"DELETE FROM {MessageAttachment._meta.db_table}")
            cursor.execute(f"DELETE FROM {Message._meta.db_table}")


def message_counts(rng: random.Random, families: list[int], total: int) -> dict[int, int]:
    """``total`` messages over the families: log-normal, a long tail, every family some."""
    weights = [rng.lognormvariate(0, 1.2) for _ in families]
    scale = total / sum(weights)
    counts = {f: max(1, int(w * scale)) for f, w in zip(families, weights, strict=True)}
    # Put the rounding difference on the largest conversations, so the total is exact.
    diff = total - sum(counts.values())
    order = sorted(counts, key=counts.get, reverse=True)
    i = 0
    while diff and i < len(order):
        family = order[i]
        if diff > 0:
            counts[family] += diff
            diff = 0
        else:
            take = min(counts[family] - 1, -diff)
            counts[family] -= take
            diff += take
            i += 1
    return counts


def generate_portal(*, messages: int, attachments: int, seed: int = SEED) -> dict:
    """The portal's data on the families in the database; returns counts and timings."""
    from django.core.management.color import no_style
    from django.db import connection

    from bench.interventions import _pg_attach, _pg_detach
    from indgang.portal.models import Message, MessageAttachment

    rng = random.Random(seed)  # nosec B311  # reproducible benchmark data
    started = time.perf_counter()
    timings: dict = {}
    accounts = _parents(rng, timings)
    _goals(rng, timings)
    coordinators = _coordinators()
    families = sorted(accounts)
    counts = message_counts(rng, families, messages) if families else {}
    _empty_messages()
    now = datetime.now(UTC)
    tables = [Message._meta.db_table, MessageAttachment._meta.db_table]
    pg = connection.vendor == "postgresql"
    if pg:  # rows written earlier in this transaction (the test suite) must be checked first
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    detached = _pg_detach(tables) if pg else None
    with_attachment = set(rng.sample(range(1, messages + 1), min(attachments, messages)))
    unanswered = 0

    def message_rows():
        nonlocal unanswered
        pk = 0
        for family in families:
            n = counts[family]
            account = accounts[family]
            coordinator = coordinators.get(family)
            offsets = sorted(rng.random() * DAYS for _ in range(n))
            waiting = rng.random() < 0.2
            unanswered += waiting
            for i, offset in enumerate(offsets):
                pk += 1
                from_parent = coordinator is None or rng.random() < 0.55
                if i == n - 1:  # the last word: the family's, for one family in five
                    from_parent = waiting or coordinator is None
                at = now - timedelta(days=DAYS - offset)
                yield (
                    pk,
                    family,
                    account if from_parent else None,
                    None if from_parent else coordinator,
                    rng.choice(BODIES if from_parent else STAFF_BODIES),
                    at,
                )

    def attachment_rows():
        for pk, message_id in enumerate(sorted(with_attachment), start=1):
            kind = rng.choice(["application/pdf", "application/pdf", "image/jpeg", "image/png"])
            yield (pk, message_id, f"portal/attachments/{rng.getrandbits(128):032x}", kind,
                   rng.randint(20_000, 4_000_000))  # fmt: skip

    _load(
        Message._meta.db_table,
        ("id", "family_id", "account_id", "author_id", "body", "at"),
        message_rows(),
        timings,
    )
    _load(
        MessageAttachment._meta.db_table,
        ("id", "message_id", "file", "content_type", "size"),
        attachment_rows(),
        timings,
    )
    rebuild = time.perf_counter()
    if pg:
        _pg_attach(*detached)
    timings["indexes and foreign keys (rebuild)"] = {
        "seconds": round(time.perf_counter() - rebuild, 2)
    }
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Message, MessageAttachment]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    sizes = sorted(counts.values())
    result = {
        "total_seconds": round(time.perf_counter() - started, 1),
        "counts": {
            "parent_accounts": len(accounts),
            "messages": sum(sizes),
            "attachments": len(with_attachment),
            "families_with_messages": len(sizes),
            "families_waiting_for_an_answer": unanswered,
            "messages_per_family_median": statistics.median(sizes) if sizes else 0,
            "messages_per_family_max": sizes[-1] if sizes else 0,
        },
        "tables": timings,
    }
    log(f"portal data in {result['total_seconds']:.0f} s")
    return result


# --------------------------------------------------------------------------- measuring


def _parent_session(account) -> str:
    from django.contrib.sessions.backends.db import SessionStore

    from bench.measure import _session_for
    from indgang.portal.signals import PORTAL_PERSON

    key = _session_for(account.user)
    session = SessionStore(session_key=key)
    session[PORTAL_PERSON] = account.person_id  # what the sign-in signal sets
    session.save()
    return key


def personas(*, families: int = 40) -> dict:
    """Parents spread from the smallest to the largest conversation (the largest included),
    and parents whose family has a joint plan with goals."""
    from django.db.models import Count, Exists, OuterRef

    from indgang.families.models import CoordinatorAssignment, Custody
    from indgang.plans.models import Goal, PlanFollowUp
    from indgang.portal.models import Message, ParentAccount

    # Only families whose parent has custody: the others see nothing by default.
    custody = Exists(
        Custody.objects.filter(
            guardian=OuterRef("person_id"), child__family=OuterRef("person__family_id")
        )
    )
    with_custody = Custody.objects.filter(guardian__parent_account__isnull=False).values(
        "child__family_id"
    )
    # Families of the same shape (a current coordinator; for the plan, a follow-up), so that a
    # difference in the query count can only come from the amount of data.
    coordinated = CoordinatorAssignment.objects.filter(ended_on__isnull=True).values(
        "case__family_id"
    )
    followed_up = PlanFollowUp.objects.values("plan__case__family_id")
    by_size = list(
        Message.objects.filter(family_id__in=with_custody)
        .filter(family_id__in=coordinated)
        .values("family_id")
        .annotate(n=Count("id"))
        .order_by("n", "family_id")
        .values_list("family_id", "n")
    )
    picks = []
    if by_size:
        step = max(1, (len(by_size) - 1) / max(1, families - 1))
        picks = sorted({by_size[min(len(by_size) - 1, round(i * step))] for i in range(families)})
        picks = sorted(set(picks) | {by_size[-1]}, key=lambda p: p[1])
    accounts = {
        a.person.family_id: a
        for a in ParentAccount.objects.filter(person__family_id__in=[f for f, _ in picks])
        .filter(custody)
        .select_related("user", "person")
    }
    planned = list(
        ParentAccount.objects.annotate(
            has_goals=Exists(
                Goal.objects.filter(plan__case__family_id=OuterRef("person__family_id"))
            )
        )
        .filter(has_goals=True)
        .filter(custody)
        .filter(person__family_id__in=coordinated)
        .filter(person__family_id__in=followed_up)
        .select_related("user", "person")
        .order_by("person__family_id")[:families]
    )
    return {
        "by_messages": [(accounts[f], n) for f, n in picks if f in accounts],
        "with_plan": planned,
    }


def measure(*, sample_factor: float = 1.0, warmup: int = 1, families: int = 40) -> tuple:
    """Time the three pages; returns (result rows, the personas as ids)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import BenchFailure, Client, _percentile, sql_fields

    who = personas(families=families)
    client = Client()
    sessions = {}

    def session(account):
        if account.pk not in sessions:
            sessions[account.pk] = _parent_session(account)
        return sessions[account.pk]

    by_messages = who["by_messages"]
    pages = [
        ("portal front page (parent)", "/familie/", [a for a, _ in by_messages], 200),
        ("portal plan page (parent)", "/familie/plan/", who["with_plan"], 200),
        ("portal message list (parent)", "/familie/beskeder/", [a for a, _ in by_messages], 200),
    ]
    sizes = {a.pk: n for a, n in by_messages}
    rows = []
    for name, path, accounts, samples in pages:
        if not accounts:
            raise BenchFailure(f"{name}: no parent to sign in as")
        samples = max(5, int(samples * sample_factor))
        queries: dict[int, int] = {}
        for _ in range(warmup):
            for account in accounts:
                with CaptureQueriesContext(connection) as captured:
                    status, _h, body, _e = client.get(path, "", session(account))
                if not status.startswith("200"):
                    raise BenchFailure(f"{name}: GET {path} answered {status}: {body[:500]!r}")
                queries[account.pk] = len(captured.captured_queries)
        timings, sql = [], []
        for i in range(samples):
            account = accounts[i % len(accounts)]
            status, _h, body, elapsed = client.get(path, "", session(account))
            if not status.startswith("200"):
                raise BenchFailure(f"{name}: GET {path} answered {status}")
            timings.append(elapsed * 1000)
            sql.append(client.last_sql_ms)
        p50, p95 = statistics.median(timings), _percentile(timings, 95)
        counts = sorted(set(queries.values()))
        row = {
            "name": name,
            "path": path,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(max(timings), 1),
            "queries": counts[-1],
            "samples": samples,
            "families": len(accounts),
            "bytes": len(body),
            "target_ms": TARGET_MS,
            "ok": p95 <= TARGET_MS and len(counts) == 1,
            "constant_queries": len(counts) == 1,
            **sql_fields(p50, sql),
        }
        if len(counts) > 1:
            row["queries_range"] = [counts[0], counts[-1]]
        if sizes and accounts[0].pk in sizes:
            smallest, largest = accounts[0], accounts[-1]
            row["queries_smallest_conversation"] = {
                "messages": sizes[smallest.pk],
                "queries": queries[smallest.pk],
            }
            row["queries_largest_conversation"] = {
                "messages": sizes[largest.pk],
                "queries": queries[largest.pk],
            }
        log(
            f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {row['queries']} queries "
            f"({'constant' if row['constant_queries'] else f'range {counts}'})"
        )
        rows.append(row)
    ids = {
        "parents_by_messages": [[a.person.family_id, n] for a, n in by_messages],
        "parents_with_plan": [a.person.family_id for a in who["with_plan"]],
    }
    return rows, ids


# --------------------------------------------------------------------------- entry point


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.portal", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=sorted(VOLUMES), default="national")
    parser.add_argument(
        "--skip-foundation",
        action="store_true",
        help="reuse the foundation data if the database holds it at the same scale",
    )
    parser.add_argument(
        "--samples", type=float, default=1.0, help="multiply the number of timed requests"
    )
    parser.add_argument("--out", type=Path, help="results file (default depends on --scale)")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    url = os.environ.get("BENCH_POSTGRES_URL")
    if not url:
        raise SystemExit("BENCH_POSTGRES_URL is not set (scripts/pg-cluster.sh starts one)")
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_URL", "dummy:")
    os.environ["DJANGO_SETTINGS_MODULE"] = "indgang.settings"
    sys.path.insert(0, str(ROOT / "src"))
    load_before = load_average()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import generate, working_method
    from bench.interventions import _foundation_marker
    from bench.report import table
    from bench.scales import SCALES

    scale = SCALES[args.scale]
    marker = _foundation_marker(scale) if args.skip_foundation else None
    if marker:
        log(f"reusing foundation data generated on {marker['generated_on']}")
        call_command("migrate", interactive=False, verbosity=0)
        foundation = {"reused": marker["generated_on"]}
    else:
        started = time.perf_counter()
        generate.reset_database()
        call_command("migrate", interactive=False, verbosity=0)
        marker = generate.generate(scale)
        foundation = {**marker["generation"], "wall_seconds": time.perf_counter() - started}
        log(f"foundation generated in {foundation['wall_seconds']:.0f} s")
    if working_method.has_data():
        wm = {"reused": True}
    else:
        wm = working_method.generate(timezone.localdate())
    generation = generate_portal(**VOLUMES[args.scale])
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load_generated = load_average()
    results, ids = measure(sample_factor=args.samples)
    rows = [{**r, "backend": "postgresql"} for r in results]
    result = {
        "backend": "postgresql",
        "scale": {**marker["scale"], "counts": {**marker["counts"], **generation["counts"]}},
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "databases": {"postgresql": version},
            # The machine is shared: its load average (1, 5, 15 min) around the run.
            "load_average": {
                "before": load_before,
                "before_timing": load_generated,
                "after": load_average(),
            },
        },
        "generation": {
            "postgresql": {**generation, "foundation": foundation, "working_method": wm}
        },
        "personas": {"postgresql": ids},
        "results": rows,
    }
    out = args.out or (
        RESULTS_DIR / "portal.json"
        if args.scale == "national"
        else DATA_DIR / f"portal-{args.scale}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    print()
    print(table(rows))
    print(f"Results written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    missed = [r for r in rows if not r["ok"]]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + ", ".join(r["name"] for r in missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
