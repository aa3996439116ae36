"""`make bench`: generate data on each backend, time the main pages, write the results.

    python -m bench.run [--scale national|small] [--backend all|postgresql|sqlite]
                        [--suite all|foundation|working-method]
                        [--skip-generate] [--samples FACTOR] [--out PATH]

PostgreSQL comes from BENCH_POSTGRES_URL (the Makefile starts a throwaway cluster); SQLite
is a file in bench/data/. Each backend runs in its own process (`--worker`), so Django's
settings are read fresh with DATABASE_URL pointing at that backend.

Two suites run on the same data, in the same process: the foundation pages (bench/measure.py)
and the working method (bench/working_method.py: the coordinator's week, cadence compliance,
the nightly due computation). The national scale writes bench/results/foundation.json and
bench/results/working_method.json (committed, so figures can be compared between versions);
other scales write bench/data/<suite>-<scale>.json.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.report import table

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
RESULTS_DIR = ROOT / "bench" / "results"
SQLITE_PATH = DATA_DIR / "bench.sqlite3"
BACKENDS = ("postgresql", "sqlite")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="reuse the data already in the database if it was generated at the same scale",
    )
    parser.add_argument(
        "--samples", type=float, default=1.0, help="multiply the number of timed requests"
    )
    parser.add_argument(
        "--suite",
        choices=["all", "foundation", "working-method"],
        default="all",
        help="which measurements to run (the data is generated for both)",
    )
    parser.add_argument(
        "--out", type=Path, help="foundation results file (default depends on --scale)"
    )
    parser.add_argument(
        "--out-working-method",
        type=Path,
        help="working-method results file (default depends on --scale)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    return parser


# --------------------------------------------------------------------------- one backend


def _database_url(backend: str) -> str:
    if backend == "postgresql":
        url = os.environ.get("BENCH_POSTGRES_URL")
        if not url:
            raise SystemExit("BENCH_POSTGRES_URL is not set (make bench starts a cluster)")
        return url
    return f"sqlite:///{SQLITE_PATH}"


def worker(args) -> None:
    """Runs in its own process: set up Django for one backend, generate, measure."""
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
    reuse = False
    if args.skip_generate:
        reuse = _existing_marker_matches(backend, scale)
        if not reuse:
            print(f"[{backend}] no data at scale {scale.name}: generating", file=sys.stderr)
    if not reuse and backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import generate, measure, working_method

    if reuse:
        marker = generate.read_marker()
        print(f"[{backend}] reusing data generated on {marker['generated_on']}", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)  # migrations added since
    else:
        started = time.perf_counter()
        generate.reset_database()
        call_command("migrate", interactive=False, verbosity=0)
        migrate_seconds = time.perf_counter() - started
        print(f"[{backend}] migrated in {migrate_seconds:.1f} s; generating", file=sys.stderr)
        marker = generate.generate(scale)
        marker["generation"]["migrate_seconds"] = round(migrate_seconds, 1)
        print(
            f"[{backend}] generated in {marker['generation']['total_seconds']:.0f} s",
            file=sys.stderr,
        )
    # The working method's data goes in before any measurement, so the family overview (which
    # shows the due status) is timed on the same data as the working-method pages.
    if working_method.has_data():
        wm_generation = {"reused": marker["generated_on"]}
    else:
        from django.utils import timezone

        wm_generation = working_method.generate(timezone.localdate())
        print(
            f"[{backend}] working-method data in {wm_generation['total_seconds']:.0f} s",
            file=sys.stderr,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()"
            if connection.vendor == "postgresql"
            else "SELECT 'SQLite ' || sqlite_version()"
        )
        version = cursor.fetchone()[0].split(" on ")[0]
    suites = {}
    if args.suite in ("all", "foundation"):
        suites["foundation"] = measure.measure(marker["personas"], sample_factor=args.samples)
    if args.suite in ("all", "working-method"):
        suites["working_method"] = working_method.measure(
            marker["personas"], sample_factor=args.samples
        )
    out = {
        "backend": backend,
        "database_version": version,
        "scale": {**marker["scale"], "counts": marker["counts"]},
        "generation": marker["generation"] if not reuse else {"reused": marker["generated_on"]},
        "working_method_generation": wm_generation,
        "personas": marker["personas"],
        "suites": suites,
    }
    args.worker_out.write_text(json.dumps(out, indent=2, ensure_ascii=False))


def _existing_marker_matches(backend: str, scale) -> bool:
    if backend == "sqlite" and not SQLITE_PATH.exists():
        return False
    import django

    django.setup()
    from django.db import connection

    from bench.generate import read_marker

    try:
        marker = read_marker()
    except Exception:  # an empty or foreign database
        marker = None
    connection.close()
    return bool(marker) and marker.get("scale") == scale.as_dict()


# --------------------------------------------------------------------------- all backends


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    backends = list(BACKENDS) if args.backend == "all" else [args.backend]
    if "postgresql" in backends and not os.environ.get("BENCH_POSTGRES_URL"):
        if args.backend == "postgresql":
            raise SystemExit("BENCH_POSTGRES_URL is not set (make bench starts a cluster)")
        print("BENCH_POSTGRES_URL is not set: skipping PostgreSQL", file=sys.stderr)
        backends.remove("postgresql")
    DATA_DIR.mkdir(parents=True, exist_ok=True)

    def default_out(suite: str) -> Path:
        stem = suite.replace("-", "_") if args.scale == "national" else None
        if stem:
            return RESULTS_DIR / f"{stem}.json"
        return DATA_DIR / f"{suite.replace('-', '_')}-{args.scale}.json"

    out_paths = {
        "foundation": args.out or default_out("foundation"),
        "working_method": args.out_working_method or default_out("working-method"),
    }

    per_backend = []
    for backend in backends:
        print(f"[{backend}] scale {args.scale}", file=sys.stderr, flush=True)
        part = DATA_DIR / f"partial-{backend}.json"
        part.unlink(missing_ok=True)
        cmd = [
            sys.executable, "-m", "bench.run", "--worker",
            "--backend", backend, "--scale", args.scale, "--suite", args.suite,
            "--samples", str(args.samples), "--worker-out", str(part),
        ]  # fmt: skip
        if args.skip_generate:
            cmd.append("--skip-generate")
        started = time.perf_counter()
        rc = subprocess.call(cmd, cwd=ROOT)
        if rc != 0:
            print(f"[{backend}] FAILED (exit {rc})", file=sys.stderr)
            return rc
        print(f"[{backend}] done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        per_backend.append(json.loads(part.read_text()))

    scale = per_backend[0]["scale"] if per_backend else {}
    environment = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "databases": {b["backend"]: b["database_version"] for b in per_backend},
    }
    missed = []
    for suite, out_path in out_paths.items():
        ran = [b for b in per_backend if suite in b["suites"]]
        if not ran:
            continue
        rows = [{**r, "backend": b["backend"]} for b in ran for r in b["suites"][suite]]
        generation = {
            b["backend"]: b["generation"]
            if suite == "foundation"
            else {**b["working_method_generation"], "foundation": b["generation"]}
            for b in ran
        }
        result = {
            "backend": "mixed" if len(ran) > 1 else ran[0]["backend"],
            "scale": scale,
            "environment": environment,
            "generation": generation,
            "personas": {b["backend"]: b["personas"] for b in ran},
            "results": rows,
        }
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print()
        print(table(rows))
        shown = out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path
        print(f"Results written to {shown}")
        missed += [r for r in rows if r["ok"] is False]
    print()
    if missed:
        print(
            f"{len(missed)} target(s) missed: "
            + ", ".join(f"{r['name']} ({r['backend']})" for r in missed)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
