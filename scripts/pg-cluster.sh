#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benchmarks.
#
#   scripts/pg-cluster.sh start DIR     init + start a cluster in DIR (created if missing);
#                                       prints its URL (postgres://indgang:indgang@127.0.0.1:PORT/indgang)
#   scripts/pg-cluster.sh stop DIR      stop the cluster and remove DIR (quiet, idempotent)
#   scripts/pg-cluster.sh restart DIR   restart the server in DIR (for the load run's fault drill)
#   scripts/pg-cluster.sh with VAR -- CMD [ARGS...]
#                                       start a cluster in a fresh temp dir, run CMD with VAR=<url>
#                                       in its environment, always stop + remove the cluster,
#                                       exit with CMD's status. Prints nothing after CMD.
#
# The cluster listens on 127.0.0.1 only, on a free port, with its socket in DIR. It is tuned for
# speed (fsync off): never put data you care about in it. PostgreSQL refuses to run as root, so as
# root the server runs as the 'postgres' system user (created by the Debian postgresql package).
# The role 'indgang' owns database 'indgang' and has CREATEDB (pytest-django creates test_indgang).
#
# Binaries: $PG_BIN if set, else /usr/lib/postgresql/15/bin, else the highest version found in
# /usr/lib/postgresql/*/bin (not whatever pg_ctl is first on PATH).
set -euo pipefail

PG_USER_NAME=indgang
PG_PASSWORD=indgang
PG_DB=indgang

die() { echo "pg-cluster: $*" >&2; exit 1; }

pg_bin() {
    # (explicit 'return 0': a bare 'return' inside the EXIT trap would return the exit status
    # the script is leaving with, and set -e would then abort the cleanup)
    if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return 0; fi
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then echo /usr/lib/postgresql/15/bin; return 0; fi
    local best
    best=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$best" && -x "$best/pg_ctl" ]] || die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
    echo "$best"
}

# Run a command as the cluster owner: 'postgres' when we are root, ourselves otherwise.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cmd_start() {
    local dir=${1:?usage: pg-cluster.sh start DIR}
    local bin port url locale_opt try
    bin=$(pg_bin)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (apt-get install postgresql)"
        chown postgres:postgres "$dir"
    fi
    chmod 700 "$dir"

    # C.UTF-8 keeps byte-order sorting (like SQLite) but gives upper()/lower() on æøå, which
    # Django's iexact/icontains rely on. Fall back to plain C where the locale is missing.
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_opt=--locale=C.UTF-8
    else
        locale_opt=--locale=C
    fi
    printf '%s\n' "$PG_PASSWORD" >"$dir/pwfile"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir/pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 "$locale_opt" \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$dir/pwfile"

    for try in 1 2 3; do
        port=$(free_port)
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            break
        fi
        [[ $try -eq 3 ]] && { tail -n 30 "$dir/server.log" >&2 || true; die "pg_ctl start failed"; }
    done
    echo "$port" >"$dir/port"

    as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE $PG_USER_NAME LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" \
        -c "CREATE DATABASE $PG_DB OWNER $PG_USER_NAME" >/dev/null \
        || die "could not create role/database"

    url="postgres://$PG_USER_NAME:$PG_PASSWORD@127.0.0.1:$port/$PG_DB"
    echo "$url" >"$dir/url"
    echo "$url"
}

cmd_stop() {
    local dir=${1:?usage: pg-cluster.sh stop DIR}
    set +e  # best effort: also runs from the EXIT trap
    [[ -d "$dir" ]] || return 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        local bin
        bin=$(pg_bin)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    return 0
}

cmd_restart() {
    # A real restart (fast shutdown, then start with the same options): for fault drills.
    local dir=${1:?usage: pg-cluster.sh restart DIR}
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
}

cmd_with() {
    local var=${1:?usage: pg-cluster.sh with VAR -- CMD...}
    shift
    [[ "${1:-}" == "--" ]] && shift
    [[ $# -gt 0 ]] || die "usage: pg-cluster.sh with VAR -- CMD..."
    [[ "$var" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad variable name: $var"

    local dir url rc
    dir=$(mktemp -d /tmp/indgang-pg.XXXXXX)
    # shellcheck disable=SC2064
    trap "cmd_stop '$dir'" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    url=$(cmd_start "$dir")
    echo "pg-cluster: PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}') at ${url/:$PG_PASSWORD@/:***@} ($var)" >&2
    set +e
    env "$var=$url" "$@"
    rc=$?
    set -e
    exit "$rc"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    restart) shift; cmd_restart "$@" ;;
    with) shift; cmd_with "$@" ;;
    *) echo "usage: $0 start DIR | stop DIR | with VAR -- CMD [ARGS...]" >&2; exit 2 ;;
esac
