"""WAHA-shaped webhooks against the running app (bottle under waitress, real database)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests
from whatsapp_ingest.conftest import GROUP, HMAC_KEY, OTHER_GROUP, wait_for
from whatsapp_ingest.fake_waha import group_message

from puzzlesecretary.store import Group, Identity, Message, RawEvent, Score
from puzzlesecretary_whatsapp_ingest.signature import SignatureError, check_age, sign, verify

SAMPLES = Path(__file__).resolve().parent / "samples"
WORDLE = "Wordle 1,620 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"  # puzzle 1,620 fell on 2025-11-25
CONNECTIONS = "Connections\nPuzzle #898\n🟨🟨🟨🟨\n🟩🟩🟩🟩\n🟦🟦🟦🟦\n🟪🟪🟪🟪"
WHEN = 1764072000  # 2025-11-25 12:00 UTC


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def counted_scores() -> list[tuple[str, str, str, float]]:
    return sorted(
        (s.player.name, s.game, s.puzzle_key, s.score)
        for s in Score.select().where(Score.counted == True)  # noqa: E712
    )


# --- the signature, against WAHA's documented test vector -------------------------------


def test_it_computes_wahas_documented_hmac_test_vector():
    vector = sample("waha_08_hmac_test_vector.json")
    body = vector["raw_body"].encode("utf-8")
    assert sign(vector["hmac_key"], body) == vector["headers"]["X-Webhook-Hmac"]
    verify(vector["hmac_key"], body, vector["headers"]["X-Webhook-Hmac"], vector["headers"]["X-Webhook-Hmac-Algorithm"])


def test_it_rejects_the_test_vector_with_one_byte_changed_or_another_key():
    vector = sample("waha_08_hmac_test_vector.json")
    body = vector["raw_body"].encode("utf-8")
    good = vector["headers"]["X-Webhook-Hmac"]
    with pytest.raises(SignatureError):
        verify(vector["hmac_key"], body.replace(b"WEBJS", b"NOWEB"), good, "sha512")
    with pytest.raises(SignatureError):
        verify("another-key", body, good, "sha512")
    with pytest.raises(SignatureError):
        verify(vector["hmac_key"], body, good, "sha256")
    with pytest.raises(SignatureError):
        verify(vector["hmac_key"], body, None, None)


def test_it_checks_the_webhook_timestamp_against_now():
    now = 1_764_072_000_000
    check_age(str(now - 30_000), now, 600)
    check_age(None, now, 600)
    with pytest.raises(SignatureError, match="from now"):
        check_age(str(now - 3_600_000), now, 600)
    with pytest.raises(SignatureError, match="from now"):
        check_age(str(now + 3_600_000), now, 600)
    with pytest.raises(SignatureError, match="milliseconds"):
        check_age("yesterday", now, 600)


# --- messages end as messages and scores --------------------------------------------------


def test_it_stores_a_signed_group_message_from_an_lid_sender_and_scores_it(ingest):
    payload = sample("waha_03_issue1005_group_message_any_noweb_lid.json")
    payload.update(body=WORDLE, timestamp=WHEN, _data={"pushName": "Priya"})
    answer = ingest.post(ingest.fake.envelope("message.any", payload))
    assert answer.status_code == 200, answer.text
    ingest.settle()
    message = Message.get()
    assert message.platform_message_id == "55D26CACC264D9153D88C0C89F06C480"
    assert message.identity.platform_id == "153219082764294@lid"
    assert message.group.platform_id == GROUP
    assert message.text == WORDLE
    # The message keeps a reference to its raw event, not a second copy of the payload.
    assert message.raw is None
    assert json.loads(bytes(RawEvent.get_by_id(message.raw_event).payload))["payload"]["participant"] == "153219082764294@lid"
    assert counted_scores() == [("Priya", "wordle", "1620", 3.0)]


def test_it_keeps_the_raw_event_bytes_before_anything_else(ingest):
    body = json.dumps(
        ingest.fake.envelope("message.any", group_message(GROUP, "RAW1", "111@lid", "morning", WHEN)), ensure_ascii=False
    ).encode()
    assert ingest.post(body).status_code == 200
    ingest.settle()
    raw = RawEvent.get()
    assert bytes(raw.payload) == body
    assert raw.status == "done" and raw.kind == "message.any"


def test_it_takes_the_operators_own_posts_from_me(ingest):
    payload = sample("waha_04_issue1005_group_message_any_api_sent.json")
    payload.update(body=CONNECTIONS, timestamp=WHEN)
    ingest.post(ingest.fake.envelope("message.any", payload))
    ingest.settle()
    message = Message.get()
    assert message.identity.platform_id == ingest.fake.me["id"]
    assert message.platform_message_id == "3EB0D6438EA8F3869F9D1D"
    assert counted_scores() == [("Operator", "connections", "898", 0.0)]


def test_it_replaces_an_edited_text_and_scores_it_again(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "AAA1", "222@lid", WORDLE, WHEN, push_name="Sam")))
    ingest.settle()
    edited = WORDLE.replace("3/6", "3/6*")
    edit = {
        "id": f"false_{GROUP}_EDIT1_222@lid",
        "timestamp": WHEN + 60,
        "from": GROUP,
        "editedMessageId": "AAA1",
        "body": edited,
    }
    assert ingest.post(ingest.fake.envelope("message.edited", edit)).status_code == 200
    ingest.settle()
    message = Message.get()
    assert message.text == edited and message.edits[0]["text"] == WORDLE
    score = Score.get(Score.counted == True)  # noqa: E712
    assert score.hard_mode is True


def test_it_marks_a_revoked_message_deleted_and_drops_its_score(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "DEL1", "333@lid", WORDLE, WHEN)))
    ingest.settle()
    assert len(counted_scores()) == 1
    revoke = {"after": {"id": f"false_{GROUP}_REV1_333@lid", "timestamp": WHEN + 30}, "revokedMessageId": "DEL1", "before": None}
    assert ingest.post(ingest.fake.envelope("message.revoked", revoke)).status_code == 200
    ingest.settle()
    assert Message.get().deleted is True
    assert counted_scores() == []


def test_it_counts_and_ignores_reactions_media_and_unknown_events(ingest):
    reaction = sample("waha_02_docs_message_reaction.json")
    media = group_message(GROUP, "MED1", "444@lid", "", WHEN, hasMedia=True, media={"url": None, "mimetype": "image/jpeg"})
    for body in (reaction, ingest.fake.envelope("message.any", media), ingest.fake.envelope("presence.update", {"id": GROUP})):
        body.setdefault("id", "evt_reaction")
        assert ingest.post(body).status_code == 200
    ingest.settle()
    assert Message.select().count() == 0
    assert sorted(r.error for r in RawEvent.select()) == ["event:presence.update", "media", "reaction"]
    metrics = requests.get(ingest.url + "/metrics", timeout=5).text
    assert 'ingest_ignored_total{network="whatsapp",reason="reaction"} 1.0' in metrics
    assert 'ingest_ignored_total{network="whatsapp",reason="media"} 1.0' in metrics


def test_it_reads_only_the_configured_groups(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(OTHER_GROUP, "OTH1", "555@lid", WORDLE, WHEN)))
    ingest.settle()
    assert Message.select().count() == 0
    assert RawEvent.get().error == "other_group"
    assert bytes(RawEvent.get().payload) == b""  # a group not read is not ours to keep


def test_a_direct_message_counts_for_the_groups_its_sender_is_in(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "HI1", "447700900123@c.us", "hello all", WHEN)))
    dm = {
        "id": "false_447700900123@c.us_DM1",
        "timestamp": WHEN + 5,
        "from": "447700900123@c.us",
        "fromMe": False,
        "body": WORDLE,
        "to": "447700900001@c.us",
    }
    stranger = dict(dm, id="false_447700900999@c.us_DM2", **{"from": "447700900999@c.us"})
    ingest.post(ingest.fake.envelope("message.any", dm))
    ingest.post(ingest.fake.envelope("message.any", stranger))
    ingest.settle()
    assert [m.platform_message_id for m in Message.select().order_by(Message.id)] == ["HI1", "DM1"]
    assert Message.get(Message.platform_message_id == "DM1").group.platform_id == GROUP
    assert len(counted_scores()) == 1


def test_a_lone_surrogate_in_a_name_text_or_id_keeps_the_message_and_its_score(ingest):
    named = group_message(GROUP, "SUR1", "321@lid", "gm \udfff\n" + WORDLE, WHEN, push_name="S\ud800")
    odd_id = group_message(GROUP, "SUR2\udbff", "654\udc00@lid", CONNECTIONS, WHEN + 5, push_name="T")
    for payload in (named, odd_id):
        body = ingest.fake.envelope("message.any", payload, id="evt_\ud800" + payload["id"][-12:])
        answer = ingest.post(json.dumps(body).encode("ascii"))  # as \u escapes: the only way JSON carries them
        assert answer.status_code == 200, answer.text
    ingest.settle()
    assert sorted(r.status for r in RawEvent.select()) == ["done", "done"]
    assert Message.get(Message.platform_message_id == "SUR1").text == "gm \ufffd\n" + WORDLE
    assert Message.get(Message.platform_message_id == "SUR2\ufffd").identity.platform_id == "654\ufffd@lid"
    assert [(name, game) for name, game, _, _ in counted_scores()] == [("S\ufffd", "wordle"), ("T", "connections")]


# --- duplicates ---------------------------------------------------------------------------


def test_the_same_message_id_stores_once(ingest):
    payload = group_message(GROUP, "DUP1", "666@lid", WORDLE, WHEN)
    ingest.post(ingest.fake.envelope("message", payload))  # subscribed to message and message.any (waha#1384)
    ingest.post(ingest.fake.envelope("message.any", payload))
    ingest.settle()
    assert Message.select().count() == 1 and len(counted_scores()) == 1


def test_a_redelivery_with_a_new_id_within_seconds_stores_once(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "FIRST", "777@lid", WORDLE, WHEN)))
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "SECOND", "777@lid", WORDLE, WHEN + 2)))
    ingest.settle()
    assert [m.platform_message_id for m in Message.select()] == ["FIRST"]
    metrics = requests.get(ingest.url + "/metrics", timeout=5).text
    assert 'ingest_duplicates_total{check="same_text",network="whatsapp"} 1.0' in metrics


def test_the_same_text_a_minute_later_is_a_new_message(ingest):
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "LOL1", "888@lid", "lol", WHEN)))
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "LOL2", "888@lid", "lol", WHEN + 60)))
    ingest.settle()
    assert Message.select().count() == 2


def test_the_same_event_delivered_twice_is_stored_once(ingest):
    body = ingest.fake.envelope("message.any", group_message(GROUP, "EVT1", "999@lid", "hi", WHEN))
    assert ingest.post(body).json() == {"ok": True}
    assert ingest.post(body).json() == {"ok": True, "duplicate": True}
    ingest.settle()
    assert RawEvent.select().count() == 1


# --- session status ----------------------------------------------------------------------------


def test_a_session_that_is_not_working_shows_in_health_and_metrics(ingest):
    assert requests.get(ingest.url + "/healthz", timeout=5).status_code == 200
    failed = ingest.fake.envelope("session.status", {"status": "FAILED", "statuses": []})
    ingest.post(failed)
    wait_for(lambda: requests.get(ingest.url + "/healthz", timeout=5).status_code == 503, what="healthz to degrade")
    health = requests.get(ingest.url + "/healthz", timeout=5).json()
    assert health["session"] == "FAILED" and "WAHA session is FAILED" in health["problems"]
    assert 'ingest_upstream_session_up{network="whatsapp"} 0.0' in requests.get(ingest.url + "/metrics", timeout=5).text


def test_livez_stays_200_while_the_session_is_down_and_fails_once_the_worker_dies(ingest):
    ingest.post(ingest.fake.envelope("session.status", {"status": "SCAN_QR_CODE", "statuses": []}))
    wait_for(lambda: requests.get(ingest.url + "/healthz", timeout=5).status_code == 503, what="healthz to degrade")
    assert requests.get(ingest.url + "/livez", timeout=5).status_code == 200
    ingest.worker.stop()
    ingest.worker.join(timeout=10)
    answer = requests.get(ingest.url + "/livez", timeout=5)
    assert answer.status_code == 503 and "worker" in answer.json()["problems"][0]


def test_a_session_turning_working_again_triggers_a_catch_up(ingest):
    ingest.post(ingest.fake.envelope("session.status", {"status": "STARTING", "statuses": []}))
    ingest.settle()
    pages_before = len(ingest.fake.page_requests())
    ingest.fake.chats[GROUP] = [group_message(GROUP, "MISSED1", "121@lid", WORDLE, int(time.time()) - 60)]
    ingest.post(ingest.fake.envelope("session.status", {"status": "WORKING", "statuses": []}))
    wait_for(lambda: Message.select().count() == 1, what="the caught-up message")
    assert len(ingest.fake.page_requests()) > pages_before
    assert requests.get(ingest.url + "/healthz", timeout=5).status_code == 200
    assert 'ingest_upstream_session_up{network="whatsapp"} 1.0' in requests.get(ingest.url + "/metrics", timeout=5).text


# --- bad input: refused, nothing stored, and the next good request still works ------------------


def _nothing_stored():
    return RawEvent.select().count() == 0 and Message.select().count() == 0


def test_an_unsigned_event_is_refused_and_nothing_is_stored(ingest):
    answer = ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "U1", "1@lid", WORDLE, WHEN)), key=None)
    assert answer.status_code == 401 and "X-Webhook-Hmac" in answer.json()["error"]
    assert _nothing_stored()


def test_an_event_signed_with_another_key_is_refused(ingest):
    answer = ingest.post(
        ingest.fake.envelope("message.any", group_message(GROUP, "U2", "1@lid", WORDLE, WHEN)), key="not-the-key"
    )
    assert answer.status_code == 401
    assert _nothing_stored()


def test_a_body_changed_after_signing_is_refused(ingest):
    body = json.dumps(ingest.fake.envelope("message.any", group_message(GROUP, "U3", "1@lid", WORDLE, WHEN))).encode()
    from whatsapp_ingest.fake_waha import post_webhook, sign

    answer = post_webhook(
        ingest.url + "/webhook/waha", body.replace(b"3/6", b"2/6"), None, headers={"X-Webhook-Hmac": sign(HMAC_KEY, body)}
    )
    assert answer.status_code == 401
    assert _nothing_stored()


def test_an_old_webhook_timestamp_is_refused(ingest):
    answer = ingest.post(
        ingest.fake.envelope("message.any", group_message(GROUP, "U4", "1@lid", WORDLE, WHEN)),
        timestamp_ms=int(time.time() * 1000) - 3_600_000,
    )
    assert answer.status_code == 401 and "from now" in answer.json()["error"]
    assert _nothing_stored()


@pytest.mark.parametrize(
    "body, why",
    [
        (b"this is not json", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"session": "default", "payload": {}}', "body.event"),
        (b'{"event": "message.any", "session": "default"}', "payload object"),
        (b'{"event": "message.any", "session": "default", "payload": {"from": "x@g.us", "timestamp": 1}}', "payload.id"),
        (
            b'{"event": "message.any", "session": "default", "payload": {"id": "a", "from": "x@g.us", "timestamp": "noon"}}',
            "payload.timestamp",
        ),
        (b'{"event": "message.edited", "session": "default", "payload": {"body": "x"}}', "editedMessageId"),
        (b'{"event": "message.revoked", "session": "default", "payload": {"after": null}}', "revokedMessageId"),
        (b'{"event": "session.status", "session": "default", "payload": {"status": 3}}', "payload.status"),
    ],
)
def test_a_body_that_is_not_a_waha_event_gets_400_and_stores_nothing(ingest, body, why):
    answer = ingest.post(body)
    assert answer.status_code == 400 and why in answer.json()["error"]
    assert _nothing_stored()


def test_a_body_over_the_limit_gets_413(ingest):
    big = ingest.fake.envelope("message.any", group_message(GROUP, "BIG", "1@lid", "x" * 1_100_000, WHEN))
    assert ingest.post(big).status_code == 413
    assert _nothing_stored()


def test_wrong_method_and_wrong_path_get_405_and_404(ingest):
    assert requests.get(ingest.url + "/webhook/waha", timeout=5).status_code == 405
    assert requests.put(ingest.url + "/webhook/waha", data=b"{}", timeout=5).status_code == 405
    assert ingest.post(ingest.fake.envelope("message.any", {}), key=HMAC_KEY).status_code == 400
    assert requests.post(ingest.url + "/webhook/other", data=b"{}", timeout=5).status_code == 404
    assert _nothing_stored()


def test_no_bad_request_stops_the_next_good_one(ingest):
    good = ingest.fake.envelope("message.any", group_message(GROUP, "GOOD", "1@lid", WORDLE, WHEN))
    assert ingest.post(good, key=None).status_code == 401
    assert ingest.post(b"{oops").status_code == 400
    assert (
        ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "B", "1@lid", "x" * 1_100_000, WHEN))).status_code
        == 413
    )
    assert requests.get(ingest.url + "/webhook/waha", timeout=5).status_code == 405
    assert ingest.post(good).status_code == 200
    ingest.settle()
    assert [m.platform_message_id for m in Message.select()] == ["GOOD"]
    metrics = requests.get(ingest.url + "/metrics", timeout=5).text
    for status in ("401", "400", "413"):
        assert f'ingest_webhook_rejected_total{{network="whatsapp",status="{status}"}} 1.0' in metrics


def test_an_event_for_another_session_is_ignored(ingest):
    body = ingest.fake.envelope("message.any", group_message(GROUP, "S1", "1@lid", WORDLE, WHEN), session="other")
    assert ingest.post(body).json()["ignored"] == "other session"
    assert _nothing_stored()


def test_groups_and_identities_are_whatsapp_ones_in_the_default_time_zone(make_ingest):
    ingest = make_ingest(DEFAULT_TIMEZONE="Europe/Berlin")
    ingest.post(ingest.fake.envelope("message.any", group_message(GROUP, "ID1", "123@c.us", WORDLE, WHEN, push_name="Lee")))
    ingest.settle()
    assert (Group.get().platform, Group.get().timezone) == ("whatsapp", "Europe/Berlin")
    identity = Identity.get()
    assert (identity.platform, identity.platform_id, identity.display_name) == ("whatsapp", "123@c.us", "Lee")
