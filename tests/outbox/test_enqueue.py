"""The outbox's storing half: each outgoing value stored once, inside the caller's transaction or its own."""

from __future__ import annotations

import pytest

from puzzlesecretary import outbox
from puzzlesecretary.outgoing import React, Say, Seen
from puzzlesecretary.store import write_transaction
from puzzlesecretary.store.models import Outbox

SAY = Say(platform="signal", chat_id="group.abc", is_group=True, text="board: https://x/g/t", key="reply:signal:m1")
REACT = React(
    platform="whatsapp",
    chat_id="123@g.us",
    is_group=True,
    target_message_id="false_123@g.us_ABC_456@c.us",
    target_author="456@c.us",
    target_sent_at_ms=1_700_000_000_000,
    emoji="✅",
    key="confirm:whatsapp:ABC",
)
SEEN = Seen(
    platform="signal",
    chat_id="group.abc",
    is_group=True,
    target_message_id="uuid-1:1700000000000",
    target_author="uuid-1",
    target_sent_at_ms=1_700_000_000_000,
    key="seen:signal:uuid-1:1700000000000",
)


def test_enqueue_stores_each_value_and_gives_it_back_as_it_came(db):
    assert outbox.enqueue(db, [SAY, REACT, SEEN]) == 3
    rows = outbox.pending(db)
    assert [outbox.outgoing(row) for row in rows] == [SAY, REACT, SEEN]
    assert {row.kind for row in rows} == {"say", "react", "seen"}
    assert all(row.status == "pending" and row.attempts == 0 for row in rows)


def test_enqueuing_the_same_key_again_stores_nothing(db):
    assert outbox.enqueue(db, [SAY]) == 1
    assert outbox.enqueue(db, [SAY, SAY]) == 0
    changed = Say(platform="signal", chat_id="group.abc", is_group=True, text="other words", key=SAY.key)
    assert outbox.enqueue(db, [changed]) == 0
    [row] = Outbox.select()
    assert row.body["text"] == SAY.text


def test_enqueue_joins_the_callers_transaction_and_rolls_back_with_it(db):
    with pytest.raises(RuntimeError), write_transaction(db):
        assert outbox.enqueue(db, [SAY]) == 1
        raise RuntimeError("the score could not be stored")
    assert Outbox.select().count() == 0
    with write_transaction(db):
        outbox.enqueue(db, [SAY])
    assert Outbox.select().count() == 1


def test_a_value_without_a_key_is_refused(db):
    keyless = Say(platform="signal", chat_id="group.abc", is_group=True, text="hi", key="")
    with pytest.raises(ValueError, match="needs a key"):
        outbox.enqueue(db, [keyless])
    with pytest.raises(TypeError):
        outbox.enqueue(db, ["hello"])
    assert Outbox.select().count() == 0


def test_many_values_at_once_are_stored_in_one_call(db):
    many = [Say(platform="signal", chat_id="group.abc", is_group=True, text=f"n{i}", key=f"k{i}") for i in range(1234)]
    assert outbox.enqueue(db, many) == 1234
    assert outbox.enqueue(db, many[1000:] + [SAY]) == 1
