"""Benchmark of interventions (issue 5): grants, decisions, joint financing and complaints at
national scale, the family's interventions page and the leader reports.

    python -m bench.interventions [--scale national|small] [--backend all|postgresql|sqlite]
                                  [--skip-foundation] [--samples FACTOR] [--out PATH]

PostgreSQL comes from BENCH_POSTGRES_URL (`scripts/pg-cluster.sh with BENCH_POSTGRES_URL -- …`);
SQLite is its own file, bench/data/interventions.sqlite3 (not bench.run's database). Each
backend runs in its own process (`--worker`), as in bench.run.

The foundation data (bench/generate.py: municipalities, centres, staff, families, cases, the
audit log) is generated first, from an empty database. `--skip-foundation` reuses it when the
database already holds foundation data at the same scale. The interventions data is always
regenerated (its tables are emptied first), from its own fixed seed:

- the catalogue from the interventions data migration (`ensure_catalogue`), and for every
  municipality its departments, one setting per intervention type (who grants, who pays, unit,
  unit cost, published deadline in weeks; the weeks vary a little between municipalities) and
  its complaint rates;
- applications received over the last two years, spread over the families' newest cases with a
  long tail (a few families have close to a hundred); decided after a processing time around
  the deadline (about eight in ten within it), or still under processing when that falls after
  today; granted (83 %), partly granted (8 %) or refused (9 %), until there are 500,000 grants
  (granted or partly) at national scale; each under the legal basis valid on the decision date;
- each grant's cost split: version 1 at 100 % to the paying department, and for one grant in
  twelve a later version 2 split between two departments;
- 60,000 complaints (national): three in four about a decision (refusals and partial grants
  more often), the rest about case handling; reconsidered (upheld, changed, sent on to
  Ankestyrelsen, answered) unless received recently, with hours per role.

Rows go in with COPY on PostgreSQL and executemany in one transaction per table on SQLite, then
sequences are reset and the tables analysed. Results: bench/results/interventions.json at
national scale (the shape of foundation.json), bench/data/interventions-<scale>.json otherwise.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.report import table

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
RESULTS_DIR = ROOT / "bench" / "results"
SQLITE_PATH = DATA_DIR / "interventions.sqlite3"
BACKENDS = ("postgresql", "sqlite")
SEED = 20260505

# Grants and complaints per scale (the foundation's Scale has no field for them).
VOLUMES = {
    "national": {"grants": 500_000, "complaints": 60_000},
    "small": {"grants": 8_000, "complaints": 1_000},
}
DAYS = 730  # applications over the last two years


def log(message: str) -> None:
    print(f"  [interventions] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- generation


def _settings_for_all_municipalities(rng: random.Random) -> dict:
    """Departments, a setting per type and the complaint rates for every municipality."""
    from django.db import transaction

    from indgang.interventions.demo import SETTINGS, configure_municipality, ensure_catalogue
    from indgang.interventions.models import InterventionSetting, InterventionType, Unit
    from indgang.organisation.models import Municipality

    ensure_catalogue()
    types = list(InterventionType.objects.order_by("pk"))
    codes = {t.pk: t.code for t in types}
    defaults = {t.pk: t.default_processing_weeks for t in types}
    settings: dict[tuple[int, int], dict] = {}
    with transaction.atomic():
        for municipality in Municipality.objects.order_by("pk"):
            departments = configure_municipality(municipality)
            existing = {
                s.intervention_type_id: s
                for s in InterventionSetting.objects.filter(municipality=municipality)
            }
            extra = []
            for t in types:
                if t.pk in existing:
                    continue
                extra.append(
                    InterventionSetting(
                        municipality=municipality,
                        intervention_type=t,
                        granting_department=departments["children"],
                        paying_department=departments[
                            "daycare" if t.category == "daycare" else "children"
                        ],
                        unit=Unit.MONTH,
                        processing_weeks=t.default_processing_weeks,
                    )
                )
            InterventionSetting.objects.bulk_create(extra)
            # Municipalities publish different deadlines: vary the weeks a little (from the
            # demo's or the catalogue's weeks, so a second run sets the same figures).
            for s in InterventionSetting.objects.filter(municipality=municipality).order_by("pk"):
                code = codes[s.intervention_type_id]
                base = SETTINGS[code][4] if code in SETTINGS else defaults[s.intervention_type_id]
                weeks = max(2, base + rng.choice([-2, 0, 0, 2, 4])) if rng.random() < 0.3 else base
                if weeks != s.processing_weeks:
                    s.processing_weeks = weeks
                    s.save(update_fields=["processing_weeks"])
                settings[(municipality.pk, s.intervention_type_id)] = {
                    "weeks": s.processing_weeks,
                    "unit": s.unit,
                    "unit_cost": s.unit_cost,
                    "paying": s.paying_department_id,
                    "granting": s.granting_department_id,
                }
    return {"types": types, "settings": settings}


def _bases_by_type(types) -> dict[int, list]:
    from indgang.interventions.models import LegalBasis

    all_bases = list(LegalBasis.objects.order_by("pk"))
    out = {}
    for t in types:
        own = list(t.legal_bases.all()) or all_bases
        out[t.pk] = [(b.pk, b.valid_from, b.valid_to) for b in own]
    out[None] = [(b.pk, b.valid_from, b.valid_to) for b in all_bases]
    return out


def _basis_on(bases: list, fallback: list, day: date) -> int:
    for pk, start, end in bases:
        if (start is None or start <= day) and (end is None or day <= end):
            return pk
    for pk, start, end in fallback:
        if (start is None or start <= day) and (end is None or day <= end):
            return pk
    return bases[0][0]


# Table columns, in the order the row tuples are built.
APPLICATION_COLUMNS = (
    "id", "case_id", "family_id", "municipality_id", "intervention_type_id", "person_id",
    "received_on", "deadline", "started_by", "description", "status", "referred_on",
    "renews_id", "created_by_id", "created_at",
)  # fmt: skip
DECISION_COLUMNS = (
    "id", "application_id", "family_id", "municipality_id", "intervention_type_id", "outcome",
    "justification", "legal_basis_id", "decided_on", "period_from", "period_to",
    "units_per_month", "amount_per_month", "unit", "complaint_guidance", "processing_days",
    "within_deadline", "decided_by_id", "made_by", "created_at",
)  # fmt: skip
SPLIT_COLUMNS = ("id", "decision_id", "version", "valid_from", "note", "set_by_id", "set_at")
SHARE_COLUMNS = ("id", "split_id", "department_id", "percent")
COMPLAINT_COLUMNS = (
    "id", "case_id", "family_id", "municipality_id", "kind", "decision_id", "received_on",
    "reconsideration_deadline", "description", "outcome", "reconsidered_on", "appeal_outcome",
    "appeal_decided_on", "hours_counsellor", "hours_lawyer", "hours_leader", "created_by_id",
    "created_at",
)  # fmt: skip

GUIDANCE = (
    "I kan klage over afgørelsen inden 4 uger. Send klagen til kommunen, som genvurderer "
    "afgørelsen. Fastholder kommunen afgørelsen, sendes klagen videre til Ankestyrelsen."
)
JUSTIFICATIONS = {
    "granted": "Betingelserne for hjælpen er opfyldt efter de oplysninger, vi har fået.",
    "partly": "Hjælpen bevilges delvist, fordi en del af behovet dækkes af andre ydelser.",
    "refused": "Betingelserne for hjælpen er ikke opfyldt efter de oplysninger, vi har fået.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _load(table: str, columns: tuple, rows: list, timings: dict) -> None:
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        raw = connection.connection
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        raw.execute("BEGIN")
        raw.executemany(sql, [tuple(_sqlite(v) for v in row) for row in rows])
        raw.execute("COMMIT")
    seconds = time.perf_counter() - started
    timings[table] = {
        "rows": len(rows),
        "seconds": round(seconds, 2),
        "rows_per_s": round(len(rows) / seconds) if rows and seconds else None,
    }
    log(f"{table}: {len(rows):,} rows in {seconds:.1f} s")


def _sqlite(value):
    """SQLite stores what Django would: ISO dates, decimals as text-free numbers."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _pg_detach(tables: list[str]) -> tuple[list, list]:
    """Drop the tables' foreign keys and secondary indexes for the load (PostgreSQL checks a
    deferred foreign key row by row; adding it back afterwards checks the table in one join)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _sql in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _table, name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return foreign_keys, indexes


def _pg_attach(foreign_keys: list, indexes: list) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _table, _name, sql in indexes:
            cursor.execute(sql)
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _empty_tables() -> None:
    from django.db import connection

    from indgang.interventions.models import (
        Application,
        Complaint,
        CoreTeamPosition,
        CoreTeamProposal,
        CostShare,
        CostSplit,
        Decision,
        ReviewProposal,
    )

    models = [
        CoreTeamPosition, CoreTeamProposal, Complaint, ReviewProposal, CostShare, CostSplit,
        Decision, Application,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(m._meta.db_table for m in models)
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        else:
            # Decision <-> Application refer to each other (renews): turn off FK checks.
            cursor.execute("PRAGMA foreign_keys = OFF")
            for m in models:
                cursor.execute(f"DELETE FROM {m._meta.db_table}")
            cursor.execute("PRAGMA foreign_keys = ON")


def generate_interventions(scale_name: str, today: date) -> dict:
    """Bulk-insert the interventions data; returns rows and seconds per table."""
    from django.core.management.color import no_style
    from django.db import connection

    from indgang.families.models import Case, CoordinatorAssignment, Person
    from indgang.interventions.models import (
        Application,
        Complaint,
        CostShare,
        CostSplit,
        Decision,
    )
    from indgang.organisation.models import Department, Role, User

    volumes = VOLUMES[scale_name]
    rng = random.Random(SEED)
    rand, randint, choice = rng.random, rng.randint, rng.choice
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -400000")
    _empty_tables()
    t = time.perf_counter()
    catalogue = _settings_for_all_municipalities(rng)
    settings_seconds = time.perf_counter() - t
    log(f"catalogue and settings for all municipalities in {settings_seconds:.1f} s")
    types = catalogue["types"]
    settings = catalogue["settings"]
    bases = _bases_by_type(types)
    time_limited = {t.pk: t.time_limited for t in types}
    # Some kinds of help are applied for far more often than others.
    type_ids = [t.pk for t in types]
    common = {"extra_costs": 6, "aids": 5, "respite": 4, "lost_earnings": 3, "therapy": 3}
    type_weights = [common.get(t.code, 1) for t in types]

    # Each family's newest case, its window in the last two years, and who acts on it.
    first_day = today - timedelta(days=DAYS)
    coordinator_of = dict(
        CoordinatorAssignment.objects.filter(ended_on__isnull=True).values_list(
            "case_id", "coordinator_id"
        )
    )
    leader_of = dict(
        User.objects.filter(role=Role.LEADER).order_by("-pk").values_list("centre_id", "pk")
    )
    newest: dict[int, tuple] = {}
    for row in Case.objects.order_by("pk").values_list(
        "pk", "family_id", "family__municipality_id", "centre_id", "referred_on", "discharged_on"
    ):
        newest[row[1]] = row
    children: dict[int, list[int]] = defaultdict(list)
    for family_id, pk in Person.objects.filter(relation=Person.Relation.CHILD).values_list(
        "family_id", "pk"
    ):
        children[family_id].append(pk)
    departments: dict[int, list[int]] = defaultdict(list)
    for pk, municipality_id in Department.objects.values_list("pk", "municipality_id"):
        departments[municipality_id].append(pk)

    families = []
    weights = []
    for case_id, family_id, municipality_id, centre_id, referred_on, discharged_on in sorted(
        newest.values(), key=lambda r: r[1]
    ):
        start = max(referred_on, first_day)
        end = min(discharged_on or today, today)
        span = (end - start).days
        if span < 7:
            continue
        by = coordinator_of.get(case_id) or leader_of[centre_id]
        families.append((case_id, family_id, municipality_id, start, span, by))
        # A long tail: most families have a handful of grants, a few near a hundred.
        weights.append(span * min(rng.lognormvariate(0, 0.8), 5.0))

    applications, decisions, splits, shares, complaints = [], [], [], [], []
    decided = []  # (decision id, family index, decided_on, outcome) for the complaints
    grants = 0
    grants_per_family: dict[int, int] = defaultdict(int)
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    while grants < volumes["grants"]:
        for fi in rng.choices(range(len(families)), cum_weights=cum, k=50_000):
            if grants >= volumes["grants"]:
                break
            case_id, family_id, municipality_id, start, span, by = families[fi]
            type_id = rng.choices(type_ids, weights=type_weights)[0]
            setting = settings[(municipality_id, type_id)]
            received = start + timedelta(days=randint(0, span))
            deadline = received + timedelta(weeks=setting["weeks"])
            kids = children.get(family_id)
            person = choice(kids) if kids and rand() < 0.75 else None
            application_id = len(applications) + 1
            # Processing time: about eight in ten within the published deadline.
            limit = setting["weeks"] * 7
            days = max(1, int(limit * rng.lognormvariate(-0.35, 0.45)))
            decided_on = received + timedelta(days=days)
            status = "decided" if decided_on <= today else "processing"
            started_by = "family" if rand() < 0.7 else "coordinator"
            applications.append(
                (application_id, case_id, family_id, municipality_id, type_id, person,
                 received, deadline, started_by, "", status, None, None, by, _at(received))
            )  # fmt: skip
            if status != "decided":
                continue
            r = rand()
            outcome = "granted" if r < 0.83 else ("partly" if r < 0.91 else "refused")
            decision_id = len(decisions) + 1
            period_from = period_to = units = amount = None
            unit = ""
            if outcome != "refused":
                period_from = decided_on + timedelta(days=randint(0, 30))
                if time_limited[type_id]:
                    period_to = period_from + timedelta(days=randint(180, 365))
                elif rand() < 0.5:
                    period_to = period_from + timedelta(days=randint(90, 730))
                if setting["unit_cost"]:
                    units = randint(1, 40) if setting["unit"] == "hour" else randint(1, 4)
                    unit = setting["unit"]
                else:
                    amount = randint(5, 200) * 100
            basis = _basis_on(bases[type_id], bases[None], decided_on)
            decisions.append(
                (decision_id, application_id, family_id, municipality_id, type_id, outcome,
                 JUSTIFICATIONS[outcome], basis, decided_on, period_from, period_to, units,
                 amount, unit, GUIDANCE, days, decided_on <= deadline, by, "caseworker",
                 _at(decided_on, 14))
            )  # fmt: skip
            decided.append((decision_id, fi, decided_on, outcome))
            if outcome == "refused":
                continue
            grants += 1
            grants_per_family[family_id] += 1
            split_id = len(splits) + 1
            splits.append((split_id, decision_id, 1, period_from, "", by, _at(decided_on, 14)))
            shares.append((len(shares) + 1, split_id, setting["paying"], 100))
            # One grant in twelve is later split between two departments.
            later = period_from + timedelta(days=randint(30, 180))
            others = [d for d in departments[municipality_id] if d != setting["paying"]]
            if rand() < 1 / 12 and later <= today and (period_to is None or later <= period_to):
                split_id = len(splits) + 1
                splits.append(
                    (split_id, decision_id, 2, later, "Aftalt på opfølgningsmødet", by,
                     _at(later, 11))
                )  # fmt: skip
                first = choice([50, 60, 70, 75, 80])
                shares.append((len(shares) + 1, split_id, setting["paying"], first))
                shares.append((len(shares) + 1, split_id, choice(others), 100 - first))

    # Complaints: three in four about a decision (refusals and partial grants more often).
    n_complaints = volumes["complaints"]
    n_decision = round(n_complaints * 0.75)
    complaint_weights = [
        6.0 if o == "refused" else (3.0 if o == "partly" else 1.0) for *_r, o in decided
    ]
    picked = rng.choices(decided, weights=complaint_weights, k=n_decision)
    handling = rng.choices(range(len(families)), cum_weights=cum, k=n_complaints - n_decision)

    def complaint(case_id, family_id, municipality_id, kind, decision_id, received, by):
        deadline = received + timedelta(weeks=4)
        outcome = "pending"
        reconsidered = appeal_on = None
        appeal = ""
        took = received + timedelta(days=int(28 * rng.lognormvariate(-0.3, 0.4)))
        if took <= today:
            reconsidered = took
            if kind == "case_handling":
                outcome = "answered"
            else:
                r = rand()
                outcome = "upheld" if r < 0.15 else ("changed" if r < 0.45 else "sent_on")
            if outcome == "sent_on":
                appeal_at = took + timedelta(days=randint(60, 200))
                if appeal_at <= today:
                    appeal_on = appeal_at
                    r = rand()
                    appeal = "upheld" if r < 0.7 else ("changed" if r < 0.85 else "sent_back")
        heavy = kind == "decision" and outcome in ("sent_on", "changed")
        hours = (
            randint(2, 20) / 2 if heavy else randint(1, 8) / 2,
            randint(0, 30) / 2 if heavy else 0,
            randint(0, 10) / 2,
        )
        complaints.append(
            (len(complaints) + 1, case_id, family_id, municipality_id, kind, decision_id,
             received, deadline, "", outcome, reconsidered, appeal, appeal_on, *hours, by,
             _at(received, 9))
        )  # fmt: skip

    for decision_id, fi, decided_on, _outcome in picked:
        case_id, family_id, municipality_id, _start, _span, by = families[fi]
        received = min(decided_on + timedelta(days=randint(1, 28)), today)
        complaint(case_id, family_id, municipality_id, "decision", decision_id, received, by)
    for fi in handling:
        case_id, family_id, municipality_id, start, span, by = families[fi]
        received = start + timedelta(days=randint(0, span))
        complaint(case_id, family_id, municipality_id, "case_handling", None, received, by)
    built = time.perf_counter() - started
    log(
        f"built {len(applications):,} applications, {len(decisions):,} decisions "
        f"({grants:,} grants), {len(complaints):,} complaints in {built:.0f} s"
    )

    tables: dict = {}
    loads = [Application, Decision, CostSplit, CostShare, Complaint]
    detached = _pg_detach([m._meta.db_table for m in loads]) if _pg() else None
    for model, columns, rows in (
        (Application, APPLICATION_COLUMNS, applications),
        (Decision, DECISION_COLUMNS, decisions),
        (CostSplit, SPLIT_COLUMNS, splits),
        (CostShare, SHARE_COLUMNS, shares),
        (Complaint, COMPLAINT_COLUMNS, complaints),
    ):
        _load(model._meta.db_table, columns, rows, tables)
    if detached:
        t = time.perf_counter()
        _pg_attach(*detached)
        tables["indexes and foreign keys (rebuild)"] = {
            "seconds": round(time.perf_counter() - t, 2)
        }
        log(f"indexes and foreign keys rebuilt in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        models = [Application, Decision, CostSplit, CostShare, Complaint]
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            for m in models:
                cursor.execute(f"VACUUM ANALYZE {m._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    analyze = time.perf_counter() - t
    total = time.perf_counter() - started
    log(f"generated in {total:.0f} s")
    per_family = sorted(grants_per_family.values())
    return {
        "total_seconds": round(total, 1),
        "settings_seconds": round(settings_seconds, 1),
        "build_seconds": round(built, 1),
        "analyze_seconds": round(analyze, 1),
        "counts": {
            "applications": len(applications),
            "open_applications": sum(1 for a in applications if a[10] == "processing"),
            "decisions": len(decisions),
            "grants": grants,
            "cost_splits": len(splits),
            "cost_shares": len(shares),
            "complaints": len(complaints),
            "decision_complaints": n_decision,
            "families_with_grants": len(per_family),
            "grants_per_family_median": per_family[len(per_family) // 2] if per_family else 0,
            "grants_per_family_max": per_family[-1] if per_family else 0,
        },
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


def _personas(year: int) -> dict:
    """The families with the most grants (and their coordinators), the biggest centre's leader."""
    from django.db.models import Count

    from indgang.families.models import CoordinatorAssignment
    from indgang.interventions.models import Decision
    from indgang.organisation.models import Role, User

    coordinator_of = dict(
        CoordinatorAssignment.objects.filter(
            ended_on__isnull=True, case__discharged_on__isnull=True
        )
        .values_list("case__family_id", "coordinator_id")
        .order_by("started_on")
    )
    heavy = []
    for row in (
        Decision.objects.exclude(outcome="refused")
        .values("family_id")
        .annotate(n=Count("id"))
        .order_by("-n", "family_id")[:200]
    ):
        if row["family_id"] in coordinator_of:
            heavy.append((row["family_id"], row["n"], coordinator_of[row["family_id"]]))
        if len(heavy) == 10:
            break
    centre = (
        Decision.objects.filter(decided_on__year=year)
        .values("application__case__centre_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    centre_id = centre["application__case__centre_id"]
    leader = User.objects.filter(role=Role.LEADER, centre_id=centre_id).order_by("pk").first()
    return {
        "families": [{"family": f, "grants": n, "coordinator": c} for f, n, c in heavy],
        "big_centre": centre_id,
        "big_centre_decisions": centre["n"],
        "leader": leader.pk,
    }


def _time_pages(client, pages, warmup, sessions) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import BenchFailure

    results = []
    for name, visits, query, target, samples, content_type in pages:
        queries = []
        for i in range(max(warmup, len(visits))):
            path, user = visits[i % len(visits)]
            with CaptureQueriesContext(connection) as captured:
                status, headers, body, _e = client.get(path, query, sessions[user])
            if not status.startswith("200") or not headers.get("Content-Type", "").startswith(
                content_type
            ):
                raise BenchFailure(
                    f"{name}: GET {path}?{query} answered {status} "
                    f"{headers.get('Content-Type')}:\n{body[:1500].decode('utf-8', 'replace')}"
                )
            queries.append(len(captured.captured_queries))
        timings, sql = [], []
        for i in range(samples):
            path, user = visits[i % len(visits)]
            _s, _h, body, elapsed = client.get(path, query, sessions[user])
            timings.append(elapsed * 1000)
            sql.append(client.last_sql_ms)
        extra = {"bytes": len(body)}
        if min(queries) != max(queries):
            extra["queries_range"] = [min(queries), max(queries)]
        shown = visits[0][0] + (f"?{query}" if query else "")
        results.append(_row(name, shown, timings, max(queries), target, extra, sql))
    return results


def _time_call(name, label, call, runs, target, extra=None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import SqlClock

    with CaptureQueriesContext(connection) as captured:
        result = call()
    clock = SqlClock()
    timings, sql = [], []
    for _ in range(runs):
        t = time.perf_counter()
        _r, ms = clock.time(call)
        timings.append((time.perf_counter() - t) * 1000)
        sql.append(ms)
    queries = len(captured.captured_queries)
    return _row(name, label, timings, queries, target, extra(result), sql)


def measure(*, year: int, sample_factor: float = 1.0, warmup: int = 3) -> tuple[list, dict]:
    from bench.measure import Client, _session_for
    from indgang.interventions import selectors
    from indgang.interventions.models import Complaint, Decision
    from indgang.organisation.models import User

    n = lambda count: max(3, int(count * sample_factor))  # noqa: E731
    personas = _personas(year)
    results = []

    # The country for a year: no user sees every municipality (a leader sees their centre),
    # so the selectors the pages use are timed on every decision and complaint.
    results.append(
        _time_call(
            f"processing times, all municipalities, {year} (selector)",
            "interventions.selectors.processing_times",
            lambda: selectors.processing_times(year=year, decisions=Decision.objects.all()),
            n(10),
            1000,
            lambda rows: {
                "rows": len(rows),
                "decisions": sum(r.decisions for r in rows),
                "municipalities": len({r.municipality for r in rows}),
            },
        )
    )
    years = list(range(year - 1, year + 2))
    results.append(
        _time_call(
            f"complaints per year, all municipalities, {years[0]}–{years[-1]} (selector)",
            "interventions.selectors.complaints_per_year",
            lambda: selectors.complaints_per_year(years=years, complaints=Complaint.objects.all()),
            n(10),
            None,
            lambda table: {
                "rows": len(table.rows),
                "complaints": sum(r.decisions + r.case_handling for r in table.rows),
            },
        )
    )

    client = Client()
    users = {f["coordinator"] for f in personas["families"]} | {personas["leader"]}
    sessions = {pk: _session_for(User.objects.get(pk=pk)) for pk in users}
    heavy = [
        (f"/familier/{f['family']}/indsatser/", f["coordinator"]) for f in personas["families"]
    ]
    overview = [(f"/familier/{f['family']}/", f["coordinator"]) for f in personas["families"]]
    leader = personas["leader"]
    y = f"year={year}"
    xlsx = "application/vnd.openxmlformats"
    report = "/indsatser/rapporter/"
    pages = [
        ("family interventions page (10 families with most grants)", heavy, "", 60, n(200),
         "text/html"),
        # Issue 9: the heaviest families' overview, p95 <= 80 ms.
        ("family overview with interventions panel (same families)", overview, "", 80, n(100),
         "text/html"),
        (f"processing-time report {year} (leader, biggest centre)",
         [(f"{report}sagsbehandling/", leader)], y, 1000, n(20), "text/html"),
        (f"processing-time report {year} XLSX (leader, biggest centre)",
         [(f"{report}sagsbehandling/", leader)], f"{y}&format=xlsx", None, n(10), xlsx),
        (f"complaints report {year} (leader, biggest centre)",
         [(f"{report}klager/", leader)], y, None, n(20), "text/html"),
        (f"grants and expenditure report {year} (leader, biggest centre)",
         [(f"{report}udgifter/", leader)], y, None, n(5), "text/html"),
        (f"who-pays report {year} (leader, biggest centre)",
         [(f"{report}betaling/", leader)], y, None, n(5), "text/html"),
    ]  # fmt: skip
    results += _time_pages(client, pages, warmup, sessions)
    return results, personas


# --------------------------------------------------------------------------- one backend


def _database_url(backend: str) -> str:
    if backend == "postgresql":
        url = os.environ.get("BENCH_POSTGRES_URL")
        if not url:
            raise SystemExit("BENCH_POSTGRES_URL is not set (scripts/pg-cluster.sh starts one)")
        return url
    return f"sqlite:///{SQLITE_PATH}"


def _foundation_marker(scale) -> dict | None:
    from bench.generate import read_marker

    try:
        marker = read_marker()
    except Exception:  # an empty or foreign database
        return None
    return marker if marker and marker.get("scale") == scale.as_dict() else None


def worker(args) -> None:
    backend = args.backend
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = _database_url(backend)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_URL", "dummy:")
    os.environ["DJANGO_SETTINGS_MODULE"] = "indgang.settings"
    sys.path.insert(0, str(ROOT / "src"))
    from bench.scales import SCALES

    scale = SCALES[args.scale]
    if not args.skip_foundation and backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench import generate

    marker = _foundation_marker(scale) if args.skip_foundation else None
    if marker:
        log(f"[{backend}] reusing foundation data generated on {marker['generated_on']}")
        call_command("migrate", interactive=False, verbosity=0)
        foundation = {"reused": marker["generated_on"]}
    else:
        if args.skip_foundation:
            log(f"[{backend}] no foundation data at scale {scale.name}: generating")
        started = time.perf_counter()
        generate.reset_database()
        call_command("migrate", interactive=False, verbosity=0)
        marker = generate.generate(scale)
        foundation = {**marker["generation"], "wall_seconds": time.perf_counter() - started}
        log(f"[{backend}] foundation generated in {foundation['wall_seconds']:.0f} s")
    today = timezone.localdate()
    generation = generate_interventions(args.scale, today)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()"
            if connection.vendor == "postgresql"
            else "SELECT 'SQLite ' || sqlite_version()"
        )
        version = cursor.fetchone()[0].split(" on ")[0]
    year = today.year - 1  # the last full year in the two years of data
    results, personas = measure(year=year, sample_factor=args.samples)
    out = {
        "backend": backend,
        "database_version": version,
        "scale": {**marker["scale"], "counts": {**marker["counts"], **generation["counts"]}},
        "generation": {**generation, "foundation": foundation},
        "personas": personas,
        "year": year,
        "results": results,
    }
    args.worker_out.write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str))


# --------------------------------------------------------------------------- all backends


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.interventions", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument(
        "--skip-foundation",
        action="store_true",
        help="reuse the foundation data if the database holds it at the same scale",
    )
    parser.add_argument(
        "--samples", type=float, default=1.0, help="multiply the number of timed requests"
    )
    parser.add_argument("--out", type=Path, help="results file (default depends on --scale)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    backends = list(BACKENDS) if args.backend == "all" else [args.backend]
    if "postgresql" in backends and not os.environ.get("BENCH_POSTGRES_URL"):
        if args.backend == "postgresql":
            raise SystemExit("BENCH_POSTGRES_URL is not set (scripts/pg-cluster.sh starts one)")
        print("BENCH_POSTGRES_URL is not set: skipping PostgreSQL", file=sys.stderr)
        backends.remove("postgresql")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    out_path = args.out or (
        RESULTS_DIR / "interventions.json"
        if args.scale == "national"
        else DATA_DIR / f"interventions-{args.scale}.json"
    )
    per_backend = []
    for backend in backends:
        print(f"[{backend}] scale {args.scale}", file=sys.stderr, flush=True)
        part = DATA_DIR / f"interventions-partial-{backend}.json"
        part.unlink(missing_ok=True)
        cmd = [
            sys.executable, "-m", "bench.interventions", "--worker", "--backend", backend,
            "--scale", args.scale, "--samples", str(args.samples), "--worker-out", str(part),
        ]  # fmt: skip
        if args.skip_foundation:
            cmd.append("--skip-foundation")
        started = time.perf_counter()
        rc = subprocess.call(cmd, cwd=ROOT)
        if rc != 0:
            print(f"[{backend}] FAILED (exit {rc})", file=sys.stderr)
            return rc
        print(f"[{backend}] done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        per_backend.append(json.loads(part.read_text()))

    rows = [{**r, "backend": b["backend"]} for b in per_backend for r in b["results"]]
    result = {
        "backend": "mixed" if len(per_backend) > 1 else per_backend[0]["backend"],
        "scale": per_backend[0]["scale"] if per_backend else {},
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "databases": {b["backend"]: b["database_version"] for b in per_backend},
        },
        "year": per_backend[0]["year"] if per_backend else None,
        "generation": {b["backend"]: b["generation"] for b in per_backend},
        "personas": {b["backend"]: b["personas"] for b in per_backend},
        "results": rows,
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    print()
    print(table(rows))
    shown = out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path
    print(f"Results written to {shown}")
    missed = [r for r in rows if r["ok"] is False]
    if missed:
        print(
            f"\n{len(missed)} target(s) missed: "
            + ", ".join(f"{r['name']} ({r['backend']})" for r in missed)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
