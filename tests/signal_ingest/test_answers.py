"""Answers kept whole before they are cut, and bad elements cut out of them, on a real database."""

import threading

import peewee
import pytest
from helpers import refuse
from signal_ingest import fake_signal_api as f
from signal_ingest.conftest import ACCOUNT, ALICE, CAROL, GROUP, T0, body, count, wordle

from puzzlesecretary.store import Message, RawEvent
from puzzlesecretary.store.database import is_sqlite
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


# Kept and cut in one transaction ------------------------------------------------------------


def test_a_small_answer_is_cut_into_its_elements_in_the_transaction_that_keeps_it(db, metrics):
    kept = answers.keep_and_cut(body(*TEN[:3]), metrics)
    assert (kept.new, kept.waiting) == (3, False)
    rows = list(RawEvent.select().order_by(RawEvent.id))
    assert [(bytes(r.payload), r.status) for r in rows] == [(f.compact(e), "new") for e in TEN[:3]]
    assert answers.waiting() == []


def test_the_same_small_answer_kept_again_stores_nothing_new_and_counts_its_duplicates(db, metrics):
    answers.keep_and_cut(body(*TEN[:3]), metrics)
    assert answers.keep_and_cut(body(*TEN[:3]), metrics).new == 0
    assert RawEvent.select().count() == 3
    assert count(metrics, "ingest_duplicates_total", check="envelope") == 3


def test_a_large_answer_is_kept_whole_first_and_cut_afterwards(db, metrics):
    many = [f.group_post(ALICE, T0 + i * 1000, f"line {i} " + "x" * 200, GROUP, ACCOUNT) for i in range(100)]
    answer = body(*many)
    assert len(answer) > answers.CUT_AT_ONCE_BYTES
    kept = answers.keep_and_cut(answer, metrics)
    assert kept.waiting
    assert [(bytes(r.payload), r.status) for r in RawEvent.select()] == [(answer, "received")]
    assert answers.split_waiting(metrics) == 100
    assert RawEvent.select().where(RawEvent.status == "new").count() == 100


def test_an_answer_whose_cut_fails_is_kept_whole_with_the_reason_and_a_log_line(db, metrics, monkeypatch, caplog):
    def broken(_body):
        raise RuntimeError("a bug in the cutter")

    monkeypatch.setattr(answers, "split", broken)
    answer = body(*TEN[:2])
    assert answers.keep_and_cut(answer, metrics).new == 0
    [row] = RawEvent.select()
    assert (bytes(row.payload), row.status) == (answer, "error")
    assert "a bug in the cutter" in row.error
    assert "cannot be cut into its elements; kept whole" in caplog.text
    assert count(metrics, "ingest_parse_failures_total", reason="split") == 1


def test_an_answer_whose_cut_the_database_refuses_is_kept_whole_and_cut_once_it_accepts(db, metrics, caplog):
    lift = refuse(db, "raw_event", "NEW.status = 'new'")
    answer = body(*TEN[:2])
    kept = answers.keep_and_cut(answer, metrics)
    assert kept.waiting
    assert [(bytes(r.payload), r.status) for r in RawEvent.select()] == [(answer, "received")]
    assert "kept whole, to be cut later" in caplog.text and "refused for the test" in caplog.text
    lift()
    assert answers.split_waiting(metrics) == 2
    assert [bytes(r.payload) for r in RawEvent.select().order_by(RawEvent.id)] == [f.compact(e) for e in TEN[:2]]


def test_an_answer_the_database_refuses_altogether_is_not_half_stored(db, metrics):
    lift = refuse(db, "raw_event")
    with pytest.raises(peewee.DatabaseError):
        answers.keep_and_cut(body(*TEN[:2]), metrics)  # the poller retries with the answer still in memory
    lift()
    assert RawEvent.select().count() == 0
    assert answers.keep_and_cut(body(*TEN[:2]), metrics).new == 2


def _refuse_settling(db):
    """Make the real database refuse to set a raw event's outcome (an UPDATE of raw_event); returns what lifts it."""
    if is_sqlite(db):
        db.execute_sql(
            "CREATE TRIGGER refuse_settle BEFORE UPDATE ON raw_event BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
        )
        return lambda: db.execute_sql("DROP TRIGGER refuse_settle")
    db.execute_sql(
        "CREATE FUNCTION refuse_settle() RETURNS trigger AS $$"
        " BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql"
    )
    db.execute_sql("CREATE TRIGGER refuse_settle BEFORE UPDATE ON raw_event FOR EACH ROW EXECUTE FUNCTION refuse_settle()")
    return lambda: db.execute_sql("DROP TRIGGER refuse_settle ON raw_event")


def test_an_answer_kept_whole_is_cut_and_applied_in_one_transaction_that_a_refusal_undoes_whole(db, metrics):
    pipeline = Pipeline([GROUP], metrics)
    answer = body(*TEN)
    answers.keep(answer)
    lift = _refuse_settling(db)
    with pytest.raises(peewee.DatabaseError):
        pipeline.cut_and_apply()
    # Nothing of the cut or the apply stays, nothing was counted: the answer waits whole, to be cut again.
    assert [(bytes(r.payload), r.status) for r in RawEvent.select()] == [(answer, "received")]
    assert Message.select().count() == 0
    assert count(metrics, "ingest_messages_total", kind="message") == 0
    assert pipeline.decoded == {}
    lift()
    assert pipeline.cut_and_apply() == (10, 10)
    assert Message.select().count() == 10
    # Ordinary envelopes: applied from the answer's row, which stays as their raw copy (whole_answers).
    assert [(bytes(r.payload), r.status) for r in RawEvent.select()] == [(answer, "archived")]
    assert count(metrics, "ingest_messages_total", kind="message") == 10
    assert pipeline.cut_and_apply() == (0, 0)
    assert count(metrics, "ingest_messages_total", kind="message") == 10
