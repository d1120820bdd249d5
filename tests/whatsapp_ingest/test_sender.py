"""Sending through WAHA: the fake checks each request against WAHA's request types and keeps it;
a member's share gets its ✅, and the bot's own texts coming back are no shares."""

from __future__ import annotations

import datetime as dt
import re
import time

from whatsapp_ingest.conftest import GROUP, OTHER_GROUP, environ, wait_for
from whatsapp_ingest.fake_waha import group_message

from puzzlesecretary import outbox, sending
from puzzlesecretary.outgoing import React, Say, Seen
from puzzlesecretary.store import Message, RawEvent, Score
from puzzlesecretary.store.models import Group, Outbox
from puzzlesecretary_whatsapp_ingest.sender import WahaSender, sent_id, serialized

MEMBER = "447700900101@c.us"
FAST = sending.Limits(backoff_s=0.01, backoff_max_s=0.05, max_attempts=3)


def wordle_today(guesses: int = 3) -> str:
    puzzle = (dt.datetime.now(dt.timezone.utc).date() - dt.date(2021, 6, 19)).days
    return f"Wordle {puzzle:,} {guesses}/6\n\n" + "\n".join(["⬛🟨⬛⬛⬛"] * (guesses - 1) + ["🟩🟩🟩🟩🟩"])


def sender(db, fake, key="waha-test-key", mode="on"):
    transport = WahaSender(fake.url, key, "default")
    return sending.Sender(db, transport, mode=mode, enabled=sending.gate(db, frozenset({GROUP})), limits=FAST)


def test_a_text_is_sent_with_the_api_key_and_the_session_and_its_id_is_kept(db, fake_waha):
    outbox.enqueue(db, [Say(platform="whatsapp", chat_id=GROUP, is_group=True, text="board: https://x/g/t", key="reply:1")])
    sender(db, fake_waha).run_once()
    [sent] = fake_waha.outgoing.taken("/api/sendText")
    assert sent["method"] == "POST" and sent["status"] == 201
    assert sent["body"] == {"session": "default", "chatId": GROUP, "text": "board: https://x/g/t"}
    assert Outbox.get().upstream_id == sent["id"] and Outbox.get().status == "sent"


def test_a_reaction_names_the_message_as_the_webhook_did_and_a_receipt_names_the_sender(db, fake_waha):
    common = dict(platform="whatsapp", chat_id=GROUP, is_group=True, target_message_id=f"false_{GROUP}_3EB0AA11_{MEMBER}",
                  target_author=MEMBER, target_sent_at_ms=1)  # fmt: skip
    outbox.enqueue(db, [React(emoji="✅", key="c1", **common), React(emoji="", key="c2", **common), Seen(key="s1", **common)])
    sender(db, fake_waha).run_once()
    on, off = fake_waha.outgoing.taken("/api/reaction")
    assert on["method"] == "PUT" and on["status"] == 200
    assert on["body"] == {"session": "default", "messageId": f"false_{GROUP}_3EB0AA11_{MEMBER}", "reaction": "✅"}
    assert off["body"]["reaction"] == ""
    [seen] = fake_waha.outgoing.taken("/api/sendSeen")
    assert seen["body"] == {"session": "default", "chatId": GROUP, "messageId": f"false_{GROUP}_3EB0AA11_{MEMBER}",
                            "participant": MEMBER}  # fmt: skip


def test_a_wrong_api_key_is_a_failure_for_good_with_its_reason(db, fake_waha):
    outbox.enqueue(db, [Say(platform="whatsapp", chat_id=GROUP, is_group=True, text="hi", key="reply:1")])
    sender(db, fake_waha, key="wrong").run_once()
    stored = Outbox.get()
    assert stored.status == "failed" and "401" in stored.error and "Unauthorized" in stored.error


def test_a_session_that_is_not_working_is_tried_again_later(db, fake_waha):
    fake_waha.outgoing.fail_next(1, 500)
    outbox.enqueue(db, [Say(platform="whatsapp", chat_id=GROUP, is_group=True, text="hi", key="reply:1")])
    loop = sender(db, fake_waha)
    loop.run_once()
    assert Outbox.get().status == "pending" and "500" in Outbox.get().error
    Outbox.update(due_at=0).execute()
    loop.run_once()
    assert Outbox.get().status == "sent"


def test_nothing_goes_to_a_group_that_is_not_enabled(db, fake_waha):
    outbox.enqueue(db, [Say(platform="whatsapp", chat_id=OTHER_GROUP, is_group=True, text="hi", key="reply:1")])
    sender(db, fake_waha).run_once()
    assert fake_waha.outgoing.sends == [] and Outbox.get().error == "the group is not enabled"


def test_the_sent_id_is_read_from_either_engines_answer():
    assert sent_id({"key": {"remoteJid": GROUP, "fromMe": True, "id": "3EB0NOWEB"}}) == "3EB0NOWEB"
    webjs = {"id": {"fromMe": True, "remote": GROUP, "id": "3EB0WEBJS", "_serialized": f"true_{GROUP}_3EB0WEBJS"}}
    assert sent_id(webjs) == "3EB0WEBJS"
    assert sent_id({"id": f"true_{GROUP}_3EB0GOWS"}) == "3EB0GOWS"
    assert sent_id(None) is None and sent_id({"id": 5}) is None
    bare = React(platform="whatsapp", chat_id=GROUP, is_group=True, target_message_id="ABC", target_author=MEMBER,
                 target_sent_at_ms=1, emoji="✅", key="k")  # fmt: skip
    assert serialized(bare) == f"false_{GROUP}_ABC_{MEMBER}"


def test_a_members_wordle_share_gets_a_check_mark_aimed_at_it(ingest, db, fake_waha):
    now = int(time.time())
    payload = group_message(GROUP, "3EB0C0FFEE0001", MEMBER, wordle_today(), now, push_name="Carol")
    ingest.post(fake_waha.envelope("message.any", payload))
    ingest.settle()
    assert Score.select().where(Score.counted == True).count() == 1  # noqa: E712
    loop = sender(db, fake_waha)
    wait_for(lambda: loop.run_once() or fake_waha.outgoing.taken("/api/reaction"), what="the reaction")
    [sent] = fake_waha.outgoing.taken("/api/reaction")
    assert sent["body"] == {"session": "default", "messageId": payload["id"], "reaction": "✅"}
    assert Outbox.get().key == "confirm:whatsapp:3EB0C0FFEE0001:1"


def test_the_bots_own_text_coming_back_is_no_share_and_the_operators_own_share_still_counts(ingest, db, fake_waha):
    group = Group.get(Group.platform_id == GROUP) if Group.select().exists() else None
    text = "Today so far:\n" + wordle_today(2)  # a reply that quotes a share must never be scored
    outbox.enqueue(db, [Say(platform="whatsapp", chat_id=GROUP, is_group=True, text=text, key="reply:1",
                            group_id=group.id if group else None)])  # fmt: skip
    sender(db, fake_waha).run_once()
    [sent] = fake_waha.outgoing.taken("/api/sendText")
    now = int(time.time())
    echo = group_message(GROUP, sent["id"], "", text, now, from_me=True)  # message.any delivers the bot's own send
    own_share = group_message(GROUP, "3EB0FROMPHONE01", "", wordle_today(4), now + 1, from_me=True)  # typed on the phone
    ingest.post(fake_waha.envelope("message.any", echo))
    ingest.post(fake_waha.envelope("message.any", own_share))
    ingest.settle()
    assert [m.platform_message_id for m in Message.select()] == ["3EB0FROMPHONE01"]
    statuses = sorted((r.status, r.error) for r in RawEvent.select())
    assert statuses == [("done", None), ("ignored", "own_send")]
    [score] = Score.select()
    assert score.player.name == "Operator" and score.score == 4


def test_the_running_ingest_confirms_a_share_through_the_fake_waha(tmp_path, fake_waha):
    from whatsapp_ingest.test_process import Process, free_port

    env = environ(f"sqlite:///{tmp_path}/ingest.db", fake_waha.url, INGEST_HTTP_PORT=str(free_port()))
    process = Process(env, tmp_path / "ingest.log").start()
    try:
        payload = group_message(GROUP, "3EB0C0FFEE0002", MEMBER, wordle_today(), int(time.time()), push_name="Carol")
        assert process.post(fake_waha.envelope("message.any", payload)).status_code == 200
        wait_for(lambda: fake_waha.outgoing.taken("/api/reaction"), timeout=60, what="the reaction")
    finally:
        process.stop()
    [sent] = fake_waha.outgoing.taken("/api/reaction")
    assert sent["body"] == {"session": "default", "messageId": payload["id"], "reaction": "✅"}


def test_the_running_ingest_answers_a_board_command_in_the_group_and_help_in_a_direct_message(tmp_path, fake_waha):
    from whatsapp_ingest.test_process import Process, free_port

    base = "https://scores.example.org"
    env = environ(f"sqlite:///{tmp_path}/ingest.db", fake_waha.url, INGEST_HTTP_PORT=str(free_port()), PUBLIC_BASE_URL=base)
    process = Process(env, tmp_path / "ingest.log").start()
    now = int(time.time())
    try:
        share = group_message(GROUP, "3EB0C0FFEE0003", MEMBER, wordle_today(), now - 2, push_name="Carol")
        command = group_message(GROUP, "3EB0C0FFEE0004", MEMBER, "!ps board", now - 1, push_name="Carol")
        direct = {"id": f"false_{MEMBER}_3EB0C0FFEE0005", "timestamp": now, "from": MEMBER, "fromMe": False, "source": "app",
                  "body": "help", "to": "447700900000@c.us", "hasMedia": False, "ack": 1,
                  "_data": {"pushName": "Carol"}}  # fmt: skip
        for payload in (share, command, direct):
            assert process.post(fake_waha.envelope("message.any", payload)).status_code == 200
        # The ✅ and the answers go out from the outbox in no fixed order: wait for all three before stopping.
        wait_for(
            lambda: len(fake_waha.outgoing.taken("/api/sendText")) == 2 and fake_waha.outgoing.taken("/api/reaction"),
            timeout=60,
            what="the two answers and the share's reaction",
        )
    finally:
        process.stop()
    answers = {sent["body"]["chatId"]: sent["body"] for sent in fake_waha.outgoing.taken("/api/sendText")}
    assert set(answers) == {GROUP, MEMBER}
    assert all(body["session"] == "default" for body in answers.values())
    assert re.fullmatch(rf"This group's board: {re.escape(base)}/g/[A-Za-z0-9_-]+", answers[GROUP]["text"])
    assert "!ps board" in answers[MEMBER]["text"]
    assert len(fake_waha.outgoing.taken("/api/reaction")) == 1  # the share's ✅; a command gets none
