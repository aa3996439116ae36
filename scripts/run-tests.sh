#!/usr/bin/env bash
# Run the pytest suite on SQLite and/or a throwaway PostgreSQL cluster.
#   scripts/run-tests.sh all|sqlite|postgres [PYTEST ARGS...]
# 'all' runs both, even when the first fails, and exits non-zero if either failed.
# Nothing is printed after the last pytest run, so the output ends with pytest's summary.
# pytest's exit code 5 ("no tests collected") counts as failure: a suite that silently
# collects nothing is a broken suite.
#
# Tests run in parallel with pytest-xdist, one worker per core (PYTEST_WORKERS=N to choose,
# PYTEST_WORKERS=0 for a single in-process run, e.g. for pdb). Each worker has its own test
# database (test_indgang_gw0, ...; SQLite: one in memory per worker), its own live server and
# Chromium for the browser tests. --dist loadgroup hands out tests one by one, except those
# marked xdist_group, which stay together on one worker. Arguments given after the mode come
# last, so PYTEST_ARGS='-n 0' or '-x -k foo' still win.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
shift || true
PYTEST=(.venv/bin/pytest)
workers=${PYTEST_WORKERS:-auto}
if [[ "$workers" != 0 ]]; then
    PYTEST+=(-n "$workers" --dist loadgroup)
fi

run_sqlite() {
    echo "==> pytest on SQLite"
    env -u DATABASE_URL "${PYTEST[@]}" "$@"
}

run_postgres() {
    echo "==> pytest on PostgreSQL (throwaway cluster)"
    scripts/pg-cluster.sh with DATABASE_URL -- "${PYTEST[@]}" "$@"
}

case "$mode" in
    sqlite) run_sqlite "$@" ;;
    postgres) run_postgres "$@" ;;
    all)
        run_sqlite "$@"
        sqlite_rc=$?
        if [[ $sqlite_rc -ne 0 ]]; then
            echo "==> SQLite run FAILED (pytest exit $sqlite_rc); running PostgreSQL anyway"
        fi
        run_postgres "$@"
        pg_rc=$?
        if [[ $sqlite_rc -ne 0 ]]; then exit "$sqlite_rc"; fi
        exit "$pg_rc"
        ;;
    *) echo "usage: $0 all|sqlite|postgres [pytest args...]" >&2; exit 2 ;;
esac
