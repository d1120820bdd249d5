"""Benchmark: how fast signal-ingest drains a backlog, and its peak memory (not a test).

    .venv/bin/python tests/signal_ingest/bench_signal_ingest.py [--envelopes 5000] [--per-poll 500]

Runs the real poller against the fake upstream over HTTP on 127.0.0.1, on a fresh SQLite file,
and prints envelopes per second for the whole path (receive, raw store, classify, store, score).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from signal_ingest import fake_signal_api as f  # noqa: E402
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, CAROL, GROUP, wordle  # noqa: E402

from puzzlesecretary.store import Message, Score, migrate, open_database  # noqa: E402
from puzzlesecretary_signal_ingest.health import Health  # noqa: E402
from puzzlesecretary_signal_ingest.metrics import Metrics  # noqa: E402
from puzzlesecretary_signal_ingest.pipeline import Pipeline  # noqa: E402
from puzzlesecretary_signal_ingest.poller import Poller  # noqa: E402
from puzzlesecretary_signal_ingest.upstream import SignalAPI  # noqa: E402


def backlog(count: int) -> list[dict]:
    """A group's days: one share per player and day, the rest chatter."""
    start = dt.date(2026, 1, 1)
    out = []
    for i in range(count):
        day = start + dt.timedelta(days=i // 30)
        ts = int(dt.datetime.combine(day, dt.time(8), dt.timezone.utc).timestamp() * 1000) + (i % 30) * 1000
        person = (ALICE, BOB, CAROL)[i % 3]
        text = wordle(2 + i % 5, day) if i % 30 < 3 else f"chatter {i}"
        out.append(f.group_post(person, ts, text, GROUP, ACCOUNT))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envelopes", type=int, default=5000)
    parser.add_argument("--per-poll", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/bench.db")
        migrate(db)
        fake = f.FakeSignalAPI(ACCOUNT, [f.group_entry("Puzzlers", GROUP)], max_wait_s=0.0).start()
        fake.inject(*backlog(args.envelopes))
        metrics = Metrics()
        poller = Poller(
            SignalAPI(fake.url, ACCOUNT, 1, 5, args.per_poll), Pipeline([GROUP], metrics), metrics, Health(60), 30, 10
        )
        started = time.perf_counter()
        poller.poll_until_empty()
        seconds = time.perf_counter() - started
        messages, scores = Message.select().count(), Score.select().count()
        fake.stop()
        db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"signal-ingest: {args.envelopes} envelopes ({args.per_poll} per poll) -> {messages} messages, {scores} scores")
    print(f"  {seconds:.2f} s, {args.envelopes / seconds:.0f} envelopes/s, peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
