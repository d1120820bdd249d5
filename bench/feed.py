"""The ingest side of the benchmark, run as its own process (`python -m bench.feed CONFIG`).

It grows a database by a range of the population's groups through the real write path
(puzzlesecretary.ingest: `ingest` for batches of messages, `edit_message` for edits), then
times one more day of a probe group, chatter and shares apart, in backlog batches and one
message at a time. It prints one JSON object; its peak RSS is the ingest process's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator

from .isolate import without_postgres_driver

# Run as the ingest process on SQLite: hide the PostgreSQL driver before peewee can load it.
if __name__ == "__main__" and sys.argv[1:] and json.loads(sys.argv[1]).get("url", "").startswith("sqlite"):
    without_postgres_driver()

from puzzlesecretary import ingest
from puzzlesecretary.sample import CHATTER
from puzzlesecretary.store import migrate, open_database

from . import signal_path
from .population import (
    MEASURED_GROUP,
    MEASURED_SIZE,
    ChatGroup,
    Edit,
    Member,
    Shape,
    day_events,
    history,
    iter_groups,
    playable_games,
)

BACKLOG_BATCH = 500  # what a poll of a backlog hands over at once (the Signal ingest asks for 500)
CHATTER_TEXTS = frozenset(CHATTER)


@dataclasses.dataclass
class Tally:
    """Messages fed and the time they took."""

    messages: int = 0
    shares: int = 0
    edits: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0

    def add(self, other: Tally) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def is_share(event) -> bool:
    return event.text not in CHATTER_TEXTS


def feed(events: Iterable, batch: int, timezone: str) -> Tally:
    """Ingest `events` in batches of `batch` messages (an edit ends a batch), timing only the ingest."""
    tally = Tally()
    pending: list = []

    def flush() -> None:
        if not pending:
            return
        wall, cpu = time.perf_counter(), time.process_time()
        ingest.ingest(pending, timezone)
        tally.wall_s += time.perf_counter() - wall
        tally.cpu_s += time.process_time() - cpu
        tally.messages += len(pending)
        tally.shares += sum(1 for e in pending if is_share(e))
        pending.clear()

    for event in events:
        if isinstance(event, Edit):
            flush()
            wall, cpu = time.perf_counter(), time.process_time()
            ingest.edit_message("bench", event.message_id, event.text, event.at)
            tally.wall_s += time.perf_counter() - wall
            tally.cpu_s += time.process_time() - cpu
            tally.edits += 1
            continue
        pending.append(event)
        if len(pending) >= batch:
            flush()
    flush()
    return tally


def chosen_groups(shape: Shape, first_player: int, last_player: int) -> Iterator[ChatGroup]:
    """The groups whose first player falls in [first_player, last_player): one step of growth."""
    seen = 0
    for chat in iter_groups(shape):
        if seen >= last_player:
            return
        if first_player <= seen:
            yield chat
        seen += len(chat.members)


def probe_group(shape: Shape, tag: str) -> ChatGroup:
    """A fresh 50-player group for timing one day's messages on a database of a given size."""
    games = tuple(playable_games())
    members = tuple(Member(f"probe-{tag}-p{i}", f"Probe {i}", games[: 1 + i % len(games)]) for i in range(MEASURED_SIZE))
    return ChatGroup(f"probe-{tag}", members, 2)


def probe(shape: Shape, end: dt.date, tag: str) -> dict:
    """CPU ms per message for chatter and for shares, backlog batches and one at a time."""
    import random

    chat = probe_group(shape, tag)
    rng = random.Random(tag)
    out: dict = {}
    for mode, batch, day in (("backlog", BACKLOG_BATCH, end - dt.timedelta(days=1)), ("live", 1, end)):
        # A first day makes the probe's players and memberships, as a group's history would.
        warm = [
            e
            for e in day_events(ChatGroup(chat.platform_id + mode, chat.members, 1), day - dt.timedelta(days=2), shape, rng)
            if not isinstance(e, Edit)
        ]
        feed(warm, BACKLOG_BATCH, shape.timezone)
        events = [
            e for e in day_events(ChatGroup(chat.platform_id + mode, chat.members, 1), day, shape, rng) if not isinstance(e, Edit)
        ]
        chatter = feed([e for e in events if not is_share(e)], batch, shape.timezone)
        shares = feed([e for e in events if is_share(e)], batch, shape.timezone)
        out[mode] = {
            "chatter_messages": chatter.messages,
            "share_messages": shares.messages,
            "chatter_cpu_ms": 1000 * chatter.cpu_s / max(chatter.messages, 1),
            "share_cpu_ms": 1000 * shares.cpu_s / max(shares.messages, 1),
        }
    return out


def probe_signal(shape: Shape, end: dt.date, tag: str, batch: int | None = None) -> dict:
    """The live day once more through the Signal ingest's pipeline (raw first, confirmations), in a
    Signal group of its own, after a first message of each member (their identities and memberships).

    One envelope per receive answer; with `batch`, the same day in answers of that many envelopes,
    in another group whose members have other uuids (so its shares are new scores, not reposts).
    """
    import random

    chat = probe_group(shape, tag)
    rng = random.Random(tag + "signal")
    now_ms = int(time.time() * 1000)
    signal_chat = ChatGroup(chat.platform_id + "signal", chat.members, 1)
    earlier = [e for e in day_events(signal_chat, end - dt.timedelta(days=2), shape, rng) if not isinstance(e, Edit)]
    events = [e for e in day_events(signal_chat, end, shape, rng) if not isinstance(e, Edit)]
    first = list({e.sender_id: e for e in reversed(earlier)}.values())
    if batch is None:
        group = f"bench-{tag}"
        signal_path.run(first, is_share, now_ms - 6_000_000, group)
        return signal_path.run(events, is_share, now_ms - 3_000_000, group)
    group, offset = f"bench-{tag}-batched", 10 * MEASURED_SIZE
    signal_path.run(first, is_share, now_ms - 6_000_000, group, offset)
    return signal_path.run_batched(events, is_share, now_ms - 3_000_000, group, batch, offset)


def peak_rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run(config: dict) -> dict:
    shape = Shape(**config["shape"])
    end = dt.date.fromisoformat(config["end"])
    db = open_database(config["url"])
    migrate(db)
    counted = Counter()

    def chats() -> Iterator[ChatGroup]:
        for chat in chosen_groups(shape, config["first_player"], config["last_player"]):
            counted["groups"] += 1
            counted["players"] += len(chat.members)
            yield chat

    tally = Tally()
    for _, events in history(shape, end, chats()):
        tally.add(feed(events, BACKLOG_BATCH, shape.timezone))
    result = {
        "groups": counted["groups"],
        "players": counted["players"],
        "backlog": dataclasses.asdict(tally),
        "backlog_msgs_per_s": tally.messages / tally.wall_s if tally.wall_s else 0.0,
        "backlog_msgs_per_cpu_s": tally.messages / tally.cpu_s if tally.cpu_s else 0.0,
    }
    if config.get("probe"):
        result["probe"] = probe(shape, end, config["probe"])
    # The ingest's peak, before the Signal ingest's own modules (metrics, pipeline) are loaded.
    result["peak_rss_kib"] = peak_rss_kib()
    if config.get("probe"):
        result["probe"]["signal"] = probe_signal(shape, end, config["probe"])
        batch = config.get("batch", signal_path.BATCH)
        result["probe"]["signal_batched"] = probe_signal(shape, end, config["probe"], batch)
        result["recap"] = signal_path.recap_cost(MEASURED_GROUP, end - dt.timedelta(days=1))
    db.close()
    return result


def main(argv: list[str]) -> int:
    print(json.dumps(run(json.loads(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
