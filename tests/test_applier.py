"""The one applier (puzzlesecretary.ingest.applier): every lookup it makes is served by an index,
and the shared event vocabulary means the same thing whichever way it comes in."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import message
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, BOB, GROUP, T0, body, wordle

from puzzlesecretary.events import Delete, Edit, Ignored, NewMessage, Reaction
from puzzlesecretary.ingest import Applier, Policy, apply
from puzzlesecretary.store import Message, Score
from puzzlesecretary_signal_ingest.metrics import Metrics
from puzzlesecretary_signal_ingest.pipeline import Pipeline

WORDLE = "Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"
WORDLE_4 = WORDLE.replace("3/6", "4/6").replace("🟩🟩🟩🟩🟩", "⬛⬛⬛⬛⬛\n🟩🟩🟩🟩🟩")
AT = dt.datetime(2026, 11, 27, 8, tzinfo=dt.timezone.utc)
# What a plan line says when SQLite reads a whole table instead of probing an index.
FULL_SCAN = re.compile(r"^SCAN (?!CONSTANT ROW)(\w+)(?! USING (COVERING )?INDEX)")
# ... or probes an index by platform alone, which reads every row of that platform (the edit
# chain's LIKE on raw_event.dedup_key did, before it became a range of the index).
PLATFORM_ONLY = re.compile(r"USING (COVERING )?INDEX \S+ \(platform=\?\)$")


def statements_of(db, work) -> list[str]:
    """Every statement SQLite ran during `work()`, with its values filled in."""
    seen: list[str] = []
    connection = db.connection()
    connection.set_trace_callback(seen.append)
    try:
        work()
    finally:
        connection.set_trace_callback(None)
    return seen


def full_scans(db, statements: list[str]) -> list[tuple[str, str]]:
    """The (statement, plan line) pairs where a lookup reads a whole table."""
    out = []
    for sql in dict.fromkeys(statements):
        if not re.match(r"\s*(SELECT|UPDATE|DELETE|WITH)", sql, re.IGNORECASE):
            continue
        for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql).fetchall():
            if FULL_SCAN.match(row[-1]) or PLATFORM_ONLY.search(row[-1]):
                out.append((sql[:300], row[-1]))
    return out


@pytest.mark.sqlite_only
def test_every_lookup_of_a_signal_backlog_is_served_by_an_index(db):
    pipeline = Pipeline([GROUP], Metrics())
    pipeline.name_groups([{"internal_id": GROUP, "name": "Puzzlers", "members": [ALICE.number]}])
    # A backlog with everything the applier decides: messages, a repost, a direct message,
    # an edit of an edit whose first edit changed nothing, a delete, and an edit and a delete
    # whose messages never come (placeholders).
    elements = [
        f.group_post(ALICE, T0, wordle(4), GROUP, ACCOUNT, "Puzzlers"),
        f.group_post(BOB, T0 + 1_000, wordle(5), GROUP, ACCOUNT),
        f.group_post(ALICE, T0 + 2_000, wordle(3), GROUP, ACCOUNT),
        f.direct_post(ALICE, T0 + 3_000, "Connections\nPuzzle #930\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪", ACCOUNT),
        f.edit(BOB, T0 + 4_000, T0 + 1_000, wordle(5), GROUP, ACCOUNT),
        f.edit(BOB, T0 + 5_000, T0 + 4_000, wordle(2), GROUP, ACCOUNT),
        f.delete(ALICE, T0 + 6_000, T0 + 2_000, GROUP, ACCOUNT),
        f.edit(BOB, T0 + 7_000, T0 - 50_000, wordle(6), GROUP, ACCOUNT),
        f.delete(ALICE, T0 + 8_000, T0 - 60_000, GROUP, ACCOUNT),
    ]
    pipeline.store_response(body(*elements))
    ran = statements_of(db, lambda: pipeline.process_new(final=True))
    assert Message.select().count() >= 6  # the work really happened: the plans are of real lookups
    assert any('"dedup_key" >=' in sql for sql in ran)  # the edit chain was followed
    assert full_scans(db, ran) == []


@pytest.mark.sqlite_only
def test_every_lookup_of_an_import_with_repeats_edits_and_deletes_is_served_by_an_index(db):
    apply([NewMessage("test", "m0", "g1", "u-alice", "Alice", AT, "hello")])
    events = [
        NewMessage("test", "m1", "g1", "u-alice", "Alice", AT, WORDLE),
        NewMessage("test", "m2", "g1", "u-alice", "Alice", AT + dt.timedelta(seconds=2), "hello"),
        NewMessage("test", "m3", None, "u-alice", "Alice", AT + dt.timedelta(minutes=1), "a direct message"),
        Edit("test", None, AT + dt.timedelta(minutes=2), target="m1", text=WORDLE_4),
        Delete("test", None, AT + dt.timedelta(minutes=3), target="m0"),
        Edit("test", None, AT + dt.timedelta(minutes=4), target="never-stored", text="x"),
    ]
    ran = statements_of(db, lambda: apply(events, Policy(repeat_window=dt.timedelta(minutes=5))))
    assert Score.select().count() == 1
    assert full_scans(db, ran) == []


def test_a_repeat_within_the_window_is_dropped_and_says_so(db):
    apply([NewMessage("test", "m1", "g1", "u-alice", "Alice", AT, "hello")])
    [outcome] = apply([NewMessage("test", "m2", "g1", "u-alice", "Alice", AT + dt.timedelta(seconds=3), "hello")],
                      Policy(repeat_window=dt.timedelta(seconds=5)))  # fmt: skip
    assert (outcome.status, outcome.reason, outcome.duplicate) == ("ignored", "repeat", False)
    assert Message.select().count() == 1


def test_an_edit_before_its_message_waits_then_leaves_a_placeholder_the_message_fills(db):
    applier = Applier(Policy(early_edits="wait"))
    edit = Edit("test", "u-alice", AT + dt.timedelta(minutes=1), target="m1", text=WORDLE, group_id="g1")
    assert applier.apply([edit], final=False)[0].status == "new"
    assert Message.select().count() == 0
    assert applier.apply([edit], final=True)[0].status == "done"
    placeholder = Message.get(Message.platform_message_id == "m1")
    assert (placeholder.text, placeholder.edits[0]["text"]) == (WORDLE, "")
    [late] = applier.apply([NewMessage("test", "m1", "g1", "u-alice", "Alice", AT, "Wordle 1,987 X/6")])
    assert (late.status, late.reason, late.duplicate) == ("ignored", "duplicate", True)
    assert Message.get(Message.platform_message_id == "m1").edits[0]["text"] == "Wordle 1,987 X/6"
    assert Score.get().score == 3


def test_an_edit_of_a_message_never_stored_is_dropped_where_the_upstream_keeps_order(db):
    [outcome] = apply([Edit("test", None, AT, target="nope", text="x")])
    assert (outcome.status, outcome.reason) == ("ignored", "unknown_target")
    assert Message.select().count() == 0


def test_reactions_and_ignored_events_store_nothing_and_name_their_kind(db):
    outcomes = apply([Reaction("test", "u-alice", AT, kind="receipt"), Ignored("test", "broadcast", private=True)])
    assert [(o.status, o.reason, o.private) for o in outcomes] == [("ignored", "receipt", False), ("ignored", "broadcast", True)]
    assert Message.select().count() == 0


def test_the_earliest_post_counts_whichever_order_the_posts_come_in(db):
    later = message(WORDLE_4, message_id="b", at="2026-11-27T09:00:00+00:00")
    earlier = message(WORDLE, message_id="a", at="2026-11-27T08:00:00+00:00")
    apply([later])
    apply([earlier])
    assert [(s.message.platform_message_id, s.counted) for s in Score.select().order_by(Score.id)] == [("b", False), ("a", True)]


def test_settling_raw_events_names_an_unknown_column_and_changes_none_of_them(db):
    from puzzlesecretary.ingest import store_raw
    from puzzlesecretary.ingest.raw_events import settle_raw_events
    from puzzlesecretary.store import RawEvent

    first = store_raw("signal", "k1", b"{}", "dataMessage")
    second = store_raw("signal", "k2", b"{}", "dataMessage")
    with pytest.raises(ValueError, match="raw_event has no column 'colour'"):
        settle_raw_events([(first.id, {"status": "done"}), (second.id, {"status": "done", "colour": "red"})])
    assert [r.status for r in RawEvent.select().order_by(RawEvent.id)] == ["new", "new"]
    settle_raw_events([(first.id, {"status": "done"}), (second.id, {"status": "error", "error": "why"})])
    assert [(r.status, r.error) for r in RawEvent.select().order_by(RawEvent.id)] == [("done", None), ("error", "why")]


def test_settling_raw_events_that_share_an_outcome_sets_each_row_and_leaves_the_others_as_they_were(db):
    from puzzlesecretary.ingest import store_raw
    from puzzlesecretary.ingest.raw_events import settle_raw_events
    from puzzlesecretary.store import RawEvent

    rows = [store_raw("signal", f"k{n}", b'{"n": %d}' % n, "dataMessage") for n in range(5)]
    done = {"status": "done", "error": None, "kind": "message"}
    settle_raw_events(
        [(rows[0].id, dict(done)), (rows[1].id, {"status": "ignored", "error": None, "kind": "other_group", "payload": b""}),
         (rows[2].id, dict(done)), (rows[3].id, {"status": "error", "error": "why", "kind": "malformed"})]
    )  # fmt: skip
    assert [(r.status, r.error, r.kind, bytes(r.payload)) for r in RawEvent.select().order_by(RawEvent.id)] == [
        ("done", None, "message", b'{"n": 0}'),
        ("ignored", None, "other_group", b""),
        ("done", None, "message", b'{"n": 2}'),
        ("error", "why", "malformed", b'{"n": 3}'),
        ("new", None, "dataMessage", b'{"n": 4}'),
    ]
