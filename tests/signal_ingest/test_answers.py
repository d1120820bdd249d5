"""Answers kept whole before they are cut, and bad elements cut out of them, on a real database."""

import threading

import pytest
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, CAROL, GROUP, T0, body, count, wordle

from puzzlesecretary.store import Message, RawEvent
from puzzlesecretary_signal_ingest import answers
from puzzlesecretary_signal_ingest.main import recover
from puzzlesecretary_signal_ingest.pipeline import Pipeline

TEXTS = [wordle(2), wordle(3)] + [f"line {i}" for i in range(2, 10)]
TEN = [f.group_post((ALICE, CAROL)[i % 2], T0 + i * 1000, text, GROUP, ACCOUNT) for i, text in enumerate(TEXTS)]
HUGE_NUMBER = b'{"envelope":{"sourceUuid":"x","timestamp":' + b"7" * 5000 + b',"dataMessage":{"message":"hi"}}}'
NESTED = b'{"envelope":{"sourceUuid":"y","timestamp":1,"dataMessage":{"message":' + b"[" * 1000 + b"]" * 1000 + b"}}}"


def test_an_answer_is_stored_as_one_row_with_its_exact_bytes_before_it_is_cut(db):
    answer = body(*TEN)
    answer_id = answers.keep(answer)
    rows = list(RawEvent.select())
    assert [(r.id, bytes(r.payload), r.status, r.kind) for r in rows] == [(answer_id, answer, "received", "answer")]
    assert answers.waiting() == [answer_id]


def test_an_empty_answer_writes_nothing(db):
    assert answers.keep(b"[]") is None
    assert answers.keep(b"[]\n") is None
    assert RawEvent.select().count() == 0


def test_cutting_an_answer_replaces_its_row_by_one_row_per_element(db, metrics):
    answers.keep(body(*TEN))
    assert answers.split_waiting(metrics) == 10
    assert [bytes(r.payload) for r in RawEvent.select().order_by(RawEvent.id)] == [f.compact(e) for e in TEN]
    assert {r.status for r in RawEvent.select()} == {"new"}
    assert answers.waiting() == []


def test_an_answer_left_uncut_by_a_kill_is_cut_at_the_next_start_and_counted_once(db, metrics):
    answers.keep(body(*TEN[:6]))  # committed, then the process died
    answers.keep(body(*TEN[4:]))  # the next run got an answer delivering two of them again, and died too
    # A new process: nothing but the database survived.
    recover(Pipeline([GROUP], metrics), metrics, threading.Event())
    assert Message.select().count() == 10
    assert RawEvent.select().count() == 10
    assert count(metrics, "ingest_duplicates_total", check="envelope") == 2
    recover(Pipeline([GROUP], metrics), metrics, threading.Event())
    assert Message.select().count() == 10
    assert count(metrics, "ingest_messages_total", kind="message") == 10


@pytest.mark.parametrize(
    ("bad", "reason"),
    [(HUGE_NUMBER, "4300 digits"), (NESTED, "nested too deep")],
    ids=["a number over 4300 digits", "nesting 1000 deep"],
)
def test_a_bad_element_is_cut_out_and_kept_raw_with_its_reason_and_its_neighbours_are_read(pipeline, metrics, bad, reason):
    assert pipeline.store_response(body(*TEN[:5], bad, *TEN[5:])) == 11
    pipeline.process_new()
    assert Message.select().count() == 10
    kept = RawEvent.get(RawEvent.status == "error")
    assert bytes(kept.payload) == bad
    assert reason in kept.error
    assert count(metrics, "ingest_parse_failures_total", reason="malformed_json") == 1
