#!/usr/bin/env bash
# What the PostgreSQL half of the suite and the benchmark need: Debian's PostgreSQL server
# binaries (tests start a private server per session on 127.0.0.1, see tests/postgres.py) and
# wrk (the benchmark's load generator, exercised by tests/bench). Idempotent: a fast no-op when
# both are installed.
set -euo pipefail

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
if ! command -v wrk >/dev/null 2>&1; then
    missing+=(wrk)
fi
if [ ${#missing[@]} -gt 0 ]; then
    if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -q
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi
# Debian's package may start its own cluster on 5432; the tests never use it (they pick a free
# port), so it is left as the package set it up.
