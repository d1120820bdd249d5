"""WSGI servers side by side on the web's own app (`python -m bench.servers DATABASE_URL BOARD_PATH`).

The method of docs/web.md: the server (every process of it) pinned to CPU 0 with taskset, wrk
pinned to CPU 1, `wrk -t2 -c32`, 127.0.0.1 only, the board's repeat view, then /healthz through
the same server. For each server it also reads the memory of ALL its processes (a master and its
workers count together), opens 200 slow clients and times a /healthz and the board beside them,
then sends SIGTERM (with the slow clients still open) and times the exit.

Servers other than waitress are not dependencies of the web: install them in a throwaway venv
and name its site-packages with `--extra-path` (containers/web/compare-servers.sh does).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

from .load import ROOT, cpu_seconds, free_port, parse_wrk, pinned

sys.path.insert(0, str(ROOT / "tests"))
from slow_clients import slow_clients  # noqa: E402

SLOW_HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


def commands(port: int, threads: int) -> dict[str, list[str]]:
    """How each server runs the same `wsgi()` app, one process of workers (or one worker) with `threads` threads."""
    py = sys.executable
    app = "puzzlesecretary_web.main:wsgi"
    return {
        # The web's real entry point: waitress with the project's limits (puzzlesecretary.serving).
        "waitress": [py, "-c", "import sys; from puzzlesecretary_web.main import main; sys.exit(main([]))"],
        "granian": [py, "-m", "granian", "--interface", "wsgi", "--workers", "1", "--blocking-threads", str(threads),
                    "--runtime-threads", "1", "--host", "127.0.0.1", "--port", str(port), "--factory", "--no-log",
                    "--workers-kill-timeout", "5", app],  # without it a SIGTERM waited for every open connection
        "gunicorn": [py, "-m", "gunicorn", "--worker-class", "gthread", "--workers", "1", "--threads", str(threads),
                     "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app + "()"],
        "cheroot": [py, "-c", f"from cheroot.wsgi import Server; from {app.split(':')[0]} import wsgi; "
                    f"Server(('127.0.0.1', {port}), wsgi(), numthreads={threads}).safe_start()"],
        "uwsgi": [py, "-c", "import sys; from pyuwsgi import run; sys.exit(run())", "--http-socket", f"127.0.0.1:{port}",
                  "--threads", str(threads), "--die-on-term", "--disable-logging", "--need-app",
                  "--eval", "from puzzlesecretary_web.main import wsgi; application = wsgi()"],
    }


def tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_cpu(pid: int) -> float:
    total = 0.0
    for member in tree(pid):
        with suppress(OSError):  # a worker that just ended
            total += cpu_seconds(member)
    return total


def get_ms(url: str, timeout: float = 5) -> float | None:
    """Milliseconds for one GET answered 200, or None when it failed or took longer than `timeout`."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            answer.read()
            ok = answer.status == 200
    except OSError:
        return None
    return (time.monotonic() - start) * 1000 if ok else None


def wrk(pid: int, url: str, seconds: int, connections: int) -> dict:
    before = tree_cpu(pid)
    done = subprocess.run(pinned(1, ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]),
                          capture_output=True, text=True, timeout=seconds + 60, check=False)
    spent = tree_cpu(pid) - before
    result = parse_wrk(done.stdout)
    result["server_cpu_ms_per_request"] = 1000 * spent / result["requests"] if result["requests"] else 0.0
    return result


def measure(name: str, command: list[str], env: dict, base: str, path: str, seconds: int, connections: int) -> dict:
    server = subprocess.Popen(pinned(0, command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while get_ms(base + path, timeout=2) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                return {"server": name, "error": "did not start"}
            time.sleep(0.2)
        out: dict = {"server": name, "board": wrk(server.pid, base + path, seconds, connections)}
        out["healthz"] = wrk(server.pid, base + "/healthz", seconds, connections)
        members = tree(server.pid)
        out["processes"] = len(members)
        out["rss_kib_all_processes"] = sum(status_kib(p, "VmRSS") for p in members)
        out["peak_rss_kib_all_processes"] = sum(status_kib(p, "VmHWM") for p in members)
        port = int(base.rsplit(":", 1)[1])
        with slow_clients(port, 200, SLOW_HEAD):
            time.sleep(1)
            out["with_200_slow_clients_ms"] = {"healthz": get_ms(base + "/healthz"), "board": get_ms(base + path)}
            start = time.monotonic()
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(15)
                out["sigterm"] = {"exit_code": code, "seconds": round(time.monotonic() - start, 2)}
            except subprocess.TimeoutExpired:
                out["sigterm"] = {"exit_code": None, "seconds": "still running after 15 s"}
        return out
    finally:
        if server.poll() is None:
            for member in reversed(tree(server.pid)):
                with suppress(OSError):  # gone already
                    os.kill(member, signal.SIGKILL)
            server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.servers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="DATABASE_URL of a filled database (make bench leaves build/bench/quick.db)")
    parser.add_argument("path", help="the board's path, /g/<token>")
    parser.add_argument("--servers", default="waitress,granian,gunicorn,cheroot,uwsgi")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--extra-path", default="", help="site-packages holding the other servers")
    args = parser.parse_args(argv)
    results = []
    for name in args.servers.split(","):
        port = free_port()
        env = {**os.environ, "DATABASE_URL": args.url, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
               "WEB_THREADS": str(args.threads)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), args.extra_path, env.get("PYTHONPATH")]))
        result = measure(name, commands(port, args.threads)[name], env, f"http://127.0.0.1:{port}", args.path,
                         args.seconds, args.connections)
        print(json.dumps(result), flush=True)
        results.append(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
