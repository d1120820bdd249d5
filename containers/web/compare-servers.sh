#!/usr/bin/env bash
# Compare WSGI servers on the web app, the way docs/web.md reports them: the server pinned to
# CPU 0, wrk (Debian's package) pinned to CPU 1, 127.0.0.1 only, a repeat view of a board.
#
#   containers/web/compare-servers.sh DATABASE_URL BOARD_PATH [PYTHON_BIN_DIR]
#
# PYTHON_BIN_DIR is a venv's bin/ holding waitress, cheroot and gunicorn (only waitress is a
# dependency of the web; install the other two in a throwaway venv to compare).
set -euo pipefail
url=${1:?DATABASE_URL}
path=${2:?board path, e.g. /g/TOKEN}
bin=${3:-.venv/bin}
port=5099
connections=${CONNECTIONS:-32}
seconds=${SECONDS_PER_RUN:-10}
export DATABASE_URL=$url

run() {
    local name=$1
    shift
    taskset -c 0 "$@" >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 100); do
        curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$port$path" >/dev/null
    echo "== $name"
    taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" \
        | grep -E 'Requests/sec|50%|99%|Socket errors|Non-2xx' || true
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

run "waitress 4 threads" "$bin/python" -c "
import waitress; from puzzlesecretary_web.main import wsgi
waitress.serve(wsgi(), host='127.0.0.1', port=$port, threads=4, _quiet=True)"
run "cheroot 4 threads" "$bin/python" -c "
from cheroot.wsgi import Server; from puzzlesecretary_web.main import wsgi
Server(('127.0.0.1', $port), wsgi(), numthreads=4).safe_start()"
run "gunicorn 1 gthread worker x 4 threads" "$bin/gunicorn" --worker-class gthread --workers 1 --threads 4 \
    --bind "127.0.0.1:$port" --log-level warning 'puzzlesecretary_web.main:wsgi()'
