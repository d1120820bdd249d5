"""The web's peak RSS once every store it keeps is full: many groups' pages viewed through the real server.

    .venv/bin/python -m bench.full_stores DATABASE [GROUPS] [NAME=VALUE ...]

DATABASE is an SQLite file a benchmark run left behind, e.g. `build/bench/quick.db` after
`.venv/bin/python -m bench --sizes 1000,10000 --days 3` (10,000 players in 5xx groups). It is copied
first. The GROUPS (default 150) with the most members are viewed: each one's board, every member's
page and the head-to-heads of its first 12 members, gzipped, plain and gzipped again, from 4 client
threads, as `puzzlesecretary-web` runs in its image (4 threads, one malloc arena, PYTHONOPTIMIZE=2). NAME=VALUE pairs
are settings for the server (`WEB_CACHE_MB=1`). One JSON line: the pages asked, the peak RSS (VmHWM)
once started and at the end, in MiB.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import SERVER, free_port, peak_rss_kib

ROOT = Path(__file__).resolve().parent.parent
PAIRS_OF = 12  # head-to-heads among a group's first 12 members: 66 a group


def group_paths(db_file: str, groups: int) -> list[str]:
    """The paths viewed: of the `groups` groups with the most members, each one's board, member pages and head-to-heads."""
    con = sqlite3.connect(db_file)
    try:
        rows = con.execute(
            "SELECT g.id, g.token FROM chat_group g JOIN membership m ON m.group_id = g.id"
            " GROUP BY g.id ORDER BY count(*) DESC, g.id LIMIT ?",
            (groups,),
        ).fetchall()
        paths = []
        for gid, token in rows:
            ids = [r[0] for r in con.execute("SELECT player_id FROM membership WHERE group_id = ? ORDER BY player_id", (gid,))]
            base = f"/g/{token}"
            firsts = ids[:PAIRS_OF]
            paths += [base] + [f"{base}/p/{p}" for p in ids]
            paths += [f"{base}/vs/{a}/{b}" for i, a in enumerate(firsts) for b in firsts[i + 1 :]]
        return paths
    finally:
        con.close()


def serve(env: dict, work: Path, paths: list[str]) -> tuple[int, int]:
    """Start the web with `env` and ask every path gzipped, plain and gzipped again from 4 threads.

    Returns its VmHWM in KiB once up, and at the end."""
    port = free_port()
    env = {**env, "WEB_PORT": str(port)}
    with open(work / "web.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-c", SERVER, "sqlite"], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:

        def get(path: str, gzipped: bool) -> None:
            headers = {"Accept-Encoding": "gzip"} if gzipped else {}
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()

        for _ in range(150):
            try:
                get(paths[0], True)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"the web stopped: {(work / 'web.log').read_text()[-500:]}") from None
                time.sleep(0.2)
        start = peak_rss_kib(server.pid)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            for gzipped in (True, False, True):
                list(pool.map(get, paths, [gzipped] * len(paths)))
        return start, peak_rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(10)


def measure(database: str, groups: int, settings: dict[str, str]) -> dict:
    work = Path(tempfile.mkdtemp(prefix="full-stores-"))
    try:
        db_file = str(work / "copy.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                shutil.copy(database + suffix, db_file + suffix)
        paths = group_paths(db_file, groups)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}", "WEB_HOST": "127.0.0.1",
               "PYTHONPATH": str(ROOT), "PYTHONOPTIMIZE": "2", **settings}  # fmt: skip
        # The image starts from compiled modules (containers/base/Containerfile). Compiling at start
        # (PYTHONDONTWRITEBYTECODE=1 in the caller's environment) raised the start by 12 MiB, the peak by 2.5:
        # a first run of a board, a player page and a head-to-head writes the .pyc files the measured run reads.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # One page of each kind is enough to import (and compile) everything the measured run uses.
        serve(env, work, [paths[0], next(p for p in paths if "/p/" in p), next(p for p in paths if "/vs/" in p)])
        start, peak = serve(env, work, paths)
        return {"groups": groups, "pages": len(paths), "settings": settings,
                "start MiB": round(start / 1024, 1), "peak MiB": round(peak / 1024, 1)}  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_file():
        print(__doc__, file=sys.stderr)
        return 2
    groups = int(argv[1]) if len(argv) > 1 and "=" not in argv[1] else 150
    settings = dict(a.split("=", 1) for a in argv[1:] if "=" in a)
    print(json.dumps(measure(argv[0], groups, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
