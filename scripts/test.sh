#!/usr/bin/env bash
# The whole check, as CI runs it (through `make test` from .ci/run):
#   1. system packages the suite needs (PostgreSQL, Debian's chromium, CJK fonts,
#      LibreOffice Writer and poppler for the documents), if missing;
#   2. `make install`;
#   3. ruff check .;
#   4. the whole pytest suite on SQLite;
#   5. the whole suite again on a throw-away PostgreSQL cluster (unix socket only, no fsync),
#      stopped and removed on exit whatever happens.
# Every step runs even if an earlier one failed; the exit status is non-zero if any failed.
#
# Environment:
#   PYTEST_ARGS="-k approve -x"        extra pytest arguments (shell quoting is honoured)
#   LUOSHI_TEST_DBS="sqlite postgres"  which databases to run the suite on
#   LUOSHI_TEST_RUN_TIMEOUT=1200       seconds before one pytest run is stopped as hung
#   LUOSHI_TEST_WORKERS=2              parallel pytest workers (default: the number of cores)
set -euo pipefail

cd "$(dirname "$0")/.."
repo="$(pwd)"

test_dbs="${LUOSHI_TEST_DBS:-sqlite postgres}"
run_timeout="${LUOSHI_TEST_RUN_TIMEOUT:-1200}"
# pytest-xdist workers: one per core (CI has 2); each has its own test database.
workers="${LUOSHI_TEST_WORKERS:-$(nproc 2>/dev/null || echo 2)}"
declare -a extra_args=()
# eval so that PYTEST_ARGS='-k "a and b"' works; it is the caller's own variable.
eval "extra_args=(${PYTEST_ARGS:-})"

declare -a summary=()
failed=0

phase_start() { phase_t0=$SECONDS; echo "==> $1"; }
# record NAME STATUS : one summary line with the phase's duration
record() { summary+=("$(printf '%-10s %-24s %4ss' "$1" "$2" "$((SECONDS - phase_t0))")"); }

wants_db() { [[ " $test_dbs " == *" $1 "* ]]; }

# --- the throw-away PostgreSQL cluster is always stopped and removed ----------------------

pg_dir=""
pg_bin=""
stop_cluster() {
    [ -n "$pg_dir" ] || return 0
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$pg_dir"
    pg_dir=""
}
print_summary() {
    local rc=$?
    stop_cluster
    echo "==> summary"
    local line
    for line in "${summary[@]}"; do echo "    $line"; done
    exit "$rc"
}
trap print_summary EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# initdb and pg_ctl refuse to run as root: as root they run as the postgres user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$pg_dir" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}


# --- 1. system packages -------------------------------------------------------------------

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
    else
        echo "test.sh: not root and no sudo: cannot run: $*" >&2
        echo "test.sh: install them yourself: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

pg_bindir() {
    local dirs
    dirs=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    [ -n "$dirs" ] && [ -x "$dirs/initdb" ] && echo "$dirs"
}

phase_start "system packages"
declare -a missing=()
if wants_db postgres && ! pg_bindir >/dev/null; then missing+=(postgresql); fi
if [ ! -x "${LUOSHI_CHROMIUM:-/usr/bin/chromium}" ]; then missing+=(chromium); fi
# Official documents (.docx) are rendered to PDF and PNG to be checked as a reader sees them.
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if command -v dpkg-query >/dev/null; then
    deb_installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
elif ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || {
        echo "test.sh: missing ${missing[*]} and no apt-get here; install them by hand" >&2
        exit 1
    }
    echo "test.sh: installing ${missing[*]}"
    if [[ " ${missing[*]} " == *" postgresql "* ]] && [ ! -d /etc/postgresql ]; then
        # Only the binaries are wanted: no system cluster left running beside ours.
        as_root mkdir -p /etc/postgresql-common/createcluster.d
        echo "create_main_cluster = false" |
            as_root tee /etc/postgresql-common/createcluster.d/luoshi-tests.conf >/dev/null
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi
record packages "ok${missing[*]:+ (installed ${missing[*]})}"

# --- 2. install -----------------------------------------------------------------------------

phase_start "make install"
make --no-print-directory install
record install ok

# --- 3. lint --------------------------------------------------------------------------------

phase_start "ruff check ."
if .venv/bin/ruff check .; then record ruff ok; else record ruff FAILED; failed=1; fi

# --- 4./5. the suite ------------------------------------------------------------------------

# run_suite NAME [VAR=value...] : the whole pytest suite, with `env` arguments for the database.
run_suite() {
    local name="$1" rc=0
    shift
    phase_start "pytest on $name"
    # At a terminal, --foreground keeps Ctrl-C reaching pytest.
    local timeout_opts=(-k 30)
    [ ! -t 0 ] || timeout_opts+=(--foreground)
    env "$@" LUOSHI_TEST_ARTIFACTS="$repo/var/test-artifacts/$name" \
        timeout "${timeout_opts[@]}" "$run_timeout" .venv/bin/pytest -n "$workers" --durations=10 "${extra_args[@]}" || rc=$?
    case $rc in
        0) record "$name" passed ;;
        5) record "$name" "FAILED (no tests ran)"; failed=1 ;;
        124 | 137) record "$name" "FAILED (timed out)"; failed=1 ;;
        *) record "$name" "FAILED (exit $rc)"; failed=1 ;;
    esac
}

rm -rf var/test-artifacts

if wants_db sqlite; then
    run_suite sqlite -u LUOSHI_DATABASE_URL
fi

if wants_db postgres; then
    phase_start "PostgreSQL cluster"
    pg_bin="$(pg_bindir)"
    pg_dir="$(mktemp -d -t luoshi-pg.XXXXXX)"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir"
    if as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync -E UTF8 \
            --locale=C >"$pg_dir/initdb.log" 2>&1 \
        && as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w \
            -o "-k $pg_dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null \
        && as_pg "$pg_bin/createdb" -h "$pg_dir" -U postgres luoshi; then
        record cluster "ok ($("$pg_bin/postgres" --version | awk '{print $3}'))"
        run_suite postgres "LUOSHI_DATABASE_URL=postgres://postgres@/luoshi?host=$pg_dir"
    else
        record cluster FAILED
        failed=1
        cat "$pg_dir/initdb.log" "$pg_dir/postgres.log" 2>/dev/null | tail -n 30 >&2
    fi
fi

exit "$failed"
