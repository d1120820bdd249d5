"""`python -m bench`: the benchmark (docs/performance.md; `make bench`; `make bench-large` adds --large).

Grows one database through the real ingest path in steps of players, and at each size
measures ingest, page and load costs, memory and bytes on disk; then prints the table, the
targets and the capacity line, and writes it all as JSON under build/bench/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from .load import LoadError
from .report import BATCH, capacity, render

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"

# Players at each measured size, and days of history of every group but the measured one
# (that one always has a year). The quick run is smaller so it ends in a few minutes.
QUICK = {"sizes": (500, 1000, 2000), "days": 14, "load_seconds": 5}
LARGE = {"sizes": (1_000, 10_000, 100_000), "days": 3, "load_seconds": 10}


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


def child(module: str, config: dict) -> dict:
    """Run one step in its own process (so its memory is its own) and read its JSON."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", module, json.dumps(config)], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"{module} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import sqlite3

    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": os.getloadavg(),
    }


def measure(url: str, plan: dict, shape: dict, end: dt.date, progress) -> list[dict]:
    from puzzlesecretary.store import Group, open_database

    from . import disk
    from .load import serve_and_load
    from .population import MEASURED_GROUP

    results = []
    grown = 0
    for size in plan["sizes"]:
        progress(f"growing to {size:,} players through the ingest path ...")
        step = child(
            "bench.feed",
            {
                "url": url,
                "shape": shape,
                "end": end.isoformat(),
                "first_player": grown,
                "last_player": size,
                "probe": f"s{size}",
                "batch": plan["batch"],
            },
        )
        grown = size
        db = open_database(url, bind=True)
        sizes = disk.sizes(db, url)
        token = Group.get(Group.platform_id == MEASURED_GROUP).token
        db.close()
        progress(f"  {sizes['messages']:,} messages, {sizes['scores']:,} scores; timing pages ...")
        pages = child("bench.pages", {"url": url, "samples": 5, "repeats": 200})
        progress("  load through the server ...")
        load = serve_and_load(url, f"/g/{token}", seconds=plan["load_seconds"])
        first = sum(p["first_cpu_ms"] for p in pages.values()) / len(pages)
        repeat = sum(p["repeat_cpu_ms"] for p in pages.values()) / len(pages)
        http = max(0.0, load["server_cpu_ms_per_request"] - pages["board"]["repeat_cpu_ms"])
        live = step["probe"]["live"]
        cap = capacity(live["share_cpu_ms"], live["chatter_cpu_ms"], first, repeat, http)
        signal, recap = step["probe"]["signal"], step["recap"]
        recap_per_player = recap["recap_cpu_ms"] / max(recap["members"], 1)
        cap_signal = capacity(signal["share_cpu_ms"], signal["chatter_cpu_ms"], first, repeat, http, recap_per_player)
        batched = step["probe"]["signal_batched"]
        cap_batched = capacity(batched["share_cpu_ms"], batched["chatter_cpu_ms"], first, repeat, http, recap_per_player)
        at_scale = (batched["share_cpu_ms"], batched["chatter_cpu_ms"])
        shown = [p.get("after_shown_share_cpu_ms") for p in pages.values()]
        lines = {}
        if None not in shown:  # the pages probe measured a view after a share it shows, for every kind
            stale = sum(shown) / len(shown)
            lines["capacity_pieces"] = capacity(*at_scale, first, repeat, http, recap_per_player, stale_view_ms=stale).to_json()
        lines["capacity_cold"] = capacity(*at_scale, first, first, http, recap_per_player, stale_view_ms=first).to_json()
        results.append(
            {
                "players": size, "ingest": step, "disk": sizes, "pages": pages, "load": load,
                "capacity": cap.to_json(), "capacity_signal": cap_signal.to_json(),
                "capacity_signal_batched": cap_batched.to_json(), **lines,
            }
        )  # fmt: skip
    return results


def envelopes_per_answer(value: str) -> int:
    """--batch: a whole number of envelopes, at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"a receive answer holds at least 1 envelope, not {number}")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--large", action="store_true", help="1k, 10k and 100k players (the scale run)")
    parser.add_argument("--sizes", help="comma-separated player counts, instead of the preset")
    parser.add_argument("--days", type=int, help="days of history of every group but the measured one")
    parser.add_argument("--database-url", help="an empty database to fill (default: a fresh SQLite file under build/bench)")
    parser.add_argument("--postgres", action="store_true", help="run on a private PostgreSQL server (tests/postgres.py)")
    parser.add_argument("--measured-days", type=int, default=365, help="history of the 50-player group whose pages are timed")
    parser.add_argument("--load-seconds", type=int, help="how long wrk runs at each size")
    parser.add_argument(
        "--batch",
        type=envelopes_per_answer,
        default=BATCH,
        help=f"envelopes per Signal receive answer in the at-scale line (default {BATCH})",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the JSON and text report")
    args = parser.parse_args(argv)
    plan = dict(LARGE if args.large else QUICK)
    if args.sizes:
        plan["sizes"] = tuple(int(s) for s in args.sizes.split(","))
    if args.days:
        plan["days"] = args.days
    if args.load_seconds:
        plan["load_seconds"] = args.load_seconds
    plan["batch"] = args.batch
    shape = {"players": max(plan["sizes"]), "days": plan["days"], "measured_days": args.measured_days}
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    name = ("large" if args.large else "quick") + ("-postgresql" if args.postgres else "")
    server = None
    if args.postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        from postgres import TempServer

        server = TempServer().start()
        url = server.create_database()
    elif args.database_url:
        url = args.database_url
    else:
        path = out / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    started = time.monotonic()

    def progress(text: str) -> None:
        print(f"[{time.monotonic() - started:6.0f}s] {text}", file=sys.stderr, flush=True)

    try:
        result = {
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "backend": url.split(":", 1)[0],
            "plan": plan,
            "shape": shape,
            "sizes": measure(url, plan, shape, dt.date.today(), progress),
        }
    except (BenchError, LoadError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            server.stop()
    result["seconds"] = round(time.monotonic() - started)
    result["machine"]["load_average_at_end"] = os.getloadavg()
    text = render(result)
    (out / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    (out / f"{name}.txt").write_text(text + "\n")
    print(text)
    print(f"\n(wrote {out}/{name}.json and .txt in {result['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
