"""The store when the disk under it fails: the real error is the one shown; a deleted or replaced file is noticed."""

from __future__ import annotations

import contextlib
import os

import peewee
import pytest

from puzzlesecretary.ingest import store_raw
from puzzlesecretary.store import RawEvent, migrate, open_database, write_transaction
from puzzlesecretary.store.database import DatabaseFileChanged, file_problem


@pytest.mark.sqlite_only
def test_a_full_database_says_database_or_disk_is_full_not_that_a_rollback_failed(db):
    # SQLite's own size cap fails a write with the same SQLITE_FULL as a full disk.
    db.execute_sql(f"PRAGMA max_page_count = {db.execute_sql('PRAGMA page_count').fetchone()[0] + 2}")
    with pytest.raises(peewee.OperationalError) as failed:
        for n in range(20):
            with write_transaction(db):
                store_raw("whatsapp", f"full-{n}", b"x" * 20_000, kind="message")
    assert str(failed.value) == "database or disk is full"
    assert RawEvent.select().count() < 20
    with write_transaction(db):  # the connection is usable again: a small write still fits
        store_raw("whatsapp", "small", b"{}", kind="message")
    assert RawEvent.get(RawEvent.dedup_key == "small").payload == b"{}"


def test_an_error_inside_the_transaction_is_raised_as_it_was(db):
    with pytest.raises(peewee.IntegrityError), write_transaction(db):
        store_raw("whatsapp", "dup", b"{}", kind="message")
        RawEvent.insert(platform="whatsapp", dedup_key="dup", payload=b"{}", kind="message", received_at=0).execute()
    assert RawEvent.select().count() == 0


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path + suffix)


@pytest.mark.sqlite_only
def test_a_database_file_deleted_under_a_writer_stops_its_writes_with_an_error_and_one_log_line(db, caplog):
    with write_transaction(db):
        store_raw("whatsapp", "before", b"{}", kind="message")
    assert file_problem(db) is None
    _remove(db.database)
    gone = "was deleted or moved away while this program had it open"
    with pytest.raises(DatabaseFileChanged, match=gone), write_transaction(db):
        store_raw("whatsapp", "after", b"{}", kind="message")
    with pytest.raises(DatabaseFileChanged), write_transaction(db):
        store_raw("whatsapp", "after", b"{}", kind="message")
    errors = [r for r in caplog.records if r.name == "puzzlesecretary.store.database"]
    assert len(errors) == 1 and errors[0].levelname == "ERROR" and db.database in errors[0].getMessage()


@pytest.mark.sqlite_only
def test_a_database_file_replaced_under_a_writer_is_noticed(db, tmp_path):
    other = open_database(f"sqlite:///{tmp_path}/other.db", bind=False)
    migrate(other)
    other.close()
    os.replace(tmp_path / "other.db", db.database)  # what restoring a backup with mv does
    assert "was replaced by another file" in file_problem(db)
    with pytest.raises(DatabaseFileChanged, match="replaced"), write_transaction(db):
        store_raw("whatsapp", "lost", b"{}", kind="message")


def test_postgresql_and_an_untouched_file_have_no_file_problem(db):
    db.execute_sql("SELECT 1")
    assert file_problem(db) is None
