"""`python -m bench.outbox [N]`: what the outbox costs, on an SQLite file in a temporary folder.

Measures enqueueing N confirmations in one transaction, then delivering them through the real
Signal sender to the fake signal-cli-rest-api on 127.0.0.1 (claim, HTTP request, settle per row):
N reactions (claimed 20 at a time) and N/10 texts (one per claim). Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from signal_ingest.fake_signal_api import FakeSignalAPI, group_entry  # noqa: E402

from puzzlesecretary import outbox, sending  # noqa: E402
from puzzlesecretary.outgoing import React, Say  # noqa: E402
from puzzlesecretary.store import migrate, open_database  # noqa: E402
from puzzlesecretary_signal_ingest.sender import SignalSender  # noqa: E402

ACCOUNT = "+4915100000000"
GROUP = "UIXSwit7KF/RqKfH9jqySnLTgqVCimGcEK25Dbf+yDw="
AUTHOR = "6b1f2a8e-0c1d-4e5f-8a9b-0c1d2e3f4a5b"


def deliver(db, fake) -> float:
    loop = sending.Sender(db, SignalSender(fake.url, ACCOUNT), enabled=sending.gate(db, {GROUP}),
                          limits=sending.Limits(group_hourly=0))  # fmt: skip
    started = time.perf_counter()
    while loop.run_once():
        pass
    return time.perf_counter() - started


def main(n: int) -> dict:
    fake = FakeSignalAPI(ACCOUNT, [group_entry("Puzzlers", GROUP, [])]).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(f"sqlite:///{folder}/bench.db")
            migrate(db)
            reactions = [React(platform="signal", chat_id=GROUP, is_group=True, target_message_id=f"{AUTHOR}:{i + 1}",
                               target_author=AUTHOR, target_sent_at_ms=i + 1, emoji="✅", key=f"confirm:{i}")
                         for i in range(n)]  # fmt: skip
            started = time.perf_counter()
            outbox.enqueue(db, reactions)
            enqueue_s = time.perf_counter() - started
            react_s = deliver(db, fake)
            texts = [Say(platform="signal", chat_id=GROUP, is_group=True, text=f"text {i}", key=f"reply:{i}")
                     for i in range(n // 10)]  # fmt: skip
            outbox.enqueue(db, texts)
            say_s = deliver(db, fake)
            sent = len(fake.outgoing.taken())
            db.close()
    finally:
        fake.stop()
    return {
        "rows": n,
        "enqueue_ms_per_1000": round(enqueue_s / n * 1_000_000, 1),
        "reactions_per_s": round(n / react_s),
        "texts_per_s": round((n // 10) / say_s),
        "requests_the_fake_took": sent,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
