"""The outbox: everything the bot says is stored here first, then claimed and sent by a sender.

`enqueue` stores `Outgoing` values (outgoing.py) in the caller's transaction; a value's `key` is
unique, so enqueuing it again is a no-op. A platform's sender (sending.py, with the container's
transport) then takes due rows with `claim`, sends each, and settles it with `sent`, `retry`
or `failed`. What a crash between the claim and the settling does is `recover`'s business,
described in docs/sending.md.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Iterable

import peewee

from .clock import now_ms
from .outgoing import Outgoing, React, Say, Seen
from .store.bulk import insert_rows, where_in
from .store.database import write_transaction
from .store.models import Outbox, database_proxy

KINDS: dict[type, str] = {Say: "say", React: "react", Seen: "seen"}
_BY_KIND = {kind: cls for cls, kind in KINDS.items()}
_ROW_FIELDS = ("platform", "chat_id", "is_group", "key", "group_id")

# Reactions and read receipts are idempotent at the upstream (a second ✅ from the same account
# on the same message replaces the first), so a send a crash interrupted is sent again. A text
# is not: sent twice, it shows twice. See docs/sending.md.
IDEMPOTENT_KINDS = frozenset({"react", "seen"})


@functools.cache
def _body_fields(kind: type) -> tuple[str, ...]:
    """The fields of an Outgoing type that go in the row's body, in their order."""
    return tuple(f.name for f in dataclasses.fields(kind) if f.name not in _ROW_FIELDS)


def _row(item: Outgoing, at: int) -> dict:
    kind = KINDS.get(type(item))
    if kind is None:
        raise TypeError(f"not an Outgoing value: {item!r}")
    if not item.key:
        raise ValueError(f"an outgoing {kind} needs a key: {item!r}")
    # The fields are plain values (texts, numbers, flags): read as they are, not deep-copied (asdict).
    body = {name: getattr(item, name) for name in _body_fields(type(item))}
    return {
        "key": item.key,
        "platform": item.platform,
        "kind": kind,
        "chat_id": item.chat_id,
        "is_group": item.is_group,
        "group": item.group_id,
        "body": body,
        "status": "pending",
        "attempts": 0,
        "created_at": at,
        "due_at": at,
    }


def enqueue(db: peewee.Database, items: Iterable[Outgoing], *, at: int | None = None) -> int:
    """Store each item once (a key already stored is skipped); return how many were new.

    Runs in the caller's transaction when there is one (the applier enqueues a confirmation in
    the transaction that stores its score), else in a write transaction of its own.
    """
    stamp = now_ms() if at is None else at
    rows = {}
    for item in items:
        row = _row(item, stamp)
        rows.setdefault(row["key"], row)  # the first of two values with one key wins
    if not rows:
        return 0
    if db.in_transaction():
        return _insert(db, list(rows.values()))
    with write_transaction(db):
        return _insert(db, list(rows.values()))


_COLUMNS = ("key", "platform", "kind", "chat_id", "is_group", "group_id", "body", "status", "attempts", "created_at", "due_at")


def _values(row: dict) -> tuple:
    """A row of `_row` in the order of _COLUMNS, as the columns store it."""
    return (
        row["key"], row["platform"], row["kind"], row["chat_id"], row["is_group"], row["group"],
        Outbox.body.db_value(row["body"]), row["status"], row["attempts"], row["created_at"], row["due_at"],
    )  # fmt: skip


def _insert(db: peewee.Database, rows: list[dict]) -> int:
    """Insert the rows whose key is not stored yet; how many were new.

    Plain SQL (store/bulk.py): a counted share enqueues its ✅ here, and peewee's look-then-insert
    cost more than the database's work on it (docs/performance.md).
    """
    values = [_values(row) for row in rows]
    return len(insert_rows("outbox", _COLUMNS, values, returning="id", conflict='("key") DO NOTHING', db=db))


def outgoing(row: Outbox) -> Outgoing:
    """The value a row was stored from."""
    cls = _BY_KIND[row.kind]
    return cls(
        platform=row.platform,
        chat_id=row.chat_id,
        is_group=bool(row.is_group),
        key=row.key,
        group_id=row.group_id,
        **row.body,
    )


def pending(db: peewee.Database, platform: str | None = None) -> list[Outbox]:
    """Rows not settled yet, oldest first (for tests and the CLI)."""
    query = Outbox.select().where(Outbox.status.in_(("pending", "sending")))
    if platform is not None:
        query = query.where(Outbox.platform == platform)
    return list(query.order_by(Outbox.due_at, Outbox.id))


# How a message id as the ingest stores it shows the id the upstream answered a send with:
# Signal's "<sender uuid>:<sent ms>" holds the timestamp /v2/send returned; WAHA's msgId is itself.
_UPSTREAM_ID = {"signal": lambda message_id: message_id.rsplit(":", 1)[-1]}


def is_own_send(platform: str, message_id: str, chat_id: str | None) -> bool:
    """Whether a message about to be stored is something this bot sent to that chat (its echo is no share)."""
    return bool(own_sends([(platform, message_id, chat_id)]))


def own_sends(messages: list[tuple[str, str, str | None]]) -> set[int]:
    """Of (platform, message id, chat id) triples, the places of the bot's own sends to that chat: one query per
    platform (plain SQL: every live message asks, and peewee's query building cost more than the lookup)."""
    wanted: dict[str, dict[tuple[str, str], list[int]]] = {}
    for n, (platform, message_id, chat_id) in enumerate(messages):
        upstream_id = _UPSTREAM_ID.get(platform, lambda m: m)(message_id)
        if upstream_id and chat_id is not None:
            wanted.setdefault(platform, {}).setdefault((upstream_id, chat_id), []).append(n)
    out: set[int] = set()
    db = database_proxy.obj
    for platform, places in wanted.items():
        upstream_ids = sorted({upstream_id for upstream_id, _ in places})
        sql = f"SELECT upstream_id, chat_id FROM outbox WHERE platform = {db.param} AND upstream_id IN ({{}})"
        for found in where_in(sql, upstream_ids, platform):
            out.update(places.get(tuple(found), ()))
    return out
