#!/usr/bin/env bash
# Compare WSGI servers on the web app, the way docs/web.md reports them: every process of the
# server pinned to CPU 0, wrk (Debian's package) pinned to CPU 1, `wrk -t2 -c32`, 127.0.0.1 only;
# the board's repeat view, then /healthz; memory of all the server's processes; 200 slow clients;
# SIGTERM with them open (bench/servers.py does the measuring).
#
#   containers/web/compare-servers.sh DATABASE_URL BOARD_PATH [SERVERS]
#
# The servers other than waitress are not dependencies of the web: they go into a throwaway
# venv (build/compare-servers-venv), whose site-packages the measured processes see beside the
# project's own .venv. SERVERS is a comma-separated subset of waitress,granian,gunicorn,cheroot,uwsgi.
set -euo pipefail
url=${1:?DATABASE_URL, e.g. sqlite:///build/bench/quick.db after make bench}
path=${2:?board path, e.g. /g/TOKEN}
servers=${3:-waitress,granian,gunicorn,cheroot,uwsgi}
root=$(cd "$(dirname "$0")/../.." && pwd)
extra=$root/build/compare-servers-venv
if [ ! -x "$extra/bin/python" ]; then
    python3 -m venv "$extra"
    "$extra/bin/pip" install --quiet granian==2.8.9 gunicorn==27.0.1 cheroot==11.1.2 pyuwsgi==2.0.30.post1
fi
site=$("$extra/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
command -v wrk >/dev/null || { echo "wrk is missing: run tests/setup/30-postgres.sh" >&2; exit 1; }
cd "$root"
exec .venv/bin/python -m bench.servers "$url" "$path" --servers "$servers" --extra-path "$site" \
    --seconds "${SECONDS_PER_RUN:-10}" --connections "${CONNECTIONS:-32}"
