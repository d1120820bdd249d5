"""The statements every raw event meets in the applier, in plain SQL, a few per chunk.

peewee's query building, and building a model instance per row, cost more than the database's
work on them (docs/performance.md, the Signal path): the loop over raw events still `new`, and
setting their outcomes, one UPDATE per set of outcome columns and values a chunk's rows share.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import database
from ..store.bulk import where_in

_RAW_COLUMNS = ("id", "platform", "dedup_key", "received_at", "payload", "status", "kind", "error")
_SETTABLE = frozenset(_RAW_COLUMNS[1:])


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
    UPDATE per set of columns and values, for every row that gets them (a chunk of chatter is one statement)."""
    by_changes: dict[tuple, list[int]] = {}
    for raw_id, changes in settled:
        unknown = set(changes) - _SETTABLE
        if unknown:
            raise ValueError(f"raw_event has no column {min(unknown)!r}")
        key = tuple((name, bytes(v) if name == "payload" else v) for name, v in changes.items())
        by_changes.setdefault(key, []).append(raw_id)
    p = database().param
    for key, ids in by_changes.items():
        sql = f"UPDATE raw_event SET {', '.join(f'{name} = {p}' for name, _ in key)} WHERE id IN ({{}})"
        where_in(sql, ids, *(value for _, value in key))
