"""Measurement: how long a received answer exists only in memory (not a test).

    .venv/bin/python tests/signal_ingest/bench_answer_window.py [--envelopes 500] [--rounds 200] [--database-url URL]

signal-cli has taken an answer off Signal's server before signal-ingest sees it, so a SIGKILL
before the answer is committed loses it. Since the answer is stored whole first, that window is
one `answers.keep`: an INSERT of its bytes and the commit. A small answer (a live poll's) is cut
in that same transaction (`answers.keep_and_cut`), so its window is the cut and the commit. This times it on a fresh database
(SQLite with the store's own pragmas unless --database-url names another), next to the step
that follows it and used to be the window: cutting the answer into one row per element.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from signal_ingest.bench_signal_ingest import backlog  # noqa: E402
from signal_ingest.conftest import body  # noqa: E402

from puzzlesecretary.store import RawEvent, migrate, open_database  # noqa: E402
from puzzlesecretary_signal_ingest import answers  # noqa: E402
from puzzlesecretary_signal_ingest.metrics import Metrics  # noqa: E402


def timed(action, rounds: int) -> list[float]:
    """Milliseconds each of `rounds` calls of `action(i)` took."""
    out = []
    for i in range(rounds):
        started = time.perf_counter()
        action(i)
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(ms: list[float]) -> str:
    ordered = sorted(ms)
    p90 = ordered[int(len(ordered) * 0.9) - 1] if len(ordered) >= 10 else ordered[-1]
    return f"median {statistics.median(ordered):.2f} ms, p90 {p90:.2f} ms, max {ordered[-1]:.2f} ms ({len(ordered)} rounds)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envelopes", type=int, default=500, help="envelopes per answer (SIGNAL_MAX_MESSAGES's default)")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(args.database_url or f"sqlite:///{tmp}/window.db")
        migrate(db)
        answer = body(*backlog(args.envelopes))
        keep_ms = timed(lambda i: answers.keep(answer), args.rounds)  # keep does not look for duplicates
        RawEvent.delete().execute()
        # Cutting does: a different answer each round, as a backlog brings them.
        cut_rounds = min(args.rounds, 20)
        elements = backlog(args.envelopes * cut_rounds)
        for r in range(cut_rounds):
            answers.keep(body(*elements[r * args.envelopes : (r + 1) * args.envelopes]))
        waiting, metrics = answers.waiting(), Metrics()
        cut_ms = timed(lambda i: answers.split_answer(waiting[i], metrics), cut_rounds)
        # A live poll's answer (one envelope) is cut in the transaction that keeps it: its window.
        live = backlog(args.rounds + 1)[1:]
        live_ms = timed(lambda i: answers.keep_and_cut(body(live[i]), metrics), args.rounds)
        db.close()
    size_kb = len(answer) / 1024
    where = args.database_url.split("@")[-1] if args.database_url else "SQLite file (WAL, synchronous=NORMAL)"
    print(f"answers of {args.envelopes} envelopes ({size_kb:.0f} KiB each), on {where}")
    print(f"  store the answer whole (the window a SIGKILL can still lose it): {summary(keep_ms)}")
    print(f"  then cut it into one row per element (the old window):          {summary(cut_ms)}")
    print(f"  a one-envelope answer kept and cut in one transaction (its window): {summary(live_ms)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
