"""Opening the database named by DATABASE_URL, with the pragmas this project relies on."""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import peewee

from .driver import LazyPsycopg2Adapter
from .models import database_proxy

# WAL lets the web read while an ingest writes; NORMAL survives a crashed process (only a power
# loss may drop the last commits); the busy timeout lets two writers queue instead of failing.
# A 4 MiB page cache: 8 MiB put an ingest over the 40 MiB RSS target, and was no faster
# (docs/performance.md); the OS page cache holds the rest of the file.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "busy_timeout": 10000,
    "foreign_keys": 1,
    "cache_size": -4000,
}


log = logging.getLogger(__name__)

# Any fixed number works: it names the one lock every writer of this database takes.
WRITER_LOCK = 0x5EC2E7A2


class DatabaseURLError(ValueError):
    """DATABASE_URL names no database this program can open."""


class PostgresDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL, made to behave like the SQLite store where the code can tell the difference."""

    psycopg2_adapter = LazyPsycopg2Adapter  # the driver is loaded here, not with peewee (store/driver.py)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writer = threading.local()  # per thread, as peewee's connections are

    def begin(self, isolation_level=None, *, writer: bool = False):
        """BEGIN; with `writer` (write_transaction's own, `db.atomic(writer=True)`) the writer lock goes with it, in the
        same round trip. The request travels with the transaction (peewee passes atomic's arguments to every BEGIN of
        it, a re-BEGIN after `transaction.commit()` too), so nothing is left behind when a transaction fails to start."""
        if writer:
            with peewee.__exception_wrapper__:
                self.cursor().execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            return
        super().begin(isolation_level)

    def _connect(self):
        connection = super()._connect()
        # bytea comes back as memoryview by default; the code (and SQLite) hands out bytes.
        import psycopg2.extensions

        def as_bytes(value, cursor):
            raw = psycopg2.BINARY(value, cursor)
            return None if raw is None else raw.tobytes()

        psycopg2.extensions.register_type(psycopg2.extensions.new_type(psycopg2.BINARY.values, "BYTES", as_bytes), connection)
        return connection


class DatabaseFileChanged(peewee.OperationalError):
    """The SQLite file this program opened is no longer the one at its path: deleted, moved or replaced."""


class SqliteFile(peewee.SqliteDatabase):
    """SQLite that remembers which file it opened, so that file_problem can tell when the path stops naming it.

    Deleted or replaced under a running program, the old file stays open and takes writes that
    nobody will ever read. Its inode stays allocated while a connection holds it, so a new file
    at the path always has another (device, inode) pair.
    """

    opened: tuple[int, int] | None = None
    reported: str | None = None

    def _initialize_connection(self, conn):
        super()._initialize_connection(conn)
        if self.opened is None:
            self.opened = _identity(self.database)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def file_problem(db: peewee.Database) -> str | None:
    """What happened to the database file since it was opened, or None while all is well (and for PostgreSQL)."""
    opened = getattr(db, "opened", None)
    if opened is None:
        return None
    now = _identity(db.database)
    if now == opened:
        return None
    what = "deleted or moved away" if now is None else "replaced by another file"
    problem = f"the database file {db.database} was {what} while this program had it open; restart it to use the file there now"
    if db.reported != problem:  # once in the log, however often health checks and writes ask
        db.reported = problem
        log.error("%s (write transactions are refused from now on)", problem)
    return problem


def open_database(url: str, *, readonly: bool = False, bind: bool = True) -> peewee.Database:
    """Connect to `url` (peewee's URL form) and bind the models to it.

    SQLite files get WAL and immediate write transactions, and their folder is created.
    `readonly` makes every statement that would write fail (the web uses it).
    """
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):]
        if not path or path == ":memory:":
            raise DatabaseURLError("DATABASE_URL must name an SQLite file, e.g. sqlite:///data/puzzlesecretary.db")
        if readonly and not Path(path).exists():
            raise DatabaseURLError(f"no database at {path}: start an ingest or run 'puzzlesecretary migrate' first")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        pragmas = dict(SQLITE_PRAGMAS)
        if readonly:
            pragmas["query_only"] = 1
            pragmas.pop("journal_mode")
        db = SqliteFile(path, pragmas=pragmas, lock_type=None if readonly else "IMMEDIATE")
    elif scheme in ("postgres", "postgresql", "postgresext"):
        options = {"options": "-c default_transaction_read_only=on"} if readonly else {}
        # playhouse.db_url imports playhouse.postgres_ext, which imports psycopg2: only here.
        from playhouse.db_url import parse

        try:
            db = PostgresDatabase(**parse(url), **options)
        except peewee.ImproperlyConfigured as error:  # the driver is not installed
            raise DatabaseURLError(str(error)) from error
    else:
        raise DatabaseURLError(f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:/// or postgresql://")
    if bind:
        database_proxy.initialize(db)
    return db


def is_sqlite(db: peewee.Database) -> bool:
    return isinstance(db, peewee.SqliteDatabase)


@contextmanager
def write_transaction(db: peewee.Database):
    """A transaction that takes the write lock at its start (BEGIN IMMEDIATE on SQLite).

    On PostgreSQL the same one-writer rule is a transaction-scoped advisory lock: without it
    two ingests that meet the same new sender both insert it and one fails on the unique key.
    """
    # Inside a write transaction (a savepoint), the file was checked and the lock taken at its
    # start: the live path nests several, and each check was a stat() and, on PostgreSQL, a statement.
    outer = not db.in_transaction()
    problem = file_problem(db) if outer else None
    if problem is not None:
        raise DatabaseFileChanged(problem)
    # On PostgreSQL the lock goes with the BEGIN, in one round trip (PostgresDatabase.begin).
    with_begin = {"writer": True} if outer and isinstance(db, PostgresDatabase) else {}
    lock_apart = outer and not is_sqlite(db) and not with_begin
    try:
        with db.atomic(**with_begin) as transaction:
            if lock_apart:
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield transaction
    except peewee.OperationalError as error:
        real = _hidden_cause(error)
        if real is error:
            raise
        raise real from None


def _hidden_cause(error: peewee.OperationalError) -> peewee.OperationalError:
    """The error a failed ROLLBACK hides: after "database or disk is full" SQLite has already
    ended the transaction, so peewee's rollback fails with "cannot rollback - no transaction
    is active", and that was all a log or /healthz showed."""
    cause = error
    while cause is not None and "no transaction is active" in str(cause):
        cause = cause.__context__
    return cause if isinstance(cause, peewee.OperationalError) else error
