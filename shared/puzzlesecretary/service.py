"""The one start-up sequence of every container: settings, logging, the store, the listening port.

`start` checks the settings (each bad variable named), starts logging and opens the store the
way the container needs it: migrated to this release (the ingests), read-only and migrated
already (the web), or none (updater-metrics). `listening` binds the health and metrics server
(puzzlesecretary.health). Each step that cannot go on prints one line naming the setting at
fault and gives exit status 2; nothing here knows which container it runs in.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import SimpleNamespace
from typing import Callable, TypeVar

import peewee

from .config import ConfigError, describe
from .store import migrate, open_database
from .store.database import DatabaseURLError
from .store.migrations import SCHEMA_VERSION, SchemaTooNew, schema_version
from .store.writable import check_writable

T = TypeVar("T")
WRITE, READ = "write", "read"  # how a container opens the store

# Exit status of a container that cannot start with its settings.
BAD_SETTINGS = 2


class Refused(Exception):
    """Start-up cannot go on; the message is the one line to print (`prog: SETTING: why`)."""


def arguments(prog: str, description: str, settings, argv: list[str] | None, add=None) -> argparse.Namespace:
    """The command line: --help lists every setting of the container's table; `add(parser)` adds its own options."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog="Settings (environment variables):\n" + describe(settings),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if add is not None:
        add(parser)
    return parser.parse_args(argv)


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


def open_current(prog: str, url: str) -> peewee.Database:
    """The store read-only, already at this release's schema (only the ingests and `migrate` write), or Refused."""
    try:
        db = open_database(url, readonly=True)
        version = schema_version(db)
    except (DatabaseURLError, peewee.PeeweeException) as error:
        raise Refused(f"{prog}: DATABASE_URL: {error}") from error
    if version < SCHEMA_VERSION:
        db.close()
        raise Refused(
            f"{prog}: DATABASE_URL: the database is at schema {version}, this release needs {SCHEMA_VERSION}: "
            "run 'puzzlesecretary migrate'"
        )
    return db


def start(
    prog: str, load: Callable[[], SimpleNamespace], store: str | None, stop: threading.Event | None = None
) -> tuple[SimpleNamespace, peewee.Database | None]:
    """The settings, logging started, and the store opened as `store` says (WRITE, READ or None).

    A WRITE store must take a write (one insert, rolled back) before anything is received that
    it would have to keep; a lock held by another writer is waited out until `stop` is set.
    """
    settings = settings_or_exit(prog, load)
    start_logging(settings.log_level)
    if store == WRITE:
        db = open_store(prog, settings.database_url)
        refused = check_writable(db, stop or threading.Event())
        if refused is not None:
            db.close()
            raise Refused(f"{prog}: DATABASE_URL: cannot write to {db.database}: {refused}")
        return settings, db
    if store == READ:
        return settings, open_current(prog, settings.database_url)
    return settings, None


def listening(prog: str, port_setting: str, host: str, port: int, bind: Callable[[], T]) -> T:
    """`bind()` (a server bound to host:port), or Refused naming the port's setting when it cannot listen."""
    try:
        return bind()
    except OSError as error:
        raise Refused(f"{prog}: {port_setting}: cannot listen on {host}:{port}: {error.strerror}") from error


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


def run_sender_alone(prog: str, load: Callable[[], object], make_sender, log: logging.Logger) -> int:
    """An ingest's sender as its own process (`python -m ….sender`): settings, logging, the
    store, and `make_sender(settings, db, stop)` run until SIGTERM."""
    settings = settings_or_exit(prog, load)
    start_logging(settings.log_level)
    stop = stop_flag(log)
    db = open_store(prog, settings.database_url)
    try:
        make_sender(settings, db, stop).run()
    finally:
        db.close()
    return 0
