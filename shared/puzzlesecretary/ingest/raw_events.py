"""The statements every raw event meets in the applier, in plain SQL, a few per chunk.

peewee's query building, and building a model instance per row, cost more than the database's
work on them (docs/performance.md, the Signal path): the loop over raw events still `new`, and
setting their outcomes, one executemany per set of columns a chunk's outcomes name.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import database
from ..store.bulk import execute_many

_RAW_COLUMNS = ("id", "platform", "dedup_key", "received_at", "payload", "status", "kind", "error")


@dataclass(slots=True)
class RawRow:
    """One raw_event row as the applier reads it: the columns of store.RawEvent, no model around them."""

    id: int
    platform: str
    dedup_key: str
    received_at: int
    payload: bytes
    status: str
    kind: str
    error: str | None


def new_raw_events(platform: str, after_id: int, limit: int) -> list[RawRow]:
    """The platform's raw events still `new` after `after_id`, oldest first (the (status, id) index)."""
    db = database()
    p = db.param
    sql = f"SELECT {', '.join(_RAW_COLUMNS)} FROM raw_event WHERE platform = {p} AND status = 'new' AND id > {p}"
    rows = db.execute_sql(sql + f" ORDER BY id LIMIT {p}", (platform, after_id, limit)).fetchall()
    return [RawRow(*row) for row in rows]


def settle_raw_events(settled: list[tuple[int, dict]]) -> None:
    """Set each raw event's columns (named by the applier and its transport, checked against the table): one
    executemany per set of column names, in the order first met."""
    by_names: dict[tuple[str, ...], list[tuple]] = {}
    for raw_id, changes in settled:
        unknown = set(changes) - set(_RAW_COLUMNS[1:])
        if unknown:
            raise ValueError(f"raw_event has no column {min(unknown)!r}")
        names = tuple(changes)
        values = tuple(bytes(v) if name == "payload" else v for name, v in changes.items())
        by_names.setdefault(names, []).append((*values, raw_id))
    db = database()
    for names, rows in by_names.items():
        sql = f"UPDATE raw_event SET {', '.join(f'{name} = {db.param}' for name in names)} WHERE id = {db.param}"
        execute_many(sql, rows, db)
