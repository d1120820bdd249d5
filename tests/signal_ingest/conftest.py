"""Fixtures for signal-ingest: the fake upstream on a free port, people, groups and share texts."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from signal_ingest.fake_signal_api import FakeSignalAPI, Person, compact, group_entry, rest_group_id

from puzzlesecretary.store import migrate, open_database
from puzzlesecretary_signal_ingest.metrics import Metrics
from puzzlesecretary_signal_ingest.pipeline import Pipeline

SAMPLES = Path(__file__).resolve().parent / "samples"
COMMAND = Path(sys.executable).parent / "puzzlesecretary-signal-ingest"

ACCOUNT = "+4915100000000"
# A real internal group id (sample signal_06) and a second one for "some other group".
GROUP = "UIXSwit7KF/RqKfH9jqySnLTgqVCimGcEK25Dbf+yDw="
OTHER_GROUP = "kP3mN0qR5sT8uV1wX4yZ7aB0cD3eF6gH9iJ2kL5mN8o="
DAY = dt.date(2026, 11, 27)
T0 = int(dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.timezone.utc).timestamp() * 1000)

ALICE = Person("6b1f2a8e-0c1d-4e5f-8a9b-0c1d2e3f4a5b", "+4915100000001", "Alice")
BOB = Person("27d6c025-997c-4b12-9f4f-a9b7a5791b7a", None, "🐺")  # hidden number, as in signal_06
CAROL = Person("c4a1e0b2-3d4f-4a6b-8c9d-0e1f2a3b4c5d", "+4915100000003", "Carol")
STRANGER = Person("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", "+4915100000009", "Mallory")
ME = Person("aaf50e83-2fff-41d5-86e3-a8cdfc3cbb3f", ACCOUNT, "Operator", device=2)


def wordle(guesses: int, day: dt.date = DAY, hard: bool = False) -> str:
    """A Wordle share for `day`'s puzzle (puzzle 0 was 2021-06-19)."""
    puzzle = (day - dt.date(2021, 6, 19)).days
    rows = ["⬛🟨⬛⬛⬛"] * (guesses - 1) + ["🟩🟩🟩🟩🟩"]
    return f"Wordle {puzzle:,} {guesses}/6{'*' if hard else ''}\n\n" + "\n".join(rows)


def body(*elements) -> bytes:
    """A receive response as signal-cli-rest-api builds it: lines joined with "," inside [ ]."""
    return b"[" + b",".join(e if isinstance(e, bytes) else compact(e) for e in elements) + b"]"


def sample(name: str):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
def pipeline(db, metrics) -> Pipeline:
    """A pipeline reading GROUP on a fresh database."""
    return Pipeline([GROUP], metrics)


@pytest.fixture
def fake():
    """The fake signal-cli-rest-api on 127.0.0.1, a free port, stopped after the test."""
    server = FakeSignalAPI(ACCOUNT, [group_entry("Puzzlers", GROUP, [ALICE.number, CAROL.number])]).start()
    yield server
    server.stop()


def count(metrics: Metrics, name: str, **labels) -> float:
    """A metric's current value (0 when never set)."""
    value = metrics.registry.get_sample_value(name, {"network": "signal", **labels})
    return value or 0.0


# The real command ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([str(COMMAND)], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def environment(tmp_path, fake):
    url = f"sqlite:///{tmp_path}/ingest.db"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": url,
        "SIGNAL_API_URL": fake.url,
        "SIGNAL_NUMBER": ACCOUNT,
        "SIGNAL_GROUP_IDS": rest_group_id(GROUP),
        "SIGNAL_SELF_UUID": ME.uuid,
        "SIGNAL_POLL_INTERVAL_S": "0.2",
        "SIGNAL_RECEIVE_TIMEOUT_S": "1",
        "SIGNAL_CMD_TIMEOUT_S": "5",
        "SIGNAL_MAX_MESSAGES": "800",
        "SIGNAL_RETRY_MAX_S": "0.5",
        "INGEST_HTTP_HOST": "127.0.0.1",
        "INGEST_HTTP_PORT": str(free_port()),
    }
    db = open_database(url)
    migrate(db)  # what the ingest does at start; the test reads the tables before it runs
    yield env, db
    db.close()
