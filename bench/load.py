"""Load through the production server: the web's own `main` (waitress) pinned to one core,
wrk from Debian pinned to the other, 32 connections, on 127.0.0.1 only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The web's real entry point, in a process that looks like the image (no PostgreSQL driver
# when the database is SQLite).
SERVER = (
    "import sys\n"
    "if sys.argv[1] == 'sqlite':\n"
    "    from bench.isolate import without_postgres_driver; without_postgres_driver()\n"
    "from puzzlesecretary_web.main import main\n"
    "sys.exit(main([]))\n"
)


class LoadError(RuntimeError):
    """The server did not come up, or wrk is missing or said something unexpected."""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pinned(cpu: int, command: list[str]) -> list[str]:
    """`command` on one CPU, when the machine has more than one (taskset from util-linux)."""
    if (os.cpu_count() or 1) > 1 and shutil.which("taskset"):
        return ["taskset", "-c", str(cpu), *command]
    return command


def to_ms(text: str) -> float:
    """wrk's '1.23ms' / '850.00us' / '1.02s' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise LoadError(f"wrk printed a latency I cannot read: {text!r}")
    value, unit = float(match[1]), match[2]
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def parse_wrk(output: str) -> dict:
    """Requests per second and the latency percentiles from `wrk --latency`."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rate:
        raise LoadError("wrk printed no Requests/sec:\n" + output)
    out = {"req_per_s": float(rate[1])}
    for pct in ("50", "90", "99"):
        found = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.MULTILINE)
        if found:
            out[f"p{pct}_ms"] = to_ms(found[1])
    total = re.search(r"(\d+) requests in", output)
    out["requests"] = int(total[1]) if total else 0
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    out["non_2xx"] = int(errors[1]) if errors else 0
    return out


def cpu_seconds(pid: int) -> float:
    """User plus system CPU a process has used so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def cpu_ticks(stat_text: str, cpu: int) -> tuple[int, int]:
    """(busy, total) clock ticks of one CPU so far, from the text of /proc/stat (idle and iowait are not busy)."""
    for line in stat_text.splitlines():
        name, *fields = line.split()
        if name == f"cpu{cpu}":
            ticks = [int(field) for field in fields]
            return sum(ticks) - ticks[3] - ticks[4], sum(ticks)
    return 0, 0


def others_share(before: tuple[int, int], after: tuple[int, int], own_seconds: float) -> float:
    """The share of a CPU's time that went to other processes over a run, from its (busy, total) ticks before and
    after and the CPU seconds the server itself spent: what the shared machine took from the server's core."""
    hz = os.sysconf("SC_CLK_TCK")
    total = (after[1] - before[1]) / hz
    if total <= 0:
        return 0.0
    return max(0.0, ((after[0] - before[0]) / hz - own_seconds) / total)


def _cpu0() -> tuple[int, int]:
    try:
        return cpu_ticks(Path("/proc/stat").read_text(), 0)
    except OSError:
        return 0, 0


def _wrk(pid: int, url: str, seconds: int, connections: int, threads: int) -> dict:
    """One wrk run on CPU 1 against the server `pid` on CPU 0: its figures, the server's CPU per request, and the
    share of CPU 0 that other processes took meanwhile (the board's p99 follows it, docs/performance.md)."""
    command = pinned(1, ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url])
    before, core = cpu_seconds(pid), _cpu0()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    spent = cpu_seconds(pid) - before
    others = others_share(core, _cpu0(), spent)
    if done.returncode != 0:
        raise LoadError("wrk failed: " + done.stderr)
    result = parse_wrk(done.stdout)
    if result["non_2xx"]:
        raise LoadError(f"{url} answered {result['non_2xx']} requests with an error")
    # CPU per request, from the server's own clock: what the capacity line needs, and
    # unlike req/s it does not shrink when other work shares the core.
    result["server_cpu_ms_per_request"] = 1000 * spent / result["requests"] if result["requests"] else 0.0
    result["others_on_server_cpu"] = others
    return result


def serve_and_load(
    url: str, path: str, seconds: int = 10, connections: int = 32, threads: int = 2, settings: dict | None = None
) -> dict:
    """Start the web on `url`, warm `path`, run wrk against it, then against /healthz; the server's peak RSS too.

    `settings` overrides the web's environment (say LOG_LEVEL) for an experiment.
    """
    if not shutil.which("wrk"):
        raise LoadError("wrk is not installed: run tests/setup/30-postgres.sh (apt-get install wrk)")
    port = free_port()
    # The web's own defaults otherwise (LOG_LEVEL included): what production runs.
    env = {**os.environ, "DATABASE_URL": url, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port)}
    env.pop("LOG_LEVEL", None)
    env.update(settings or {})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    # The log goes to a file: a pipe nobody reads fills up and stalls the server mid-run.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below, after the server)
    server = subprocess.Popen(pinned(0, [sys.executable, "-c", SERVER, backend]), env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + path, timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise LoadError("the web did not start: " + log.read().decode(errors="replace")[-2000:]) from error
                time.sleep(0.2)
        result = _wrk(server.pid, base + path, seconds, connections, threads)
        # The cheapest answer the same server gives, in the same run: how close the page path is
        # to the server's own limit (1.0 would mean the page costs nothing beyond HTTP).
        cheapest = _wrk(server.pid, base + "/healthz", seconds, connections, threads)
        result["healthz"] = cheapest
        result["req_per_s_vs_healthz"] = result["req_per_s"] / cheapest["req_per_s"] if cheapest["req_per_s"] else 0.0
        result["server_peak_rss_kib"] = peak_rss_kib(server.pid)
        log.seek(0)
        result["server_log_lines"] = sum(1 for _ in log)
        result["connections"] = connections
        result["seconds"] = seconds
        return result
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
