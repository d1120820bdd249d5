"""The real programs, as processes: a member's share confirmed through the running ingest, and a sender
SIGKILLed in the middle of a send that sends nothing twice and loses nothing it had not tried."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import requests
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, GROUP, start, wait_for, wordle
from signal_ingest.fake_signal_api import rest_group_id

from puzzlesecretary import outbox
from puzzlesecretary.outgoing import React, Say
from puzzlesecretary.store.models import Outbox

TODAY = dt.datetime.now(dt.timezone.utc).date()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def sender_process(env: dict, log) -> subprocess.Popen:
    command = [sys.executable, "-m", "puzzlesecretary_signal_ingest.sender"]
    return subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def statuses(db) -> dict[str, str]:
    db.close()  # read what the other process committed
    return {row.key: row.status for row in Outbox.select()}


def react(key: str, sent_at: int) -> React:
    return React(platform="signal", chat_id=GROUP, is_group=True, target_message_id=f"{ALICE.uuid}:{sent_at}",
                 target_author=ALICE.uuid, target_sent_at_ms=sent_at, emoji="✅", key=key)  # fmt: skip


def say(key: str, text: str) -> Say:
    return Say(platform="signal", chat_id=GROUP, is_group=True, text=text, key=key)


def test_a_members_wordle_share_makes_the_fake_record_a_check_mark_aimed_at_it(environment, fake, tmp_path):
    env, db = environment
    sent_at = int(time.time() * 1000) - 5_000
    fake.inject(f.group_post(ALICE, sent_at, wordle(3, TODAY), GROUP, ACCOUNT, "Puzzlers"))
    process = start(env, tmp_path / "ingest.log")
    try:
        wait_for(lambda: fake.outgoing.taken("/v1/reactions/"), 60, "the reaction")
        metrics_url = f"http://127.0.0.1:{env['INGEST_HTTP_PORT']}/metrics"
        wait_for(lambda: "ingest_outbox_settled_total" in requests.get(metrics_url, timeout=5).text, 30, "the metric")
        metrics = requests.get(metrics_url, timeout=5).text
    finally:
        stop(process)
    assert 'ingest_outbox_settled_total{kind="react",network="signal",outcome="sent"} 1.0' in metrics
    [sent] = fake.outgoing.taken("/v1/reactions/")
    assert sent["method"] == "POST" and sent["path"] == f"/v1/reactions/{ACCOUNT}"
    expected = {"recipient": rest_group_id(GROUP), "reaction": "✅", "target_author": ALICE.uuid, "timestamp": sent_at}
    assert sent["body"] == expected
    assert statuses(db) == {f"confirm:signal:{ALICE.uuid}:{sent_at}:1": "sent"}


def test_a_sigkill_in_the_middle_of_sending_a_text_sends_nothing_twice(environment, fake, tmp_path):
    env, db = environment
    outbox.enqueue(db, [react("r1", 1_000), say("t1", "first"), say("t2", "second")])
    fake.outgoing.hold_s, fake.outgoing.hold_path = 60, "/v2/send"
    log = tmp_path / "sender.log"
    first = sender_process(env, log)
    try:
        wait_for(lambda: [s for s in fake.outgoing.sends if s["path"] == "/v2/send"], 60, "the first text to reach the fake")
        first.send_signal(signal.SIGKILL)  # while the fake holds its answer
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert statuses(db) == {"r1": "sent", "t1": "sending", "t2": "pending"}
    fake.outgoing.hold_s = 0
    fake.outgoing.release.set()
    second = sender_process(env, log)
    try:
        wait_for(lambda: statuses(db).get("t2") == "sent", 60, "the second text")
    finally:
        stop(second)
    texts = [s["body"]["message"] for s in fake.outgoing.sends if s["path"] == "/v2/send"]
    assert texts == ["first", "second"]  # "first" was not sent again
    assert len(fake.outgoing.taken("/v1/reactions/")) == 1
    assert statuses(db) == {"r1": "sent", "t1": "unknown", "t2": "sent"}
    assert "not sent again" in Outbox.get(Outbox.key == "t1").error
    assert second.returncode == 0, log.read_text()[-2000:]


def test_a_reaction_cut_off_by_a_sigkill_is_sent_again(environment, fake, tmp_path):
    env, db = environment
    outbox.enqueue(db, [react("r1", 1_000)])
    fake.outgoing.hold_s, fake.outgoing.hold_path = 60, "/v1/reactions/"
    log = tmp_path / "sender.log"
    first = sender_process(env, log)
    try:
        wait_for(lambda: fake.outgoing.sends, 60, "the reaction to reach the fake")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    fake.outgoing.hold_s = 0
    fake.outgoing.release.set()
    second = sender_process(env, log)
    try:
        wait_for(lambda: statuses(db).get("r1") == "sent", 60, "the reaction again")
    finally:
        stop(second)
    reactions = fake.outgoing.taken("/v1/reactions/")
    assert len(reactions) == 2 and reactions[0]["body"] == reactions[1]["body"]  # the same reaction: no change in the chat


def test_outbound_off_starts_no_sending_at_all(environment, fake, tmp_path):
    env, db = environment
    outbox.enqueue(db, [say("t1", "first")])
    log = tmp_path / "sender.log"
    process = sender_process({**env, "OUTBOUND": "off"}, log)
    assert process.wait(timeout=60) == 0
    assert fake.outgoing.sends == [] and statuses(db) == {"t1": "pending"}
    assert "OUTBOUND=off" in log.read_text()
