"""Writing through a database that refuses for a while: a lock held past the busy timeout, a full disk.

Every write signal-ingest makes goes through `until_written`, so a lock met while storing an
answer, reading the groups or recovering at start is waited out the same way. At start,
`check_writable` tells a lock (wait) from a database that will not take writes at all
(read-only file or role, unopenable journal): that one stops the program.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Callable, TypeVar

import peewee

from puzzlesecretary.store import RawEvent, write_transaction

from .health import Health

log = logging.getLogger(__name__)

T = TypeVar("T")
STOPPED = object()  # what until_written returns when told to stop before the write went through
FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0


def until_written(write: Callable[[], T], stop: threading.Event, health: Health, what: str) -> T | object:
    """`write()`, tried again while the database refuses it; STOPPED if `stop` is set first.

    Waits 0.5 s, 1 s, 2 s, ... up to 30 s between tries. /healthz says why meanwhile, and the
    loop's heartbeat goes on, so the container is not restarted for a lock it would meet again.
    """
    delay = FIRST_DELAY_S
    while True:
        try:
            return write()
        except peewee.DatabaseError as error:
            health.beat()
            health.failed(f"cannot {what}: {error}")
            if stop.is_set():
                log.error("stopping before the database would %s: %s", what, error)
                return STOPPED
            log.error("cannot %s, retrying in %g s: %s", what, delay, error)
            stop.wait(delay)
            delay = min(delay * 2, MAX_DELAY_S)


def is_lock(error: peewee.DatabaseError) -> bool:
    """SQLite's `database is locked` / `database table is locked`: another writer, not a broken database."""
    return "is locked" in str(error)


class _Undo(Exception):
    """Rolls the probe's transaction back."""


def probe(db: peewee.Database) -> None:
    """One write, rolled back: raises the database's own error when it will not take writes."""
    try:
        with write_transaction(db):
            key = f"probe:{uuid.uuid4().hex}"
            RawEvent.insert(platform="signal", dedup_key=key, received_at=0, payload=b"", status="probe").execute(db)
            raise _Undo
    except _Undo:
        pass


def check_writable(db: peewee.Database, stop: threading.Event) -> str | None:
    """None once a write would go through (a lock is waited out); else why the database refuses writes."""
    delay = FIRST_DELAY_S
    while not stop.is_set():
        try:
            probe(db)
            return None
        except peewee.DatabaseError as error:
            if not is_lock(error):
                return str(error)
            log.warning("the database is locked by another writer; trying again in %g s", delay)
            stop.wait(delay)
            delay = min(delay * 2, MAX_DELAY_S)
    return None
