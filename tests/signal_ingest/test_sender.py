"""Sending the outbox through signal-cli-rest-api: the fake checks each request against the real API and keeps it."""

from __future__ import annotations

import threading

import pytest
from signal_ingest.conftest import ACCOUNT, ALICE, GROUP, OTHER_GROUP
from signal_ingest.fake_signal_api import rest_group_id

from puzzlesecretary import outbox, sending
from puzzlesecretary.outgoing import React, Say, Seen
from puzzlesecretary.store.models import Outbox
from puzzlesecretary_signal_ingest.sender import SignalSender

FAST = sending.Limits(backoff_s=0.01, backoff_max_s=0.05, max_attempts=3)


def say(text="board: https://example.test/g/abc", key="reply:1", chat=GROUP, group_id=None):
    return Say(platform="signal", chat_id=chat, is_group=True, text=text, key=key, group_id=group_id)


def react(emoji="✅", key="confirm:1", sent_at=1_764_230_400_000):
    return React(platform="signal", chat_id=GROUP, is_group=True, target_message_id=f"{ALICE.uuid}:{sent_at}",
                 target_author=ALICE.uuid, target_sent_at_ms=sent_at, emoji=emoji, key=key)  # fmt: skip


def sender(db, fake, mode="on", limits=FAST, groups=frozenset({GROUP})):
    transport = SignalSender(fake.url, ACCOUNT)
    return sending.Sender(db, transport, mode=mode, enabled=sending.gate(db, groups), limits=limits, idle_s=0.01)


def row(key: str) -> Outbox:
    return Outbox.get(Outbox.key == key)


def test_a_text_to_a_group_is_posted_with_its_group_id_and_its_timestamp_kept(db, fake):
    outbox.enqueue(db, [say()])
    assert sender(db, fake).run_once() == 1
    [sent] = fake.outgoing.taken("/v2/send")
    assert sent["method"] == "POST"
    assert sent["body"] == {"number": ACCOUNT, "recipients": [rest_group_id(GROUP)], "message": "board: https://example.test/g/abc"}
    stored = row("reply:1")
    assert stored.status == "sent" and stored.upstream_id.isdigit() and stored.sent_at is not None
    assert outbox.is_own_send("signal", f"{ALICE.uuid}:{stored.upstream_id}", GROUP)


def test_a_direct_text_goes_to_the_players_uuid(db, fake):
    outbox.enqueue(db, [Say(platform="signal", chat_id=ALICE.uuid, is_group=False, text="hi", key="dm:1")])
    sender(db, fake).run_once()
    [sent] = fake.outgoing.taken("/v2/send")
    assert sent["body"]["recipients"] == [ALICE.uuid]


def test_the_unreleased_array_answer_of_v2_send_gives_the_timestamp_too(db, fake):
    fake.outgoing.array_answers = True
    outbox.enqueue(db, [say()])
    sender(db, fake).run_once()
    assert row("reply:1").upstream_id == str(fake.outgoing.clock)


def test_a_reaction_names_the_group_the_author_and_the_timestamp_and_taking_it_back_is_a_delete(db, fake):
    outbox.enqueue(db, [react(), react(emoji="", key="confirm:2")])
    sender(db, fake).run_once()
    posted, deleted = fake.outgoing.taken("/v1/reactions/")
    assert posted["method"] == "POST" and posted["path"] == f"/v1/reactions/{ACCOUNT}"
    assert posted["body"] == {
        "recipient": rest_group_id(GROUP), "reaction": "✅", "target_author": ALICE.uuid, "timestamp": 1_764_230_400_000,
    }  # fmt: skip
    assert deleted["method"] == "DELETE"
    assert deleted["body"] == {"recipient": rest_group_id(GROUP), "target_author": ALICE.uuid, "timestamp": 1_764_230_400_000}
    assert {r.status for r in Outbox.select()} == {"sent"}


def test_a_read_receipt_goes_to_the_author(db, fake):
    seen = Seen(platform="signal", chat_id=GROUP, is_group=True, target_message_id=f"{ALICE.uuid}:5",
                target_author=ALICE.uuid, target_sent_at_ms=5, key="seen:1")  # fmt: skip
    outbox.enqueue(db, [seen])
    sender(db, fake).run_once()
    [sent] = fake.outgoing.taken("/v1/receipts/")
    assert sent["body"] == {"recipient": ALICE.uuid, "receipt_type": "read", "timestamp": 5}


def test_a_4xx_is_marked_failed_with_its_reason_and_not_tried_again(db, fake):
    fake.outgoing.fail_next(1, 400, b'{"error":"Failed to send message: Untrusted Identity"}')
    outbox.enqueue(db, [say()])
    loop = sender(db, fake)
    loop.run_once()
    loop.run_once()
    stored = row("reply:1")
    assert stored.status == "failed" and "400" in stored.error and "Untrusted Identity" in stored.error
    assert len(fake.outgoing.sends) == 1


def test_a_request_the_real_api_refuses_is_a_failure_too(db, fake):
    outbox.enqueue(db, [say(chat=OTHER_GROUP)])  # a group the account is not in
    sender(db, fake, groups=frozenset({GROUP, OTHER_GROUP})).run_once()
    stored = row("reply:1")
    assert stored.status == "failed" and "Unknown group" in stored.error


def test_a_429_waits_the_retry_after_then_sends(db, fake):
    fake.outgoing.fail_next(1, 429, b'{"error":"Rate limit exceeded","challenge_tokens":["t"],"account":"+49"}', retry_after="30")
    outbox.enqueue(db, [say()])
    loop = sender(db, fake)
    loop.run_once()
    stored = row("reply:1")
    assert stored.status == "pending" and "429" in stored.error
    assert stored.due_at - stored.claimed_at >= 30_000
    assert loop.run_once() == 0  # not due yet
    Outbox.update(due_at=0).execute()  # the half minute has passed
    assert loop.run_once() == 1
    assert row("reply:1").status == "sent" and len(fake.outgoing.taken("/v2/send")) == 1


def test_a_429_without_retry_after_backs_off(db, fake):
    fake.outgoing.fail_next(1, 429, b'{"error":"Rate limit exceeded"}')
    outbox.enqueue(db, [say()])
    limits = sending.Limits(backoff_s=5, backoff_max_s=60)
    sender(db, fake, limits=limits).run_once()
    stored = row("reply:1")
    assert stored.status == "pending" and stored.due_at - stored.claimed_at >= 5_000


def test_an_upstream_that_keeps_failing_is_tried_with_growing_waits_then_given_up(db, fake):
    fake.outgoing.fail_next(5, 500, b'{"error":"signal-cli exited"}')
    outbox.enqueue(db, [react()])
    loop = sender(db, fake, limits=sending.Limits(backoff_s=1, backoff_max_s=60, max_attempts=3))
    waits = []
    for _ in range(3):
        Outbox.update(due_at=0).where(Outbox.status == "pending").execute()
        loop.run_once()
        stored = row("confirm:1")
        waits.append(stored.due_at - stored.claimed_at)
    assert stored.status == "failed" and stored.attempts == 3
    assert waits[0] >= 1_000 and waits[1] >= 2_000  # the second retry waits twice as long as the first
    assert sending.backoff_ms(1, FAST) == 10 and sending.backoff_ms(2, FAST) == 20 and sending.backoff_ms(9, FAST) == 50


def test_an_upstream_that_is_down_is_tried_again(db, fake):
    outbox.enqueue(db, [say()])
    loop = sending.Sender(db, SignalSender("http://127.0.0.1:9", ACCOUNT), enabled=sending.gate(db, {GROUP}), limits=FAST)
    loop.run_once()
    stored = row("reply:1")
    assert stored.status == "pending" and "ConnectionError" in stored.error


def test_nothing_is_posted_in_a_group_that_is_not_enabled(db, fake):
    outbox.enqueue(db, [say(chat=OTHER_GROUP)])
    sender(db, fake).run_once()
    assert fake.outgoing.sends == []
    stored = row("reply:1")
    assert stored.status == "failed" and stored.error == "the group is not enabled"


def test_nothing_is_posted_in_a_group_disabled_in_the_store_even_when_the_allowlist_names_it(db, fake):
    from puzzlesecretary.groups import DISABLED, set_state
    from puzzlesecretary.ingest import ensure_group

    set_state(ensure_group("signal", GROUP, "Puzzlers", "UTC"), DISABLED)  # `!ps leave`
    outbox.enqueue(db, [react(), say()])
    sender(db, fake).run_once()
    assert fake.outgoing.sends == []
    assert {(r.status, r.error) for r in Outbox.select()} == {("failed", "the group is not enabled")}


def test_outbound_off_sends_nothing_and_leaves_the_outbox_as_it_is(db, fake):
    outbox.enqueue(db, [say(), react()])
    stop = threading.Event()
    loop = sender(db, fake, mode="off")
    loop.stop = stop
    loop.run()  # returns at once
    assert fake.outgoing.sends == []
    assert {r.status for r in Outbox.select()} == {"pending"}


def test_outbound_log_logs_what_would_be_sent_and_sends_nothing(db, fake, caplog):
    outbox.enqueue(db, [say(text="would say this")])
    with caplog.at_level("INFO", logger="puzzlesecretary.sending"):
        sender(db, fake, mode="log").run_once()
    assert fake.outgoing.sends == []
    assert row("reply:1").status == "logged"
    assert "would say this" in caplog.text


def test_an_unknown_outbound_mode_is_refused():
    with pytest.raises(ValueError, match="OUTBOUND"):
        sending.Sender(None, SignalSender("http://127.0.0.1:9", ACCOUNT), mode="maybe")


def test_a_group_says_at_most_its_hourly_limit_and_the_rest_waits(db, fake):
    from puzzlesecretary.ingest import ensure_group

    group = ensure_group("signal", GROUP, "Puzzlers", "UTC")
    outbox.enqueue(db, [say(text=f"n{i}", key=f"reply:{i}", group_id=group.id) for i in range(3)] + [react()])
    loop = sender(db, fake, limits=sending.Limits(group_hourly=2))
    for _ in range(10):
        loop.run_once()
    assert len(fake.outgoing.taken("/v2/send")) == 2
    assert len(fake.outgoing.taken("/v1/reactions/")) == 1  # a reaction is no text
    waiting = row("reply:2")
    assert waiting.status == "pending" and waiting.error == "hourly limit of the group"
    assert waiting.due_at >= row("reply:0").claimed_at + sending.HOUR_MS


def test_after_a_crash_a_reaction_is_sent_again_and_a_text_is_not(db, fake):
    outbox.enqueue(db, [react(), say()])
    claimed = sending.claim(db, "signal", FAST)  # then the process died, mid-send
    assert {r.status for r in claimed} == {"sending"}
    assert sending.recover(db, "signal") == (1, 1)
    assert row("reply:1").status == "unknown"
    loop = sender(db, fake)
    loop.run_once()
    assert row("confirm:1").status == "sent"
    assert fake.outgoing.taken("/v2/send") == []


def test_two_claims_never_take_the_same_row(db, fake):
    outbox.enqueue(db, [react(key=f"k{i}") for i in range(30)])
    first = sending.claim(db, "signal", sending.Limits(batch=20))
    second = sending.claim(db, "signal", sending.Limits(batch=20))
    assert len(first) == 20 and len(second) == 10
    assert not {r.id for r in first} & {r.id for r in second}


def test_a_claim_ends_at_its_first_text_so_a_crash_leaves_only_that_one_unknown(db, fake):
    outbox.enqueue(db, [react(key="r1"), say(key="t1"), react(key="r2"), say(key="t2")])
    assert [r.key for r in sending.claim(db, "signal", FAST)] == ["r1", "t1"]
    assert sending.recover(db, "signal") == (1, 1)
    assert [row(k).status for k in ("r1", "t1", "r2", "t2")] == ["pending", "unknown", "pending", "pending"]
