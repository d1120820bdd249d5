"""The store when the disk under it fails: the real error is the one shown."""

from __future__ import annotations

import peewee
import pytest

from puzzlesecretary.ingest import store_raw
from puzzlesecretary.store import RawEvent, write_transaction


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
