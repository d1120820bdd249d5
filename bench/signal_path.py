"""The probe's live day again, the way the Signal ingest takes it: each message its own receive answer.

Every message becomes a signal-cli envelope (tests/signal_ingest/signal_envelopes.py builds
them, with the keys the samples show), and goes through the Signal ingest's own Pipeline: the
answer kept raw (raw first: a RawEvent committed before anything reads it), then applied
(the applier, the scores, and each counted share's ✅ enqueued to the outbox by
ingest/confirm.py in the scores' transaction). That is a live message's whole database work
with the features that came after the first benchmark; JSON decoding is included, HTTP is not.
It also measures what the raw payloads add to the database per message.

`run_batched` feeds the same day in receive answers of B envelopes, as the poller gets them
when messages arrive faster than one per receive (docs/performance.md, the capacity line at
scale): chatter-only answers, then share-only answers, so each kind's CPU is its own.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from puzzlesecretary.store import database

from .report import BATCH  # envelopes per receive answer in the batched probe

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "signal_ingest"))
import signal_envelopes as envelopes  # noqa: E402

ACCOUNT = "+4915100000000"
GROUP = "UIXSwit7KF/RqKfH9jqySnLTgqVCimGcEK25Dbf+yDw="


def _person(sender_id: str, name: str | None, n: int) -> envelopes.Person:
    # A fixed uuid per member; numbers are hidden, as many Signal users set them.
    return envelopes.Person(f"00000000-0000-4000-8000-{n:012d}", None, name or sender_id)


# Each sender's uuid, the same in every call of this process: the first messages that make the
# members' identities and the measured day after them come from the same Signal accounts. (Numbered
# in order of sight per call, a member had another uuid, hence another name, in the measured day, and
# every identity was renamed there: a cost no live day has.)
_NUMBERS: dict[int, dict[str, int]] = {}


def _number(first_person: int, sender_id: str) -> int:
    """The uuid number of `sender_id` among the senders numbered from `first_person` on."""
    mine = _NUMBERS.setdefault(first_person, {})
    return mine.setdefault(sender_id, first_person + len(mine))


def _pipeline(events: list, group: str, first_person: int):
    """The Signal ingest's Pipeline reading `group`, and an envelope Person per sender (uuids from `first_person` on)."""
    from puzzlesecretary_signal_ingest.metrics import Metrics
    from puzzlesecretary_signal_ingest.pipeline import Pipeline

    pipeline = Pipeline([group], Metrics())
    people: dict[str, envelopes.Person] = {}
    for event in events:
        people.setdefault(event.sender_id, _person(event.sender_id, event.sender_name, _number(first_person, event.sender_id)))
    pipeline.name_groups([{"internal_id": group, "name": "Probe", "members": [p.uuid for p in people.values()]}])
    return pipeline, people


def run(events: list, is_share, sent_from_ms: int, group: str = GROUP, first_person: int = 0) -> dict:
    """Feed `events` one receive answer each; CPU ms per chatter message and per share, outbox rows, raw bytes."""
    pipeline, people = _pipeline(events, group, first_person)
    db = database()
    outbox_before = db.execute_sql("SELECT count(*) FROM outbox").fetchone()[0]
    cpu = {"chatter": 0.0, "share": 0.0}
    counts = {"chatter": 0, "share": 0}
    # Sent 100 ms apart from `sent_from_ms`: recent enough to be confirmed (confirm.MAX_AGE_MS).
    for n, event in enumerate(events):
        kind = "share" if is_share(event) else "chatter"
        sent = sent_from_ms + n * 100
        body = b"[" + envelopes.compact(envelopes.group_post(people[event.sender_id], sent, event.text, group, ACCOUNT)) + b"]"
        started = time.process_time()
        pipeline.take(body)
        cpu[kind] += time.process_time() - started
        counts[kind] += 1
    return _result(db, counts, cpu, outbox_before)


def run_batched(events: list, is_share, sent_from_ms: int, group: str, batch: int = BATCH, first_person: int = 0) -> dict:
    """Feed `events` in receive answers of `batch` envelopes: chatter-only answers, then share-only answers.

    The same envelopes and Pipeline calls as `run` (Pipeline.take, the poller's steps, each
    answer timed from its bytes to its ✅ in the outbox); an answer's CPU is divided among its
    envelopes, so each kind's cost per message is that kind's answers' CPU over its messages.
    The last answer of a kind may be smaller; `answers` says how many there were.
    """
    if batch < 1:
        raise ValueError(f"a receive answer holds at least one envelope, not {batch}")
    pipeline, people = _pipeline(events, group, first_person)
    db = database()
    outbox_before = db.execute_sql("SELECT count(*) FROM outbox").fetchone()[0]
    cpu = {"chatter": 0.0, "share": 0.0}
    counts = {"chatter": 0, "share": 0}
    answers = {"chatter": 0, "share": 0}
    sent = sent_from_ms
    for kind in ("chatter", "share"):
        mine = [e for e in events if (kind == "share") == bool(is_share(e))]
        for start in range(0, len(mine), batch):
            elements = []
            for event in mine[start : start + batch]:
                post = envelopes.group_post(people[event.sender_id], sent, event.text, group, ACCOUNT)
                elements.append(envelopes.compact(post))
                sent += 100
            body = b"[" + b",".join(elements) + b"]"
            started = time.process_time()
            pipeline.take(body)
            cpu[kind] += time.process_time() - started
            counts[kind] += len(elements)
            answers[kind] += 1
    result = _result(db, counts, cpu, outbox_before)
    result.update(batch=batch, chatter_answers=answers["chatter"], share_answers=answers["share"])
    return result


def _result(db, counts: dict, cpu: dict, outbox_before: int) -> dict:
    reactions = db.execute_sql("SELECT count(*) FROM outbox").fetchone()[0] - outbox_before
    raw_event, message_raw = db.execute_sql(
        # The raw events' payloads over the messages they hold: since an answer of ordinary envelopes is kept whole as one
        # raw event (whole_answers.py), an average per raw event would count a 27 KiB answer as one message's payload.
        "SELECT (SELECT sum(length(payload)) FROM raw_event WHERE platform = 'signal')"
        " * 1.0 / (SELECT count(*) FROM message WHERE platform = 'signal'),"
        " (SELECT avg(length(raw)) FROM message WHERE platform = 'signal')"
    ).fetchone()
    return {
        "chatter_messages": counts["chatter"],
        "share_messages": counts["share"],
        "chatter_cpu_ms": 1000 * cpu["chatter"] / max(counts["chatter"], 1),
        "share_cpu_ms": 1000 * cpu["share"] / max(counts["share"], 1),
        "reactions_enqueued": reactions,
        "raw_event_payload_bytes": float(raw_event or 0),
        "message_raw_bytes": float(message_raw or 0),
    }


def recap_cost(group_platform_id: str, day, samples: int = 5) -> dict:
    """CPU ms of one group's recap of `day` (as the speaker makes it) stored in the outbox: the median of `samples`."""
    import datetime as dt

    from puzzlesecretary.outbox import enqueue
    from puzzlesecretary.outgoing import Say
    from puzzlesecretary.recap.read import recap
    from puzzlesecretary.store import Group, write_transaction

    db = database()
    group = Group.get(Group.platform_id == group_platform_id)
    members = db.execute_sql(f"SELECT count(*) FROM membership WHERE group_id = {db.param}", (group.id,)).fetchone()[0]
    now = dt.datetime.now(dt.UTC)
    times = []
    for n in range(samples):
        started = time.process_time()
        text = recap(db, group, "day", day, now, f"https://example.org/g/{group.token}")
        key = f"bench-recap:{group.id}:{now.isoformat()}:{n}"
        with write_transaction(db):
            enqueue(db, [Say(group.platform, group.platform_id, True, text, key, group.id)])
        times.append(time.process_time() - started)
    return {"recap_cpu_ms": 1000 * sorted(times)[len(times) // 2], "members": members}
