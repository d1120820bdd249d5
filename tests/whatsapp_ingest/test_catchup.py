"""Catch-up through a fake WAHA API on a real socket, and the leftovers of a killed process."""

from __future__ import annotations

import datetime as dt
import json
import time

import requests
from whatsapp_ingest.conftest import GROUP, wait_for
from whatsapp_ingest.fake_waha import group_message

from puzzlesecretary.ingest import Incoming, store_messages
from puzzlesecretary.store import Message, RawEvent, Score

WORDLE = "Wordle 1,620 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def test_it_pages_through_the_missed_messages_at_start(fake_waha, make_ingest):
    now = int(time.time())
    fake_waha.chats[GROUP] = [
        group_message(GROUP, f"M{i:03d}", f"{i % 7}@lid", f"message {i}", now - 3600 + i) for i in range(120)
    ]
    make_ingest(WAHA_CATCHUP_PAGE="50")
    wait_for(lambda: Message.select().count() == 120, timeout=30, what="120 caught-up messages")
    pages = fake_waha.page_requests()
    assert [p["offset"] for p in pages] == ["0", "50", "100"]
    assert {p["limit"] for p in pages} == {"50"} and {p["downloadMedia"] for p in pages} == {"false"}
    # Nothing stored yet: three days back (WAHA_CATCHUP_FIRST_DAYS).
    assert abs(int(pages[0]["filter.timestamp.gte"]) - (now - 3 * 86400)) < 30
    assert RawEvent.select().where(RawEvent.kind == "catchup").count() == 120


def test_it_starts_from_the_last_stored_message_minus_the_margin(db, fake_waha, make_ingest):
    last = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.timezone.utc)
    store_messages([Incoming("whatsapp", "OLD1", GROUP, "1@lid", "Ann", last, "earlier", None)])
    make_ingest(WAHA_CATCHUP_MARGIN_S="300")
    assert fake_waha.page_requests()[0]["filter.timestamp.gte"] == str(int(last.timestamp()) - 300)


def test_catch_up_does_not_double_what_the_webhooks_brought(fake_waha, ingest):
    now = int(time.time())
    delivered = group_message(GROUP, "SEEN1", "5@lid", WORDLE, now - 120)
    ingest.post(fake_waha.envelope("message.any", delivered))
    ingest.settle()
    # WAHA's store holds the same message, and a copy with a new id (devlikeapro/waha#1044).
    fake_waha.chats[GROUP] = [delivered, group_message(GROUP, "SEEN1-AGAIN", "5@lid", WORDLE, now - 119)]
    ingest.post(fake_waha.envelope("session.status", {"status": "STARTING"}))
    ingest.post(fake_waha.envelope("session.status", {"status": "WORKING"}))
    wait_for(lambda: RawEvent.select().where(RawEvent.kind == "catchup").count() == 2, what="the catch-up")
    ingest.settle()
    assert [m.platform_message_id for m in Message.select()] == ["SEEN1"]
    assert Score.select().count() == 1


def test_a_wrong_api_key_is_an_upstream_error_in_health_and_metrics(make_ingest):
    running = make_ingest(WAHA_API_KEY="wrong-key")
    assert "HTTP 401" in running.state.last_catchup_error
    health = requests.get(running.url + "/healthz", timeout=5)
    assert health.status_code == 503 and "HTTP 401" in health.json()["last_catchup_error"]
    assert (
        'ingest_upstream_errors_total{network="whatsapp",reason="http_401"} 1.0'
        in requests.get(running.url + "/metrics", timeout=5).text
    )
    assert running.state.catchup_due_at is not None  # tried again later


def test_catch_up_retries_after_waha_fails_and_then_succeeds(fake_waha, make_ingest):
    fake_waha.fail_next = 1
    fake_waha.chats[GROUP] = [group_message(GROUP, "LATE1", "6@lid", "hello", int(time.time()) - 10)]
    running = make_ingest()
    assert "HTTP 500" in running.state.last_catchup_error
    running.state.want_catchup()  # instead of waiting out the 5 s back-off
    running.worker.wake.set()
    wait_for(lambda: running.state.last_catchup_at is not None, what="the retried catch-up to finish")
    assert running.state.last_catchup_error is None
    assert [m.platform_message_id for m in Message.select()] == ["LATE1"]


def test_a_session_not_working_at_start_waits_for_working(fake_waha, make_ingest):
    fake_waha.status = "SCAN_QR_CODE"
    running = make_ingest()
    assert running.state.session_status == "SCAN_QR_CODE"
    assert fake_waha.page_requests() == []
    assert requests.get(running.url + "/healthz", timeout=5).status_code == 503


def test_events_a_killed_process_left_unprocessed_are_processed_at_start(db, fake_waha, make_ingest):
    # What the database holds when the process died right after answering 200: raw events still
    # `new`, and a message stored but not yet scored.
    for n in range(3):
        body = fake_waha.envelope("message.any", group_message(GROUP, f"LEFT{n}", f"{n}@lid", f"left {n}", 1764072000 + n))
        RawEvent.insert(
            platform="whatsapp", dedup_key=body["id"], received_at=0, payload=json.dumps(body).encode(), kind="message.any"
        ).execute()
    stored = store_messages(
        [
            Incoming(
                "whatsapp", "UNSCORED", GROUP, "9@lid", "Kim", dt.datetime(2025, 11, 25, 9, tzinfo=dt.timezone.utc), WORDLE, None
            )
        ]
    )
    assert Message.get_by_id(stored[0].message_ids[0]).status == "pending"
    running = make_ingest()
    running.settle()
    assert sorted(m.platform_message_id for m in Message.select()) == ["LEFT0", "LEFT1", "LEFT2", "UNSCORED"]
    assert Score.select().count() == 1


def test_the_fake_waha_refuses_a_request_without_the_api_key(fake_waha):
    answer = requests.get(f"{fake_waha.url}/api/default/chats/{GROUP}/messages", timeout=5)
    assert answer.status_code == 401
    answer = requests.get(f"{fake_waha.url}/api/sessions/default", headers={"X-Api-Key": fake_waha.api_key}, timeout=5)
    assert answer.json()["status"] == "WORKING"


def test_waha_being_down_is_an_upstream_error_and_webhooks_still_work(make_ingest):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    running = make_ingest(WAHA_URL=f"http://127.0.0.1:{closed}")
    assert "ConnectionError" in running.state.last_catchup_error
    metrics = requests.get(running.url + "/metrics", timeout=5).text
    assert 'ingest_upstream_errors_total{network="whatsapp",reason="connection"} 1.0' in metrics
    body = running.fake.envelope("message.any", group_message(GROUP, "UP1", "1@lid", WORDLE, 1764072000))
    assert running.post(body).status_code == 200
    running.settle()
    assert Score.select().count() == 1


def test_catch_up_gives_the_group_its_whatsapp_name(fake_waha, make_ingest):
    from puzzlesecretary.store import Group

    fake_waha.subjects[GROUP] = "Puzzle Pals 🧩"
    fake_waha.chats[GROUP] = [group_message(GROUP, "N1", "1@lid", "hi", int(time.time()) - 5)]
    running = make_ingest()
    running.settle()
    assert Group.get(Group.platform_id == GROUP).name == "Puzzle Pals 🧩"


def test_a_group_waha_cannot_name_keeps_its_id_and_catch_up_goes_on(fake_waha, make_ingest):
    from puzzlesecretary.store import Group

    fake_waha.chats[GROUP] = [group_message(GROUP, "N2", "1@lid", "hi", int(time.time()) - 5)]
    running = make_ingest()
    running.settle()
    assert Group.get(Group.platform_id == GROUP).name == ""
    assert running.state.last_catchup_error is None and Message.select().count() == 1


def test_catch_up_keeps_a_message_and_a_group_name_holding_lone_surrogates(fake_waha, make_ingest):
    from puzzlesecretary.store import Group

    fake_waha.subjects[GROUP] = "Pals \ud800"  # the fake answers in JSON with \u escapes
    odd = group_message(GROUP, "S\udc001", "1\udfff@lid", "hi \udbff", int(time.time()) - 5, push_name="Z\ud800")
    fake_waha.chats[GROUP] = [odd]
    running = make_ingest()
    running.settle()
    assert running.state.last_catchup_error is None
    assert Group.get(Group.platform_id == GROUP).name == "Pals \ufffd"
    message = Message.get()
    assert (message.platform_message_id, message.text, message.identity.display_name) == ("S\ufffd1", "hi \ufffd", "Z\ufffd")
