"""Helpers any test may import (tests/ is on pytest's pythonpath)."""

from __future__ import annotations

import datetime as dt

from puzzlesecretary.ingest import Incoming
from puzzlesecretary.store.database import is_sqlite


def message(
    text: str,
    *,
    sender: str = "u-alice",
    name: str | None = "Alice",
    group: str | None = "g1",
    at: dt.datetime | str = "2026-11-27T08:00:00+00:00",
    message_id: str | None = None,
    platform: str = "test",
) -> Incoming:
    """An incoming chat message with sensible defaults, for feeding the ingest path."""
    when = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
    return Incoming(
        platform=platform,
        message_id=message_id or f"{sender}:{when.timestamp():.0f}:{abs(hash(text)) % 10_000}",
        group_id=group,
        sender_id=sender,
        sender_name=name,
        sent_at=when,
        text=text,
        raw=None,
    )


def refuse(db, table: str, when: str = "true"):
    """Make the real database refuse inserts into `table` where `when` holds (a trigger); returns what lifts it."""
    if is_sqlite(db):
        db.execute_sql(
            f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} WHEN {when}"
            " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END"
        )
        return lambda: db.execute_sql(f"DROP TRIGGER refuse_{table}")
    db.execute_sql(
        "CREATE FUNCTION refuse_for_test() RETURNS trigger AS $$"
        " BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql"
    )
    db.execute_sql(
        f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION refuse_for_test()"
    )
    return lambda: db.execute_sql(f"DROP TRIGGER refuse_{table} ON {table}")


def at_schema_before(url: str, migration):
    """A database at `url` migrated up to, not including, `migration` (a function of MIGRATIONS): a store as
    the code before that migration left it."""
    from puzzlesecretary.store import open_database
    from puzzlesecretary.store.migrations import MIGRATIONS, _set_version

    db = open_database(url)
    for version, step in enumerate(MIGRATIONS[: MIGRATIONS.index(migration)], start=1):
        with db.atomic():
            step(db)
            _set_version(db, version)
    return db
