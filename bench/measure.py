"""Time the main pages through the real WSGI stack (every middleware, a real session).

Each request is a WSGI environ handed to django.core.handlers.wsgi.WSGIHandler, exactly as
gunicorn would hand it over, with the session cookie of a logged-in user. The response body
is read and closed (which ends the request, as a server would) before the clock stops.
"""

import gc
import io
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indgang.organisation.models import User


@dataclass
class Page:
    name: str
    path: str
    query: str = ""
    user: str | None = None  # persona key; None for an anonymous request
    target_ms: float | None = None
    samples: int = 100
    # Several paths (e.g. several families) are visited in turn.
    rotate: list[str] = field(default_factory=list)
    content_type: str = "text/html"


class BenchFailure(RuntimeError):
    pass


def _session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "indgang.signin.backends.StaffModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The sign-in's start: without it the 12-hour session limit (signin/) sends every request
    # back to the log-in page.
    from indgang.signin.policy import SIGNED_IN_AT

    session[SIGNED_IN_AT] = time.time()
    session.create()
    return session.session_key


class SqlClock:
    """The time a connection's queries spend in the database, summed by its execute wrapper.

    A page's own overhead (Python, templates) is its time minus this, so a page can be judged
    against its database time within one run even on a noisy machine (docs/benchmarks.md).
    """

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000

    def time(self, call):
        """Run call() with the clock on; return (its result, its database milliseconds)."""
        self.ms = 0.0
        with connection.execute_wrapper(self):
            result = call()
        return result, self.ms


def sql_fields(p50_ms: float, sql_ms: list[float]) -> dict:
    """sql_ms (the median database time of the timed samples) and whether the page keeps to
    the goal p50 <= 3 x sql_ms + 10 ms."""
    sql = statistics.median(sql_ms)
    return {"sql_ms": round(sql, 1), "near_sql": p50_ms <= 3 * sql + 10}


class Client:
    def __init__(self):
        self.handler = WSGIHandler()
        # As the production entry point does at start-up (indgang/wsgi.py): what is loaded so
        # far lives as long as the process and is left out of the collector's scans.
        gc.freeze()
        self.clock = SqlClock()
        self.last_sql_ms = 0.0  # the database time of the last request

    def get(self, path: str, query: str = "", session_key: str | None = None):
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "HTTP_ACCEPT": "text/html,application/xhtml+xml",
            "HTTP_ACCEPT_LANGUAGE": "da",
            "HTTP_USER_AGENT": "indgang-bench",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if session_key:
            environ["HTTP_COOKIE"] = f"sessionid={session_key}"
        status: list[str] = []
        headers: list = []

        def start_response(s, h, exc_info=None):
            status.append(s)
            headers.extend(h)

        def request():
            result = self.handler(environ, start_response)
            try:
                return b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()

        started = time.perf_counter()
        body, self.last_sql_ms = self.clock.time(request)
        elapsed = time.perf_counter() - started
        return status[0], dict(headers), body, elapsed


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def pages_for(personas: dict, *, sample_factor: float = 1.0) -> list[Page]:
    today = timezone.localdate()
    month_ago = (today - timedelta(days=30)).isoformat()
    year_ago = (today - timedelta(days=365)).isoformat()
    fams = personas["coordinator_families"]
    n = lambda count: max(5, int(count * sample_factor))  # noqa: E731
    return [
        Page("healthz", "/healthz", samples=n(200)),
        Page("home (coordinator)", "/", user="coordinator", samples=n(100)),
        Page(
            "family overview",
            f"/familier/{fams[0]}/",
            user="coordinator",
            target_ms=50,
            samples=n(200),
            rotate=[f"/familier/{f}/" for f in fams],
        ),
        Page(
            "family list: mine (coordinator)",
            "/familier/",
            query="mine=1",
            user="coordinator",
            target_ms=50,
            samples=n(200),
        ),
        Page(
            "family list: all (coordinator)",
            "/familier/",
            user="coordinator",
            target_ms=50,
            samples=n(200),
        ),
        Page(
            "family search by name (coordinator)",
            "/familier/",
            query="q=Hansen",
            user="coordinator",
            samples=n(100),
        ),
        Page(
            "family access log (leader)",
            f"/familier/{personas['access_log_family']}/adgang/",
            user="leader",
            samples=n(100),
        ),
        Page("caseload (leader)", "/sagstal/", user="leader", samples=n(100)),
        Page(
            "participant list, 600-child municipality",
            "/deltagerliste/",
            query=f"municipality={personas['big_municipality']}",
            user="project_leader",
            target_ms=300,
            samples=n(50),
        ),
        Page(
            "participant list XLSX export",
            "/deltagerliste/",
            query=f"municipality={personas['big_municipality']}&format=xlsx",
            user="project_leader",
            samples=n(20),
            content_type="application/vnd.openxmlformats",
        ),
        Page(
            "audit search: by user",
            "/log/",
            query=f"user={personas['coordinator']}",
            user="dpo",
            target_ms=300,
            samples=n(100),
        ),
        Page(
            "audit search: by person",
            "/log/",
            query=f"person={personas['audit_person']}",
            user="dpo",
            target_ms=300,
            samples=n(100),
        ),
        Page(
            "audit search: action + period (view, 30 days)",
            "/log/",
            query=f"action=view&date_from={month_ago}&date_to={today.isoformat()}",
            user="dpo",
            target_ms=300,
            samples=n(100),
        ),
        Page(
            "audit search: action + period (export, 1 year)",
            "/log/",
            query=f"action=export&date_from={year_ago}&date_to={today.isoformat()}",
            user="dpo",
            target_ms=300,
            samples=n(100),
        ),
        Page(
            "audit search: user + action + period",
            "/log/",
            query=(
                f"user={personas['coordinator']}&action=change"
                f"&date_from={year_ago}&date_to={today.isoformat()}"
            ),
            user="dpo",
            target_ms=300,
            samples=n(100),
        ),
    ]


def _check(page: Page, status: str, headers: dict, body: bytes, path: str, query: str) -> None:
    if not status.startswith("200"):
        snippet = body[:1500].decode("utf-8", "replace")
        raise BenchFailure(
            f"{page.name}: GET {path}?{query} answered {status}, not 200:\n{snippet}"
        )
    if not headers.get("Content-Type", "").startswith(page.content_type) and not (
        page.path == "/healthz"
    ):
        raise BenchFailure(
            f"{page.name}: GET {path}?{query} answered {headers.get('Content-Type')}"
        )


SLOW_QUERY_MS = 200


def _report_slowest(name: str, captured: list[dict]) -> None:
    """Name the slowest query of a page when it alone is slow, so the table's sql_ms can be
    traced to its query (the last warm-up request's queries)."""
    slowest = max(captured, key=lambda q: float(q["time"]), default=None)
    if slowest and float(slowest["time"]) * 1000 >= SLOW_QUERY_MS:
        print(
            f"  [slow query] {name}: {float(slowest['time']) * 1000:.0f} ms: "
            f"{slowest['sql'][:600]}",
            file=sys.stderr,
            flush=True,
        )


FAMILY_PATH = re.compile(r"^/familier/(\d+)/")


def _give_reasons(pages: list[Page], personas: dict) -> None:
    """Under need to know (the default policy), a leader opening a family that is not their
    case first states the reason (a value jump, families/value_jumps.py), as a real leader
    does; without it the page answers with the reason form instead."""
    from indgang.families.models import Family
    from indgang.families.value_jumps import may_value_jump, value_jump_record

    done = set()
    for page in pages:
        if page.user in (None, "coordinator"):
            continue
        user = User.objects.get(pk=personas[page.user])
        for path in page.rotate or [page.path]:
            found = FAMILY_PATH.match(path)
            key = (user.pk, int(found.group(1))) if found else None
            if key and key not in done and may_value_jump(user, key[1]):
                family = Family.objects.get(pk=key[1])
                value_jump_record(by=user, family=family, reason="supervision")
                done.add(key)


def measure(personas: dict, *, sample_factor: float = 1.0, warmup: int = 3) -> list[dict]:
    client = Client()
    sessions = {}
    for key in ("coordinator", "leader", "project_leader", "dpo"):
        sessions[key] = _session_for(User.objects.get(pk=personas[key]))
    results = []
    pages = pages_for(personas, sample_factor=sample_factor)
    _give_reasons(pages, personas)
    for page in pages:
        session = sessions.get(page.user) if page.user else None
        paths = page.rotate or [page.path]
        queries = []
        # Warm-up requests fill caches (templates, URL resolver); their queries are counted.
        for i in range(max(warmup, len(paths))):
            path = paths[i % len(paths)]
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                status, headers, body, _elapsed = client.get(path, page.query, session)
            _check(page, status, headers, body, path, page.query)
            queries.append(len(captured.captured_queries))
        _report_slowest(page.name, captured.captured_queries)
        timings, sql = [], []
        for i in range(page.samples):
            path = paths[i % len(paths)]
            status, headers, body, elapsed = client.get(path, page.query, session)
            _check(page, status, headers, body, path, page.query)
            timings.append(elapsed * 1000)
            sql.append(client.last_sql_ms)
        p50 = statistics.median(timings)
        p95 = _percentile(timings, 95)
        row = {
            "name": page.name,
            "path": page.path + (f"?{page.query}" if page.query else ""),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(max(timings), 1),
            "queries": max(queries),
            "samples": page.samples,
            "bytes": len(body),
            "target_ms": page.target_ms,
            "ok": None if page.target_ms is None else p95 <= page.target_ms,
            **sql_fields(p50, sql),
        }
        if min(queries) != max(queries):
            row["queries_range"] = [min(queries), max(queries)]
        print(
            f"  [measure] {page.name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
            f"{row['queries']} queries, sql {row['sql_ms']:.1f} ms",
            file=sys.stderr,
            flush=True,
        )
        results.append(row)
    return results
