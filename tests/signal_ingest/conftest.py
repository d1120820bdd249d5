"""Fixtures for signal-ingest: the fake upstream on a free port, people, groups and share texts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from signal_ingest.fake_signal_api import FakeSignalAPI, Person, compact, group_entry

from puzzlesecretary_signal_ingest.metrics import Metrics
from puzzlesecretary_signal_ingest.pipeline import Pipeline

SAMPLES = Path(__file__).resolve().parent / "samples"

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
