"""The start-up every long-running container shares: settings, logging, the store, the stop signal.

Each step that cannot go on prints one line naming the setting at fault and gives exit status 2
(what systemd and the quadlets treat as "do not restart in a loop"), the way the ingests
already did; nothing here knows which container it runs in.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Callable

import peewee

from .config import ConfigError
from .store import migrate, open_database
from .store.database import DatabaseURLError
from .store.migrations import SchemaTooNew

# Exit status of a container that cannot start with its settings.
BAD_SETTINGS = 2


class Refused(Exception):
    """Start-up cannot go on; the message is the one line to print (`prog: SETTING: why`)."""


def settings_or_exit(prog: str, load: Callable[[], object]):
    """The container's settings, or Refused saying which variable is wrong."""
    try:
        return load()
    except ConfigError as error:
        raise Refused(f"{prog}: {error}") from error


def start_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def open_store(prog: str, url: str, *, readonly: bool = False, upgrade: bool = True) -> peewee.Database:
    """The store, migrated to this release's schema (`upgrade`), or Refused naming DATABASE_URL."""
    try:
        db = open_database(url, readonly=readonly) if readonly else open_database(url)
        if upgrade:
            migrate(db)
    except (DatabaseURLError, SchemaTooNew, peewee.OperationalError) as error:
        raise Refused(f"{prog}: DATABASE_URL: {error}") from error
    return db


def stop_flag(log: logging.Logger) -> threading.Event:
    """An event SIGTERM and SIGINT set: loops check it between units of work and end cleanly."""
    stop = threading.Event()

    def request_stop(signum, frame):
        log.info("signal %d: stopping after the current step", signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stop


def run(main: Callable[[], int]) -> int:
    """Run a container's main; a Refused start-up prints its one line and exits with status 2."""
    try:
        return main()
    except Refused as refused:
        print(refused, file=sys.stderr)
        return BAD_SETTINGS
