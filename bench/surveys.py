"""Benchmark of the survey analysis (issue 11): 100,000 response rows ≤ 1 s.

    python -m bench.surveys [--rows 100000] [--samples 5] [--out PATH]

A response row is one answer as `manage.py survey_analysis` reads it (respondent, round,
theme, question, score): here the parent survey's 18 questions in six themes, answered by
5,556 respondents over three rounds, about one answer in twenty "ved ikke". Measured: the
analysis (`indgang.surveys.analysis.analyse`: theme scores, mean, n, sd per theme and round,
Welch's t-test per theme) on rows in memory, and the command's path (CSV parsing included).
No database is involved. The result is merged into bench/results/evaluation.json as the row
named "survey analysis"; other rows in that file (the status report's) are kept.
"""

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from indgang.surveys import analysis  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "evaluation.json"
THEMES = {
    "Sammenhæng": 4,
    "Inddragelse": 4,
    "Fleksibilitet": 3,
    "Tillid": 2,
    "Indgang til kommunen": 2,
    "Betydning for hverdagen": 3,
}
ROUNDS = ["baseline", "midtvejs", "final"]
TARGET_MS = 1000


def generate(n_rows: int, seed: int = 20211) -> list[analysis.Row]:
    rng = random.Random(seed)  # nosec B311  # reproducible benchmark data
    questions = [(t, f"{t} {q + 1}") for t, n in THEMES.items() for q in range(n)]
    rows = []
    respondent = 0
    while len(rows) < n_rows:
        round_ = ROUNDS[respondent % 3]
        centre = 3.6 + 0.2 * ROUNDS.index(round_)
        for theme, question in questions:
            if len(rows) == n_rows:
                break
            score = None if rng.random() < 0.05 else max(1, min(6, round(rng.gauss(centre, 1.1))))
            rows.append(analysis.Row(str(respondent), round_, theme, question, score))
        respondent += 1
    return rows


def as_csv(rows) -> str:
    out = io.StringIO()
    out.write(",".join(analysis.COLUMNS) + "\n")
    for r in rows:
        score = "" if r.score is None else r.score
        out.write(f"{r.respondent},{r.round},{r.theme},{r.question},{score}\n")
    return out.getvalue()


def measure(fn, samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def row(name: str, path: str, times: list[float], n_rows: int, target) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "name": name,
        "path": path,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(times[-1], 1),
        "queries": 0,
        "samples": len(times),
        "target_ms": target,
        "ok": None if target is None else p95 <= target,
        "rows": n_rows,
        "backend": "none (in memory)",
    }


def merge(results: list[dict], out: Path) -> dict:
    data = json.loads(out.read_text()) if out.exists() else {}
    names = {r["name"] for r in results}
    kept = [r for r in data.get("results", []) if r.get("name") not in names]
    data["results"] = kept + results
    data.setdefault("environment", {})["surveys"] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 1),  # a shared machine measures slower
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return data


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = generate(args.rows)
    text = as_csv(rows)
    analyse = measure(lambda: analysis.analyse(rows), args.samples)
    command = measure(
        lambda: analysis.analyse(analysis.read_csv(io.StringIO(text, newline=""))), args.samples
    )
    results = [
        row("survey analysis", "surveys.analysis.analyse", analyse, args.rows, TARGET_MS),
        row(
            "survey analysis from CSV",
            "surveys.analysis.read_csv + analyse",
            command,
            args.rows,
            None,
        ),
    ]
    merge(results, args.out)
    for r in results:
        print(f"{r['name']}: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms ({r['rows']} rows)")
    return 0 if results[0]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
