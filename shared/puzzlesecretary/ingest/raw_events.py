"""The two statements every raw event meets in the applier, in plain SQL.

peewee's query building cost more than the database's work on them (docs/performance.md,
the Signal path): the loop over raw events still `new`, and setting each one's outcome.
"""

from __future__ import annotations

from ..store import RawEvent, database

_RAW_COLUMNS = ("id", "platform", "dedup_key", "received_at", "payload", "status", "kind", "error")


def new_raw_events(platform: str, after_id: int, limit: int) -> list[RawEvent]:
    """The platform's raw events still `new` after `after_id`, oldest first (the (status, id) index)."""
    db = database()
    p = db.param
    sql = f"SELECT {', '.join(_RAW_COLUMNS)} FROM raw_event WHERE platform = {p} AND status = 'new' AND id > {p}"
    rows = db.execute_sql(sql + f" ORDER BY id LIMIT {p}", (platform, after_id, limit)).fetchall()
    return [RawEvent(**dict(zip(_RAW_COLUMNS, row, strict=True))) for row in rows]


def settle_raw_event(raw_id: int, changes: dict) -> None:
    """Set a raw event's columns (named by the applier and its transport, checked against the table)."""
    unknown = set(changes) - set(_RAW_COLUMNS[1:])
    if unknown:
        raise ValueError(f"raw_event has no column {min(unknown)!r}")
    db = database()
    names = list(changes)
    values = [bytes(v) if name == "payload" else v for name, v in changes.items()]
    db.execute_sql(
        f"UPDATE raw_event SET {', '.join(f'{name} = {db.param}' for name in names)} WHERE id = {db.param}", (*values, raw_id)
    )
