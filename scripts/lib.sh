# Shared set-up steps for scripts/run and scripts/test. Every function is idempotent:
# it checks first and only installs or starts what is missing, so a fresh CI machine and
# a developer's warm machine take the same path.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Where PostgreSQL for tests lives and listens; tests read EVS_PG.
EVS_PG_PORT="${EVS_PG_PORT:-54329}"
EVS_PG_DIR="${EVS_PG_DIR:-/tmp/evs-postgres-$EVS_PG_PORT}"
export EVS_PG="${EVS_PG:-Host=127.0.0.1;Port=$EVS_PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

require_dotnet() {
    command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (https://dot.net); dotnet is not on PATH"
}

# Debian packages the suite drives for real: PostgreSQL, pcscd with vsmartcard's virtual
# reader, OpenSC's tools to cross-check the virtual card, SoftHSM2, Chromium (the browser and
# its lighter headless shell) and CJK fonts, openssl for the KurrentDB conformance tests'
# throw-away TLS certificates, nginx (the proxy tests) and HAProxy with curl (scripts/cluster, Cluster.Tests).
EVS_APT_PACKAGES=(postgresql pcscd libpcsclite1 vsmartcard-vpcd opensc pcsc-tools softhsm2 chromium chromium-headless-shell fonts-noto-cjk openssl nginx haproxy curl)

ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# A private PostgreSQL cluster in $EVS_PG_DIR on 127.0.0.1:$EVS_PG_PORT, with fsync and
# synchronous_commit on (the durability the benchmarks claim). Runs as the postgres user
# when we are root, because the server refuses to run as root.
start_postgres() {
    local bin; bin="$(pg_bin)"
    [ -n "$bin" ] || die "PostgreSQL binaries not found; install the postgresql package"
    local run=()
    if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$EVS_PG_PORT"; then return 0; fi
    if [ ! -f "$EVS_PG_DIR/PG_VERSION" ]; then
        log "creating PostgreSQL cluster in $EVS_PG_DIR"
        mkdir -p "$EVS_PG_DIR"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$EVS_PG_DIR"
        "${run[@]}" "$bin/initdb" -D "$EVS_PG_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$EVS_PG_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $EVS_PG_PORT
unix_socket_directories = '$EVS_PG_DIR'
max_connections = 300
fsync = on
synchronous_commit = on
shared_buffers = 256MB
CONF
    fi
    log "starting PostgreSQL on 127.0.0.1:$EVS_PG_PORT"
    "${run[@]}" "$bin/pg_ctl" -D "$EVS_PG_DIR" -l "$EVS_PG_DIR/server.log" -w -t 60 start >/dev/null \
        || { tail -n 20 "$EVS_PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
}

# pcscd with vpcd's two virtual readers (ports 35963 and 35964 on 127.0.0.1).
start_pcscd() {
    if pgrep -x pcscd >/dev/null; then return 0; fi
    log "starting pcscd"
    as_root mkdir -p /run/pcscd
    as_root pcscd
    for _ in $(seq 1 50); do
        [ -S /run/pcscd/pcscd.comm ] && return 0
        sleep 0.1
    done
    die "pcscd did not create /run/pcscd/pcscd.comm"
}

# Node packages from each package-lock.json, reinstalled only when the lock changes: the front end's
# (htmx, axe-core) and the official KurrentDB clients the conformance tests drive.
EVS_NODE_PROJECTS=(src/Web tests/KurrentConformance)

ensure_node_modules() {
    local project dir
    for project in "${EVS_NODE_PROJECTS[@]}"; do
        dir="$REPO_ROOT/$project"
        [ -f "$dir/package.json" ] || continue
        command -v npm >/dev/null || ensure_packages nodejs npm
        if [ ! -f "$dir/node_modules/.package-lock.json" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-copy"; then
            log "npm ci in $project"
            (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-copy)
        fi
    done
}

# The demo PKI and card images (made once into $1/pki), and a fresh organisation card (人事行政總處, org-gca-rsa) and
# citizen card (王小明, citizen-moica2-rsa) in $1/cards, each in its own reader of the demo agent, PIN 123456.
prepare_demo_cards() {
    local data_dir="$1" configuration="$2" card
    mkdir -p "$data_dir/cards"
    if [ ! -f "$REPO_ROOT/tools/TestPki/TestPki.csproj" ]; then
        log "tools/TestPki is not in this tree yet: no demo cards; the agent starts with empty readers"
        return 0
    fi
    if [ ! -f "$data_dir/pki/manifest.json" ]; then
        log "generating the demo PKI and card images into $data_dir/pki (once; about 20 s)"
        dotnet build "$REPO_ROOT/tools/TestPki/TestPki.csproj" -c "$configuration" -nologo -clp:ErrorsOnly -v:q
        rm -rf "$data_dir/pki"
        dotnet "$REPO_ROOT/tools/TestPki/bin/$configuration/net10.0/TestPki.dll" generate --seed 2026 --out "$data_dir/pki" >/dev/null
    fi
    rm -f "$data_dir"/cards/*.card.json
    for card in org-gca-rsa citizen-moica2-rsa; do
        cp "$data_dir/pki/cards/$card.card.json" "$data_dir/cards/"
    done
    log "demo cards inserted: $(cd "$data_dir/cards" && ls -- *.card.json | tr '\n' ' ')(PIN 123456)"
}

port_in_use() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Stops a process this script started: TERM (a graceful shutdown), and KILL after 10 s.
stop_process() {
    local pid="$1" name="$2"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping the $name"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# Prints the <count> slowest tests of a run (default 10) from its TRX files, slowest first, each with its
# duration in seconds: where the suite's time goes, as new tests land.
slowest_tests() {
    local dir="$1" count="${2:-10}"
    ls "$dir"/*.trx >/dev/null 2>&1 || return 0
    echo "slowest $count tests:"
    grep -ho '<UnitTestResult [^>]*>' "$dir"/*.trx \
        | sed -n 's/.* testName="\([^"]*\)".* duration="\([0-9]*\):\([0-9]*\):\([0-9.]*\)".*/\2 \3 \4 \1/p' \
        | awk '{ seconds = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "%8.1f s  %s\n", seconds, $0 }' \
        | sort -rn | awk -v n="$count" 'NR <= n'  # reads every line: head would end the pipe early and pipefail stop the script
}

# The official KurrentDB clients against our endpoint (tests/KurrentConformance, node's own test
# runner), after the solution is built; results go to $1/kurrent-conformance.junit.xml.
run_kurrent_conformance() {
    local results="$1"
    log "testing the official KurrentDB clients against our endpoint"
    # Three files side by side: each mostly waits on its own KurrentHost; a hung test fails after 3 minutes.
    (cd "$REPO_ROOT/tests/KurrentConformance" && node --test --test-concurrency=3 --test-timeout=180000 \
        --test-reporter=junit --test-reporter-destination="$results/kurrent-conformance.junit.xml" \
        --test-reporter=spec --test-reporter-destination=stdout)
}

# The tests that were still running when dotnet test stopped a test host (--blame-hang-timeout, or a crash),
# one a line: the blame collector writes Sequence_<id>.xml under the results directory with every test the host
# started, Completed="False" on those that never ended. Each file is written twice (attachment and In/ copy).
unfinished_tests() {
    local dir="$1"
    find "$dir" -name 'Sequence_*.xml' -printf '%f\t%p\n' 2>/dev/null | sort -u -k1,1 | cut -f2 \
        | while read -r sequence; do
            sed -n 's/.*<Test Name="\([^"]*\)".* Completed="False".*/\1/p' "$sequence"
        done \
        | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
}

# Prints "N passed, N failed[, N skipped]" from the TRX files of a test run and node's JUnit
# reports (*.junit.xml) and returns non-zero when anything failed or was skipped (a skip means
# a real part was missing). A test host stopped mid-run (a hang, a crash) names the tests it was running and
# counts each of them as failed.
summarise_trx() {
    local dir="$1" run_status="${2:-0}" passed=0 failed=0 skipped=0 files=0
    local unfinished; unfinished="$(unfinished_tests "$dir")"
    if [ -n "$unfinished" ]; then
        echo "tests still running when their test host was stopped (hang or crash):"
        sed 's/^/    /' <<<"$unfinished"
        failed=$(wc -l <<<"$unfinished")
    fi
    for f in "$dir"/*.junit.xml; do
        [ -f "$f" ] || continue
        files=$((files + 1))
        # node's JUnit reporter ends with <!-- pass N -->, <!-- fail N -->, … comments.
        count() { sed -n "s/^[[:space:]]*<!-- $1 \([0-9]*\) -->.*/\1/p" "$f" | tail -n 1; }
        passed=$((passed + $(count pass)))
        failed=$((failed + $(count fail) + $(count cancelled)))
        skipped=$((skipped + $(count skipped) + $(count todo)))
    done
    for f in "$dir"/*.trx; do
        [ -f "$f" ] || continue
        files=$((files + 1))
        local counters; counters="$(grep -o '<Counters [^>]*>' "$f" | head -n 1)"
        attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
        passed=$((passed + $(attr passed)))
        failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
        skipped=$((skipped + $(attr notExecuted)))
    done
    if [ "$run_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
        echo "the test run failed outside any test (build error or crashed test host); counted as one failure" >&2
        failed=1
    fi
    [ "$files" -gt 0 ] || { echo "no test results were written" >&2; failed=$((failed + 1)); }
    if [ "$skipped" -gt 0 ]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
    [ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ]
}
