"""The same store and write path on SQLite and PostgreSQL: what differs between the two is hidden."""

from __future__ import annotations

import datetime as dt
import threading

from helpers import message

from puzzlesecretary import ingest
from puzzlesecretary.store import (
    Identity,
    Message,
    Player,
    RawEvent,
    Score,
    open_database,
    schema_version,
)
from puzzlesecretary.store.database import is_sqlite
from puzzlesecretary.store.migrations import SCHEMA_VERSION

WORDLE = "Wordle 1,987 3/6\n\n⬛🟨⬛⬛⬛\n🟩🟩⬛🟩⬛\n🟩🟩🟩🟩🟩"


def test_the_web_can_read_the_schema_version_through_a_read_only_connection(db, db_url):
    reader = open_database(db_url, readonly=True, bind=False)
    try:
        assert schema_version(reader) == SCHEMA_VERSION
    finally:
        reader.close()


def test_an_empty_database_reads_as_version_zero_without_being_written(db_url):
    reader = open_database(db_url, bind=False)
    try:
        assert schema_version(reader) == 0
        assert reader.get_tables() == []
    finally:
        reader.close()


def test_a_raw_payload_comes_back_as_the_same_bytes(db):
    payload = '{"envelope":{"dataMessage":{"message":"Wordle 1,987 3/6 🟩"}}}'.encode() + b"\x00\xff"
    stored = ingest.store_raw("signal", "k1", payload)
    assert stored is not None
    again = RawEvent.get_by_id(stored.id)
    assert isinstance(again.payload, bytes)
    assert again.payload == payload
    assert ingest.store_raw("signal", "k1", payload) is None


def test_text_comes_back_exactly_as_sent(db):
    text = "Wordle 1,987 3/6*\n\n⬛🟨⬛⬛⬛\n🟩🟩🟩🟩🟩\nélan 👍🏽 \u200d"
    ingest.ingest([message(text, name="Zoë 🦊")])
    stored = Message.get()
    assert stored.text == text
    assert Player.get().name == "Zoë 🦊"


def test_scores_keep_their_types(db):
    ingest.ingest([message(WORDLE)])
    score = Score.get()
    assert score.date == dt.date(2026, 11, 27)
    assert score.solved is True and score.hard_mode is False and score.counted is True
    assert score.score == 3.0 and score.puzzle == 1987


def test_two_writers_at_once_neither_fail_nor_double_a_new_sender(db):
    """Four writers see the same new senders at the same moment, each on its own connection.

    SQLite serialises them with BEGIN IMMEDIATE; on PostgreSQL the write transaction takes
    the same one-writer lock, so a later writer finds the identity an earlier one created.
    """
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        # peewee keeps one connection per thread: what four processes would do.
        try:
            start.wait()
            for i in range(15):
                ingest.ingest([message(f"chat {n}-{i}", sender=f"u-{i}", name=f"P{i}", message_id=f"m-{n}-{i}")])
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert Message.select().count() == 60
    assert Identity.select().count() == 15
    assert Player.select().count() == 15


def test_an_edit_finds_its_message_and_copies_and_nothing_that_merely_looks_alike(db):
    """Ids are matched exactly, byte for byte: LIKE's wildcards and case mean nothing here."""
    for message_id in ("AB_1", "ab_1", "ABx1", "AB%1", "AB_1#7", "AB_12"):
        ingest.ingest([message("see you at 7", message_id=message_id, sender=f"u-{message_id}")])
    at = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
    assert ingest.edit_message("test", "AB_1", "see you at 8", at)
    edited = {m.platform_message_id for m in Message.select().where(Message.text == "see you at 8")}
    assert edited == {"AB_1", "AB_1#7"}
    assert ingest.delete_message("test", "AB%1", at)
    assert {m.platform_message_id for m in Message.select().where(Message.deleted)} == {"AB%1"}


def test_finding_a_messages_copies_reads_the_index_not_every_message(db):
    # Enough messages, and fresh statistics, for the planners to choose as they would in production.
    ingest.ingest([message("lol", message_id=f"m{n}", sender=f"u{n % 20}") for n in range(2000)])
    db.execute_sql("ANALYZE")
    query = Message.select().where(Message.platform == "test", ingest._copies_of("m1"))
    sql, params = query.sql()
    if is_sqlite(db):
        plan = " ".join(str(row[-1]) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "platform_message_id>? AND platform_message_id<?" in plan, plan
    else:
        plan = " ".join(row[0] for row in db.execute_sql("EXPLAIN " + sql, params).fetchall())
        assert "message_id_prefix" in plan and "~>=~" in plan, plan
