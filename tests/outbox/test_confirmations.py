"""Confirmations: what a share's standing puts in the outbox, in the transaction that scores it (Signal's pipeline)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, CAROL, GROUP, ME, body, wordle

from puzzlesecretary import outbox
from puzzlesecretary.ingest import Applier, score_messages
from puzzlesecretary.ingest.confirm import THINKING, wanted
from puzzlesecretary.outgoing import Say
from puzzlesecretary.store import Group, Message, RawEvent
from puzzlesecretary.store.models import Outbox
from puzzlesecretary_signal_ingest.metrics import Metrics
from puzzlesecretary_signal_ingest.pipeline import Pipeline

TODAY = dt.datetime.now(dt.timezone.utc).date()


@pytest.fixture
def now() -> int:
    return int(time.time() * 1000) - 60_000


@pytest.fixture
def pipeline(db) -> Pipeline:
    return Pipeline([GROUP], Metrics())


def feed(pipeline, *elements) -> None:
    pipeline.store_response(body(*elements))
    pipeline.process_new()


def said() -> list[tuple[str, str, str]]:
    """(kind, emoji or "", target message id) of every outbox row, in order."""
    return [(r.kind, r.body.get("emoji", ""), r.body["target_message_id"]) for r in Outbox.select().order_by(Outbox.id)]


def test_a_counted_share_gets_a_check_mark_aimed_at_its_author_and_timestamp(pipeline, now):
    feed(pipeline, f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT, "Puzzlers"))
    [row] = Outbox.select()
    item = outbox.outgoing(row)
    assert (row.kind, item.emoji, item.target_author, item.target_sent_at_ms) == ("react", "✅", ALICE.uuid, now)
    assert (item.chat_id, item.is_group, item.key) == (GROUP, True, f"confirm:signal:{ALICE.uuid}:{now}:1")
    assert item.group_id == Group.get().id
    assert Message.get().confirmed == "✅"


def test_a_share_that_does_not_count_gets_a_thinking_face(pipeline, now):
    feed(pipeline, f.group_post(ALICE, now, wordle(3, TODAY + dt.timedelta(days=5)), GROUP, ACCOUNT))
    assert said() == [("react", THINKING, f"{ALICE.uuid}:{now}")]


def test_chatter_and_a_repost_get_nothing(pipeline, now):
    feed(
        pipeline,
        f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT),
        f.group_post(ALICE, now + 1000, "see you at 7", GROUP, ACCOUNT),
        f.group_post(ALICE, now + 2000, "again:\n" + wordle(3, TODAY), GROUP, ACCOUNT),
    )
    assert said() == [("react", "✅", f"{ALICE.uuid}:{now}")]


def test_the_same_envelope_delivered_again_says_nothing_more(pipeline, now):
    post = f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT)
    feed(pipeline, post)
    feed(pipeline, post)
    score_messages([m.id for m in Message.select()], confirm=True)  # a re-derivation that changes nothing
    assert len(said()) == 1


def test_an_edit_that_stops_a_share_counting_moves_the_check_mark_to_the_repost(pipeline, now):
    feed(
        pipeline,
        f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT),
        f.group_post(ALICE, now + 1000, wordle(4, TODAY), GROUP, ACCOUNT),
    )
    assert said() == [("react", "✅", f"{ALICE.uuid}:{now}")]
    feed(pipeline, f.edit(ALICE, now + 5000, now, "never mind", GROUP, ACCOUNT))
    assert said()[1:] == [("react", "", f"{ALICE.uuid}:{now}"), ("react", "✅", f"{ALICE.uuid}:{now + 1000}")]
    keys = [r.key for r in Outbox.select().order_by(Outbox.id)]
    assert keys[1] == f"confirm:signal:{ALICE.uuid}:{now}:2"


def test_an_edit_that_breaks_a_share_turns_its_check_mark_into_a_thinking_face(pipeline, now):
    feed(pipeline, f.group_post(CAROL, now, wordle(3, TODAY), GROUP, ACCOUNT))
    feed(pipeline, f.edit(CAROL, now + 5000, now, wordle(3, TODAY + dt.timedelta(days=5)), GROUP, ACCOUNT))
    assert [e for _, e, _ in said()] == ["✅", THINKING]


def test_the_operators_own_share_from_the_phone_is_confirmed_too(pipeline, now):
    feed(pipeline, f.own_post(ME, now, wordle(2, TODAY), GROUP, ACCOUNT))
    [row] = Outbox.select()
    assert row.body["target_author"] == ME.uuid and row.body["emoji"] == "✅"


def test_a_group_can_choose_another_emoji_receipts_only_or_nothing(pipeline, now):
    feed(pipeline, f.group_post(ALICE, now - 10_000, "hello", GROUP, ACCOUNT))  # the group now exists
    for n, (mode, expected) in enumerate((("🎉", ("react", "🎉")), ("receipts", ("seen", "")), ("off", None))):
        Group.update(reactions=mode).execute()
        at = now + n * 1000
        feed(pipeline, f.group_post(ALICE, at, wordle(3, TODAY - dt.timedelta(days=n)), GROUP, ACCOUNT))
        rows = [(r.kind, r.body.get("emoji", "")) for r in Outbox.select().where(Outbox.key.contains(f":{at}:"))]
        assert rows == ([expected] if expected else [])
    assert Outbox.get(Outbox.kind == "seen").body["target_author"] == ALICE.uuid


def test_an_old_message_from_a_backlog_and_an_import_are_not_confirmed(pipeline, now):
    old = now - 3 * 24 * 3_600_000
    feed(pipeline, f.group_post(ALICE, old, wordle(3, TODAY - dt.timedelta(days=3)), GROUP, ACCOUNT))
    from puzzlesecretary.events import NewMessage

    Applier().apply([NewMessage("signal", "imported:1", GROUP, CAROL.uuid, "Carol", dt.datetime.now(dt.timezone.utc),
                                wordle(3, TODAY))])  # fmt: skip
    assert Outbox.select().count() == 0


@pytest.mark.parametrize(
    "mode, counted, scored, rejected, confirmed, expected",
    [
        ("✅", True, True, False, "", "✅"),
        ("✅", True, True, False, "✅", None),
        ("✅", False, False, True, "", THINKING),
        ("✅", False, True, True, "", None),  # a repost that also names a bad game: nothing to say or take back
        ("✅", False, False, False, "✅", ""),
        ("✅", False, False, False, "", None),
        ("receipts", True, True, False, "", "seen"),
        ("receipts", True, True, False, "seen", None),
        ("receipts", False, False, True, "", None),
        ("off", True, True, False, "", None),
    ],
)
def test_what_each_standing_asks_for(mode, counted, scored, rejected, confirmed, expected):
    assert wanted(mode, counted, scored, rejected, confirmed) == expected


def test_the_bots_own_text_synced_back_is_no_share_and_the_operators_phone_share_counts(pipeline, db, now):
    from puzzlesecretary.store import Score

    text = "Today so far:\n" + wordle(2, TODAY)
    outbox.enqueue(db, [Say(platform="signal", chat_id=GROUP, is_group=True, text=text, key="reply:1")])
    Outbox.update(status="sent", upstream_id=str(now)).execute()  # what /v2/send answered
    feed(pipeline, f.own_post(ME, now, text, GROUP, ACCOUNT), f.own_post(ME, now + 1, wordle(4, TODAY), GROUP, ACCOUNT))
    assert [m.platform_message_id for m in Message.select()] == [f"{ME.uuid}:{now + 1}"]
    [score] = Score.select()
    assert score.score == 4


def test_a_live_message_keeps_a_reference_to_its_raw_event_and_is_still_confirmed(pipeline, now):
    feed(pipeline, f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT, "Puzzlers"))
    message = Message.get()
    assert message.raw is None  # no second copy of the payload
    assert bytes(RawEvent.get_by_id(message.raw_event).payload) == f.compact(
        f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT, "Puzzlers")
    )
    assert said() == [("react", "✅", f"{ALICE.uuid}:{now}")]


def test_a_message_stored_with_its_own_copy_of_the_payload_before_the_reference_is_still_confirmed(db, now):
    # Messages stored before migration 14 hold the payload in message.raw and no raw event id.
    envelope = f.group_post(ALICE, now, wordle(3, TODAY), GROUP, ACCOUNT, "Puzzlers")
    event = Pipeline([GROUP], Metrics()).applier.transport.read(RawEvent(payload=f.compact(envelope)))
    Applier().apply([event])
    message = Message.get()
    assert (message.raw_event, message.raw) == (None, f.compact(envelope).decode())
    score_messages([message.id], confirm=True)
    assert said() == [("react", "✅", f"{ALICE.uuid}:{now}")]


def test_a_direct_message_referencing_its_raw_event_is_not_confirmed(pipeline, now):
    feed(pipeline, f.group_post(ALICE, now - 1000, "hello", GROUP, ACCOUNT, "Puzzlers"))
    feed(pipeline, f.direct_post(ALICE, now, wordle(3, TODAY), ACCOUNT))
    assert [m.raw for m in Message.select()] == [None, None]
    assert said() == []
