"""Writes through a database that refuses for a while, and the start-up check that it takes writes at all."""

import sqlite3
import threading

import pytest
from signal_ingest.conftest import body

from puzzlesecretary.store import RawEvent, open_database
from puzzlesecretary.store.writable import check_writable
from puzzlesecretary_signal_ingest import answers
from puzzlesecretary_signal_ingest.health import Health
from puzzlesecretary_signal_ingest.writes import STOPPED, until_written


def hold_write_lock(db_url: str, seconds: float) -> None:
    """Another writer takes SQLite's write lock now and lets it go after `seconds`."""
    holder = sqlite3.connect(db_url[len("sqlite:///"):], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        holder.rollback()
        holder.close()

    threading.Timer(seconds, release).start()


@pytest.mark.sqlite_only
def test_a_write_meeting_a_lock_past_the_busy_timeout_is_tried_again_until_it_goes_through(db, db_url):
    db.execute_sql("PRAGMA busy_timeout = 50")  # the store waits 10 s; the test need not
    hold_write_lock(db_url, 0.8)
    health = Health(60)
    answer_id = until_written(lambda: answers.keep(body({"envelope": {}})), threading.Event(), health, "store a received answer")
    assert RawEvent.get_by_id(answer_id).status == "received"
    assert "database is locked" in health.last_error


@pytest.mark.sqlite_only
def test_a_write_refused_until_told_to_stop_gives_up_without_writing(db, db_url):
    db.execute_sql("PRAGMA busy_timeout = 50")
    hold_write_lock(db_url, 3)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    assert until_written(lambda: answers.keep(b"[{}]"), stop, Health(60), "store a received answer") is STOPPED


@pytest.mark.sqlite_only
def test_the_start_up_check_waits_out_a_lock(db, db_url):
    db.execute_sql("PRAGMA busy_timeout = 50")
    hold_write_lock(db_url, 0.8)
    assert check_writable(db, threading.Event()) is None
    assert RawEvent.select().count() == 0, "the check leaves nothing behind"


def test_the_start_up_check_names_why_a_database_takes_no_writes(db, db_url):
    readonly = open_database(db_url, readonly=True, bind=False)
    try:
        refused = check_writable(readonly, threading.Event())
    finally:
        readonly.close()
    assert refused is not None and ("readonly" in refused or "read-only" in refused)
    assert check_writable(db, threading.Event()) is None
