"""What a hostile or unlucky sender did to the webhook: odd header bytes, JSON no reader should take,
unknown paths, a database that refuses writes, senders without a name."""

from __future__ import annotations

import http.client
import json
import logging
import os
import time
from urllib.parse import urlsplit

import pytest
import requests
from slow_clients import slow_clients
from whatsapp_ingest.conftest import GROUP, HMAC_KEY
from whatsapp_ingest.fake_waha import group_message, sign

from puzzlesecretary.store import Message, Player, RawEvent

WHEN = 1764072000
HEAD = b'{"event": "message.any", "session": "default", "payload": '


def _nothing_stored() -> bool:
    return RawEvent.select().count() == 0 and Message.select().count() == 0


def raw_post(url: str, body: bytes, headers: dict[str, bytes]) -> tuple[int, dict]:
    """POST with header values sent byte for byte (requests would refuse or re-encode some)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("POST", parts.path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("header", ["X-Webhook-Hmac", "X-Webhook-Hmac-Algorithm"])
def test_a_non_utf8_byte_in_an_auth_header_of_an_unsigned_request_gets_401_and_one_log_line(ingest, header, caplog):
    caplog.set_level(logging.INFO)
    status, body = raw_post(ingest.url + "/webhook/waha", b"{}", {header: b"\xe9\xe9"})
    assert status == 401, body
    lines = [r for r in caplog.records if r.name.startswith("puzzlesecretary_whatsapp_ingest")]
    assert [r.getMessage()[:26] for r in lines] == ["webhook refused with 401: "]
    assert lines[0].exc_info is None
    assert _nothing_stored()


@pytest.mark.parametrize(
    "body, why",
    [
        (HEAD + b"[" * 1000 + b"]" * 1000 + b"}", "nested too deep"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
        (HEAD + b'{"id": "a", "from": "x@g.us", "timestamp": ' + b"9" * 5000 + b"}}", "4300"),
        (HEAD + b'{"id": "a", "from": "x@g.us", "timestamp": 1e400}}', "too large"),
        (HEAD + b'{"id": "a", "from": "x@g.us", "timestamp": NaN}}', "NaN"),
    ],
)
def test_a_signed_body_no_json_reader_should_take_gets_400_and_nothing_is_stored(ingest, body, why):
    answer = ingest.post(body)
    assert answer.status_code == 400, answer.text
    assert why in answer.json()["error"]
    assert _nothing_stored()


def test_unknown_paths_and_methods_are_answered_in_json_like_everything_else(ingest):
    for answer, status in (
        (requests.get(ingest.url + "/nothing-here", timeout=5), 404),
        (requests.post(ingest.url + "/webhook/other", data=b"{}", timeout=5), 404),
        (requests.get(ingest.url + "/webhook/waha", timeout=5), 405),
        (requests.delete(ingest.url + "/healthz", timeout=5), 405),
    ):
        assert answer.status_code == status
        assert answer.headers["Content-Type"] == "application/json"
        assert "error" in answer.json()
    assert _nothing_stored()


@pytest.mark.sqlite_only
def test_healthz_fails_while_webhooks_cannot_be_stored_and_recovers_after_the_next_stored_one(ingest, db):
    assert requests.get(ingest.url + "/healthz", timeout=5).status_code == 200
    # SQLite's own size cap gives the same SQLITE_FULL a full disk does; every new connection
    # (the server's threads open theirs on their first request) takes it.
    # A small event still fits in the few pages left; a 200 KB one does not.
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.pragma("max_page_count", pages + 4, permanent=True)
    big = ingest.fake.envelope("message.any", group_message(GROUP, "FULL1", "1@lid", "x" * 200_000, WHEN))
    answer = ingest.post(big)
    assert answer.status_code == 503, answer.text
    health = requests.get(ingest.url + "/healthz", timeout=5)
    assert health.status_code == 503
    assert health.json()["problems"] == ["webhook events cannot be stored: database or disk is full"]
    assert RawEvent.select().count() == 0
    small = ingest.fake.envelope("message.any", group_message(GROUP, "FULL2", "1@lid", "hi", WHEN))
    assert ingest.post(small).status_code == 200
    assert requests.get(ingest.url + "/healthz", timeout=5).status_code == 200


@pytest.mark.sqlite_only
def test_healthz_fails_while_the_database_refuses_writes(ingest, db):
    # query_only makes SQLite refuse writes with the SQLITE_READONLY of a read-only file
    # (a test run as root could write a mode-444 file anyway).
    db.pragma("query_only", 1, permanent=True)
    answer = ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "RO1", "1@lid", "hi", WHEN)))
    assert answer.status_code == 503
    health = requests.get(ingest.url + "/healthz", timeout=5)
    assert health.status_code == 503
    assert health.json()["problems"] == ["webhook events cannot be stored: attempt to write a readonly database"]


def test_senders_without_a_push_name_get_names_that_tell_them_apart(ingest):
    for n, sender in enumerate(("153219082764294@lid", "208331977001122@lid", "447700900123@c.us")):
        answer = ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, f"ANON{n}", sender, "hello", WHEN + n)))
        assert answer.status_code == 200
    ingest.settle()
    names = sorted(p.name for p in Player.select())
    assert names == ["player 0123", "player 1122", "player 4294"]


def test_a_second_sender_whose_id_ends_the_same_gets_a_longer_name(ingest):
    for n, sender in enumerate(("111110004294@lid", "222220004294@lid")):
        ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, f"SAME{n}", sender, "hi", WHEN + n)))
    ingest.settle()
    assert sorted(p.name for p in Player.select()) == ["player 20004294", "player 4294"]


def test_a_push_name_arriving_later_replaces_the_made_up_name(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "LATE1", "153219082764294@lid", "hi", WHEN)))
    ingest.settle()
    assert Player.get().name == "player 4294"
    again = group_message(GROUP, "LATE2", "153219082764294@lid", "again", WHEN + 60, push_name="Priya")
    ingest.post(ingest.fake.envelope("message.any", again))
    ingest.settle()
    assert Player.get().name == "Priya"


def test_a_signature_header_made_of_latin1_text_is_compared_not_crashed_on(ingest):
    body = json.dumps(ingest.fake.envelope("message.any", group_message(GROUP, "SIG1", "1@lid", "hi", WHEN))).encode()
    good = sign(HMAC_KEY, body).encode("ascii")
    bad = {"X-Webhook-Hmac": good[:-2] + b"\xe9\xe9", "X-Webhook-Hmac-Algorithm": b"sha512"}
    status, answer = raw_post(ingest.url + "/webhook/waha", body, bad)
    assert (status, answer["error"]) == (401, "X-Webhook-Hmac does not match the body")
    status, answer = raw_post(ingest.url + "/webhook/waha", body, {"X-Webhook-Hmac": good, "X-Webhook-Hmac-Algorithm": b"sha512"})
    assert (status, answer) == (200, {"ok": True})


def test_with_200_slow_clients_open_health_and_a_signed_webhook_still_answer_within_a_second(ingest):
    port = int(ingest.url.rsplit(":", 1)[1])
    head = b"POST /webhook/waha HTTP/1.1\r\nHost: ingest\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    with slow_clients(port, 200, head):
        time.sleep(1)  # let the server take them all in
        assert requests.get(ingest.url + "/healthz", timeout=1).status_code == 200
        body = json.dumps(ingest.fake.envelope("message.any", group_message(GROUP, "SLOW1", "1@lid", "hi", WHEN))).encode()
        signed = {"X-Webhook-Hmac": sign(HMAC_KEY, body), "X-Webhook-Hmac-Algorithm": "sha512"}
        assert requests.post(ingest.url + "/webhook/waha", data=body, headers=signed, timeout=1).status_code == 200


@pytest.mark.sqlite_only
def test_a_database_deleted_under_the_ingest_fails_webhooks_and_health_and_says_so_once(ingest, db, caplog):
    assert ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "DEL0", "1@lid", "hi", WHEN))).status_code == 200
    for suffix in ("", "-wal", "-shm"):
        os.remove(db.database + suffix)
    for n in range(3):  # acknowledged with 200 before, and lost
        answer = ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, f"DEL{n + 1}", "1@lid", "hi", WHEN + n)))
        assert answer.status_code == 503
    health = requests.get(ingest.url + "/healthz", timeout=5)
    assert health.status_code == 503
    assert any("was deleted or moved away" in problem for problem in health.json()["problems"])
    said = [r for r in caplog.records if r.name == "puzzlesecretary.store.database"]
    assert len(said) == 1 and db.database in said[0].getMessage()
