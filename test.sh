#!/usr/bin/env bash
# Installs what the urbis tests need, then runs them: `./test.sh [--install-only] [cargo test args]`.
#
# The tests start real servers and tools: a throwaway PostgreSQL 15 cluster, headless Chromium with
# its WebDriver and axe-core, pdftotext, Python's icalendar and schemathesis, and for the cluster
# test nginx (the load balancer) and moto's S3-compatible server, and promtool for the alert
# rules. This script installs
# each one only when it is missing (Debian packages through apt-get, as root or with `sudo -n`; npm
# and PyPI packages into cache directories outside the clone), says what it installs, exports where
# the tests find them, and ends in `cargo test --workspace` with the remaining arguments.
# Before the tests it checks the dependency tree: cargo-deny (licences, duplicates, sources, and
# security advisories when a copy of the advisory database is on the machine) and cargo-machete
# (unused dependencies), both installed with `cargo install` into cargo's bin directory.
# Running it again installs nothing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DEBIAN_FRONTEND=noninteractive
if ! command -v cargo >/dev/null 2>&1 && [[ -x "${HOME:-/root}/.cargo/bin/cargo" ]]; then
    export PATH="${HOME:-/root}/.cargo/bin:$PATH"
fi

CACHE="${URBIS_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}}"

# The PostgreSQL server runs as this unprivileged user when the tests run as root (PostgreSQL
# refuses to run as root); urbis-testkit reads the same variable.
export URBIS_PG_USER="${URBIS_PG_USER:-urbis-pg}"

# axe-core, the accessibility checker the browser tests inject into every page (npm, pinned).
AXE_VERSION="4.11.1"
NPM_DIR="${URBIS_NPM_DIR:-${CACHE}/urbis-npm}"
export URBIS_AXE_JS="${URBIS_AXE_JS:-${NPM_DIR}/node_modules/axe-core/axe.min.js}"

# schemathesis, the API contract checker (PyPI, pinned), in a venv of its own.
SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS_VENV="${URBIS_SCHEMATHESIS_VENV:-${CACHE}/urbis-schemathesis}"
export URBIS_SCHEMATHESIS="${URBIS_SCHEMATHESIS:-${SCHEMATHESIS_VENV}/bin/schemathesis}"

# moto's S3-compatible server (PyPI, pinned), the bucket of the cluster test, in a venv of its own.
MOTO_VERSION="5.2.5"
MOTO_VENV="${URBIS_MOTO_VENV:-${CACHE}/urbis-moto}"
export URBIS_MOTO_SERVER="${URBIS_MOTO_SERVER:-${MOTO_VENV}/bin/moto_server}"

# nginx, the load balancer in front of the cluster test's three nodes (Debian).
export URBIS_NGINX="${URBIS_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"

# cargo-deny and cargo-machete (crates.io, pinned; deny.toml is written for this cargo-deny).
CARGO_DENY_VERSION="0.20.2"
CARGO_MACHETE_VERSION="0.9.2"
# RustSec's advisory database is a git repository on GitHub, out of reach where urbis is built
# (no network but the package registries): advisories are checked only when a copy is on the
# machine, laid out as `cargo deny fetch db` leaves it (advisory-db-*/ under cargo-deny's
# $CARGO_HOME/advisory-dbs, or under URBIS_ADVISORY_DBS).
ADVISORY_DBS="${URBIS_ADVISORY_DBS:-${CARGO_HOME:-${HOME:-/root}/.cargo}/advisory-dbs}"

say() { echo "test.sh: $*"; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# Runs a command as root: directly when we are, through passwordless sudo otherwise.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        return 1
    fi
}

# Debian packages, each added only when what it provides is missing.
system_packages() {
    local pkgs=()
    # PostgreSQL server binaries for the throwaway test clusters (urbis-testkit).
    compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || pkgs+=(postgresql)
    # Headless Chromium and its WebDriver for the browser tests.
    command -v chromium >/dev/null || pkgs+=(chromium)
    command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
    command -v npm >/dev/null || pkgs+=(npm) # installs axe-core
    command -v pdftotext >/dev/null || pkgs+=(poppler-utils) # reads the annual report's PDF
    /usr/bin/python3 -c 'import icalendar' 2>/dev/null || pkgs+=(python3-icalendar) # iCal checks
    /usr/bin/python3 -c 'import ensurepip' 2>/dev/null || pkgs+=(python3-venv) # schemathesis venv
    [[ -x "$URBIS_NGINX" ]] || pkgs+=(nginx) # the cluster test's load balancer
    # promtool checks ops/prometheus/alerts.yml (Debian ships it in the prometheus package; no
    # Prometheus server is started by installing it in a container without systemd).
    command -v promtool >/dev/null || pkgs+=(prometheus)
    if [[ ${#pkgs[@]} -eq 0 ]]; then
        say "Debian packages present"
        return 0
    fi
    say "installing Debian packages: ${pkgs[*]}"
    local log
    log=$(mktemp)
    if ! as_root true; then
        echo "test.sh: missing Debian packages: ${pkgs[*]}; install them as root:" >&2
        echo "    apt-get install --no-install-recommends ${pkgs[*]}" >&2
        return 1
    fi
    if ! { as_root apt-get update -qq &&
        as_root apt-get install -y -qq --no-install-recommends "${pkgs[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
}

npm_packages() {
    if [[ -f "$URBIS_AXE_JS" ]] && head -c 40 "$URBIS_AXE_JS" | grep -q "axe v${AXE_VERSION}"; then
        say "axe-core ${AXE_VERSION} present"
        return 0
    fi
    say "installing axe-core ${AXE_VERSION} into ${NPM_DIR}"
    mkdir -p "$NPM_DIR"
    npm install --prefix "$NPM_DIR" --no-audit --no-fund --no-save --silent "axe-core@${AXE_VERSION}"
}

python_packages() {
    if [[ -x "$URBIS_SCHEMATHESIS" ]] &&
        "$URBIS_SCHEMATHESIS" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
        say "schemathesis ${SCHEMATHESIS_VERSION} present"
        return 0
    fi
    say "installing schemathesis ${SCHEMATHESIS_VERSION} into ${SCHEMATHESIS_VENV}"
    rm -rf "$SCHEMATHESIS_VENV"
    /usr/bin/python3 -m venv "$SCHEMATHESIS_VENV"
    "${SCHEMATHESIS_VENV}/bin/pip" install --quiet --disable-pip-version-check \
        "schemathesis==${SCHEMATHESIS_VERSION}"
    export URBIS_SCHEMATHESIS="${SCHEMATHESIS_VENV}/bin/schemathesis"
}

moto_server() {
    if [[ -x "$URBIS_MOTO_SERVER" ]] && [[ -x "${MOTO_VENV}/bin/python" ]] &&
        "${MOTO_VENV}/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '${MOTO_VERSION}')" 2>/dev/null; then
        say "moto ${MOTO_VERSION} present"
        return 0
    fi
    say "installing moto[s3,server] ${MOTO_VERSION} (S3-compatible server) into ${MOTO_VENV}"
    rm -rf "$MOTO_VENV"
    /usr/bin/python3 -m venv "$MOTO_VENV"
    "${MOTO_VENV}/bin/pip" install --quiet --disable-pip-version-check \
        "moto[s3,server]==${MOTO_VERSION}"
    export URBIS_MOTO_SERVER="${MOTO_VENV}/bin/moto_server"
}

# cargo-deny and cargo-machete, each built from crates.io only when missing or of another version
# (cold: about 5 and 3.5 minutes on 2 cores), into cargo's bin directory; built in a temporary
# directory of cargo's own, not in the tests' build cache.
rust_tools() {
    local tool version
    for tool in cargo-deny cargo-machete; do
        if [[ $tool == cargo-deny ]]; then version=$CARGO_DENY_VERSION; else version=$CARGO_MACHETE_VERSION; fi
        # `cargo-deny 0.20.2`, `0.9.2`: the last word is the version. Through cargo, which also
        # finds subcommands in $CARGO_HOME/bin when that is not on PATH.
        if [[ $(cargo "${tool#cargo-}" --version 2>/dev/null | awk '{print $NF}') == "$version" ]]; then
            say "${tool} ${version} present"
            continue
        fi
        say "installing ${tool} ${version} (cargo install --locked) into cargo's bin directory"
        env -u CARGO_TARGET_DIR cargo install --locked --quiet --force "${tool}@${version}"
    done
}

# The dependency tree's checks (deny.toml, [package.metadata.cargo-machete] in the Cargo.tomls).
dependency_checks() {
    local checks=(licenses bans sources) config=deny.toml
    local db
    if compgen -G "${ADVISORY_DBS}/advisory-db-*/.git" >/dev/null; then
        checks+=(advisories)
        for db in "${ADVISORY_DBS}"/advisory-db-*/; do
            say "advisories from ${db} (newest advisory commit: $(git -C "$db" log -1 --format=%cs 2>/dev/null || echo unknown))"
        done
        if [[ -n ${URBIS_ADVISORY_DBS:-} ]]; then # deny.toml with that db-path
            config=$(mktemp)
            sed "s|^\[advisories\]\$|[advisories]\ndb-path = \"${ADVISORY_DBS}\"|" deny.toml >"$config"
        fi
    else
        say "security advisories NOT checked: no RustSec advisory database in ${ADVISORY_DBS}"
        say "  (it is fetched from GitHub, which this machine cannot reach; where it can: cargo deny fetch db)"
    fi
    cargo fetch --quiet
    say "cargo deny check ${checks[*]}"
    # --offline: never reach for the network (the advisory database included: cargo-deny then
    # refuses a copy last fetched or cloned longer ago than deny.toml's maximum-db-staleness).
    local rc=0
    cargo deny --offline --config "$config" check "${checks[@]}" || rc=$?
    [[ $config == deny.toml ]] || rm -f "$config"
    [[ $rc -eq 0 ]] || return "$rc"
    say "cargo machete (unused dependencies)"
    cargo machete
}

# As root, the test clusters run as a system user of their own; otherwise as the caller.
postgres_user() {
    if ! is_root; then
        say "PostgreSQL test clusters run as $(id -un)"
    elif id -u "$URBIS_PG_USER" >/dev/null 2>&1; then
        say "user ${URBIS_PG_USER} present"
    else
        say "creating system user ${URBIS_PG_USER} for the PostgreSQL test clusters"
        useradd --system --no-create-home "$URBIS_PG_USER"
    fi
}

install_only=false
if [[ "${1:-}" == "--install-only" ]]; then
    install_only=true
    shift
fi

system_packages
npm_packages
python_packages
moto_server
postgres_user
rust_tools
if $install_only; then
    exit 0
fi
dependency_checks
exec cargo test --workspace "$@"
