#!/usr/bin/env bash
# Installs what the urbis tests need, then runs them: `./test.sh [--install-only] [cargo test args]`.
#
# The tests start real servers and tools: a throwaway PostgreSQL 15 cluster, headless Chromium with
# its WebDriver and axe-core, pdftotext, Python's icalendar and schemathesis. This script installs
# each one only when it is missing (Debian packages through apt-get, as root or with `sudo -n`; npm
# and PyPI packages into cache directories outside the clone), says what it installs, exports where
# the tests find them, and ends in `cargo test --workspace` with the remaining arguments.
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
postgres_user
if $install_only; then
    exit 0
fi
exec cargo test --workspace "$@"
