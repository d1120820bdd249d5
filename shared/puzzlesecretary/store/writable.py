"""The start-up check of a container that writes: does the store take a write at all?

`check_writable` tells a lock held by another writer (waited out) from a database that will not
take writes (a read-only file or role, an unopenable journal): `service.start` stops such a
container with one line before it takes anything off its upstream.
"""

from __future__ import annotations

import logging
import threading
import uuid

import peewee

from .database import write_transaction
from .models import RawEvent

log = logging.getLogger(__name__)

FIRST_DELAY_S = 0.5
MAX_DELAY_S = 30.0


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
            RawEvent.insert(platform="probe", dedup_key=key, received_at=0, payload=b"", status="probe").execute(db)
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
