"""Writing through a database that refuses for a while: a lock held past the busy timeout, a full disk.

Every write signal-ingest makes goes through `until_written`, so a lock met while storing an
answer, reading the groups or recovering at start is waited out the same way. Whether the
database takes writes at all is checked once at start, by the shared start-up
(puzzlesecretary.store.writable, through service.start).
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, TypeVar

import peewee

from puzzlesecretary.store.writable import FIRST_DELAY_S, MAX_DELAY_S

from .health import Health

log = logging.getLogger(__name__)

T = TypeVar("T")
STOPPED = object()  # what until_written returns when told to stop before the write went through


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
