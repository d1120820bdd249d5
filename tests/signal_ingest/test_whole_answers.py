"""Large answers of ordinary envelopes applied straight from the row that keeps them, on a real database."""

import datetime as dt
import json
import time

from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, CAROL, GROUP, OTHER_GROUP, body, count, wordle

from puzzlesecretary.forget import forget_player
from puzzlesecretary.store import Identity, Message, RawEvent, database, write_transaction
from puzzlesecretary.store.models import Outbox
from puzzlesecretary_signal_ingest import answers, whole_answers

NOW = int(time.time() * 1000) - 600_000  # recent: its shares are confirmed (confirm.MAX_AGE_MS)
TODAY = dt.datetime.fromtimestamp(NOW / 1000, dt.timezone.utc).date()


def posts(n: int, first: int = 0, shares: int = 4) -> list[dict]:
    """`n` group posts by Alice and Carol in turn, the first `shares` of them Wordle shares; over 16 KiB when n >= 40."""
    out = []
    for i in range(first, first + n):
        text = wordle(2 + i % 4, TODAY) if i - first < shares else f"chatter line number {i}, a little longer than most"
        out.append(f.group_post((ALICE, CAROL)[i % 2], NOW + i * 1000, text, GROUP, ACCOUNT))
    return out


def test_an_answer_of_ordinary_envelopes_is_applied_from_its_own_row_with_no_raw_event_per_envelope(pipeline, metrics):
    answer = body(*posts(40))
    assert len(answer) > answers.CUT_AT_ONCE_BYTES
    assert pipeline.take(answer) == (40, 40)
    rows = list(RawEvent.select())
    assert [(bytes(r.payload), r.status, r.kind) for r in rows] == [(answer, "archived", "answer")]
    messages = list(Message.select().order_by(Message.sent_at))
    assert len(messages) == 40
    assert {m.raw_event for m in messages} == {rows[0].id} and {m.raw for m in messages} == {None}
    assert [m.status for m in messages] == ["share"] * 4 + ["chatter"] * 36
    assert Outbox.select().count() == 2  # each player's first Wordle of the day counts, and gets its ✅
    assert count(metrics, "ingest_messages_total", kind="message") == 40


def test_every_message_of_an_answer_applied_whole_is_read_again_from_its_row(pipeline):
    elements = posts(40)
    pipeline.take(body(*elements))
    payload = bytes(RawEvent.get().payload)
    for element, message in zip(elements, Message.select().order_by(Message.sent_at), strict=True):
        found = whole_answers.envelope_of(payload, message.platform_message_id, {GROUP})
        assert found == json.loads(f.compact(element))
        assert found["envelope"]["dataMessage"]["message"] == message.text


def test_a_malformed_envelope_in_a_large_answer_is_kept_with_its_reason_and_loses_none_of_the_others(pipeline, metrics):
    elements = posts(40)
    bad = b'{"envelope":{"sourceUuid":"x","timestamp":1,'
    pipeline.take(body(*elements[:20], bad, *elements[20:]))
    assert Message.select().count() == 40
    by_status = {}
    for row in RawEvent.select():
        by_status.setdefault(row.status, []).append(bytes(row.payload))
    assert by_status["error"] == [bad]
    assert sorted(by_status["done"]) == sorted(f.compact(e) for e in elements)
    assert "received" not in by_status and answers.waiting() == []
    assert count(metrics, "ingest_parse_failures_total", reason="malformed_json") == 1


def test_an_answer_with_an_edit_is_cut_into_its_envelopes_and_the_edit_applied(pipeline):
    elements = posts(40)
    edit = f.edit(ALICE, NOW + 100_000, NOW, "edited", GROUP, ACCOUNT)
    pipeline.take(body(*elements, edit))
    assert RawEvent.select().count() == 41
    assert Message.get(Message.sent_at == NOW).text == "edited"


def test_the_same_answer_again_stores_no_message_twice(pipeline):
    answer = body(*posts(40))
    pipeline.take(answer)
    pipeline.take(answer)
    assert Message.select().count() == 40
    assert Outbox.select().count() == 2
    assert answers.waiting() == []


def test_an_envelope_of_a_group_not_read_is_not_kept_in_the_answers_row(pipeline):
    elements = posts(40)
    other = f.group_post(ALICE, NOW + 90_000, "not ours to keep", OTHER_GROUP, ACCOUNT)
    pipeline.take(body(*elements, other))
    assert Message.select().count() == 40
    assert all(b"not ours to keep" not in bytes(r.payload) for r in RawEvent.select())


def test_forgetting_a_player_erases_only_their_envelopes_from_an_answer_applied_whole(pipeline):
    elements = posts(40)
    pipeline.take(body(*elements))
    alice = Identity.get(Identity.platform_id == ALICE.uuid)
    with write_transaction(database()):
        forget_player(database(), alice.player_id)
    row = RawEvent.get()
    assert bytes(row.payload) == body(*[e for e in elements if e["envelope"]["sourceUuid"] == CAROL.uuid])
    assert row.status == "archived"
