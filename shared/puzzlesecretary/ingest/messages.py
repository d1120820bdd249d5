"""Storing messages, raw text first: the one way a message gets into the store.

`store_messages` stores a batch in one transaction before anything reads it; a message whose
(platform, id) is already stored is a duplicate and stores nothing. Deriving is `derive`'s; with
`settle`, a message whose text holds nothing (derive.holds_nothing: chatter, nine of ten) is stored
`chatter` at once instead of `pending`, which is what deriving it would have set.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Sequence

from ..chatsettings import choices
from ..clock import now_ms, to_ms
from ..events import NewMessage
from ..forget import blocked
from ..store import Group, Identity, RawEvent, database, write_transaction
from ..store.bulk import chunks, insert_rows, where_in
from .derive import holds_nothing
from .people import copy_id, direct_groups, ensure_group, ensure_identity

PENDING, CHATTER = "pending", "chatter"  # a message's status as stored: derive's to set, or set already

# A chat message as a transport hands it over: the vocabulary's NewMessage, under its old name.
Incoming = NewMessage


@dataclass
class Stored:
    """What happened to one incoming message."""

    message_ids: list[int] = field(default_factory=list)  # a direct message may land in several groups
    duplicate: bool = False
    stranger: bool = False
    forgotten: bool = False  # its sender asked to be forgotten (forget.py): not stored
    chatter: list[int] = field(default_factory=list)  # of message_ids, those stored `chatter` at once (settle): derived


def fan_out(item: Incoming, groups: list[Group]) -> list[Incoming]:
    """A direct message as one group message per group it counts in (the copy-id convention)."""
    # A direct message names no group, and its sender's aliases were stored with its first group message.
    return [
        replace(item, message_id=copy_id(item.message_id, n, g), group_id=g.platform_id, group_name="", aliases=frozenset())
        for n, g in enumerate(groups)
    ]


def store_messages(batch: Sequence[Incoming], default_timezone: str = "UTC", settle: bool = False) -> list[Stored]:
    """Store each message of `batch` (raw text first) in one transaction, `pending` for derive.

    A direct message (no group) lands in every group of that platform its sender has posted in;
    from a stranger it is stored nowhere. `settle`: a message whose text holds no result nor
    rejection, from a sender who has not opted out, is stored `chatter` (Stored.chatter), as
    deriving it would leave it; the caller derives only the others.
    """
    out = [Stored() for _ in batch]
    db = database()
    # Within the applier's savepoint, no second one: a failure rolls that one back.
    with nullcontext() if db.in_transaction() else write_transaction(db):
        # Group messages go in runs of a few statements per run (a backlog must not cost
        # several statements per message); a direct message depends on the memberships
        # stored before it, so it ends a run.
        run: list[tuple[int, Incoming]] = []
        for n, item in enumerate(batch):
            if item.group_id is not None:
                run.append((n, item))
                continue
            _store_run(run, out, default_timezone, settle)
            groups = direct_groups(item.platform, item.sender_id, item.aliases, timezone=default_timezone)
            out[n].stranger = not groups
            run = [(n, copy) for copy in fan_out(item, groups)]
        _store_run(run, out, default_timezone, settle)
    return out


def _store_run(run: list[tuple[int, Incoming]], out: list[Stored], default_timezone: str, settle: bool = False) -> None:
    """Store group messages one after another, in a few statements; each entry adds to `out[n]`."""
    if not run:
        return
    # Plain SQL and bare rows: with one message per call (a webhook) peewee's query building
    # was most of the cost of these lookups.
    run = _without_forgotten(run, out)
    if not run:
        return
    items = [item for _, item in run]
    received = now_ms()
    identities, groups = _known(items)
    existing: set[tuple[str, str]] = set()  # this run's ids: a stored one is found by the insert
    rows: list[list] = []
    owners: list[tuple[int, int]] = []  # (slot in out, player id) per row
    for n, item in run:
        key = (item.platform, item.sender_id)
        identity = identities.get(key)
        name = (item.sender_name or "").strip()
        if identity is None or (name and identity.display_name != name):
            identity = identities[key] = ensure_identity(item.platform, item.sender_id, item.sender_name)
        group_key = (item.platform, item.group_id)
        group = groups.get(group_key)
        if group is None or (item.group_name and group.name != item.group_name):
            group = groups[group_key] = ensure_group(item.platform, item.group_id, item.group_name, default_timezone)
        message_key = (item.platform, item.message_id)
        if message_key in existing:
            out[n].duplicate = True
            continue
        existing.add(message_key)
        # A raw event holds the payload already: the message keeps its id, not a second copy.
        raw = item.raw if item.raw_event_id is None else None
        sent = to_ms(item.sent_at)
        rows.append([
            item.platform, item.message_id, group.id, identity.id, sent, received, item.text, raw, item.raw_event_id, PENDING,
        ])  # fmt: skip
        owners.append((n, identity.player_id))
    if settle and rows:
        _settle_chatter(rows, owners)
    columns = (
        "platform", "platform_message_id", "group_id", "identity_id", "sent_at", "received_at", "text", "raw", "raw_event_id",
        "status",
    )  # fmt: skip
    # A message id stored before inserts nothing: one statement instead of a look and an insert.
    returning, conflict = "id, platform, platform_message_id", "(platform, platform_message_id) DO NOTHING"
    inserted = insert_rows("message", columns, rows, returning, conflict)
    _touch_memberships(_note_stored(rows, owners, {(p, m): i for i, p, m in inserted}, out))


def _note_stored(rows: list[list], owners: list[tuple[int, int]], new_ids: dict, out: list[Stored]) -> dict:
    """Each row's message id (or duplicate) in `out`; each (group, player)'s first and last sent time."""
    seen: dict[tuple[int, int], list[int]] = {}
    for row, (n, player_id) in zip(rows, owners, strict=True):
        message_id = new_ids.get((row[0], row[1]))
        if message_id is None:
            out[n].duplicate = True
            continue
        out[n].message_ids.append(message_id)
        if row[9] == CHATTER:
            out[n].chatter.append(message_id)
        sent = row[4]
        span = seen.setdefault((row[2], player_id), [sent, sent])
        span[0], span[1] = min(span[0], sent), max(span[1], sent)
    return seen


def _settle_chatter(rows: list[list], owners: list[tuple[int, int]]) -> None:
    """Mark `chatter` the rows that deriving would set so (derive.holds_nothing; not an opted-out sender's)."""
    optout = choices(database(), {row[2] for row in rows}, ("optout",))["optout"]
    for row, (_, player_id) in zip(rows, owners, strict=True):
        if player_id not in optout.get(row[2], ()) and holds_nothing(row[6], row[4]):
            row[9] = CHATTER


def _without_forgotten(run: list[tuple[int, Incoming]], out: list[Stored]) -> list[tuple[int, Incoming]]:
    """The run less the messages a forget marker keeps out (each marked in `out`); one query per platform."""
    gone: set[tuple[str, str, int]] = set()
    for platform in {item.platform for _, item in run}:
        senders = [(item.sender_id, to_ms(item.sent_at)) for _, item in run if item.platform == platform]
        gone |= {(platform, sender, at) for sender, at in blocked(database(), platform, senders)}
    if not gone:
        return run
    kept = []
    for n, item in run:
        if (item.platform, item.sender_id, to_ms(item.sent_at)) in gone:
            out[n].forgotten = True
        else:
            kept.append((n, item))
    return kept


def _known(items: list[Incoming]) -> tuple[dict, dict]:
    """The identities and groups of `items` already stored, a statement per kind and platform."""
    param = database().param
    identities: dict[tuple[str, str], _Known | Identity] = {}
    groups: dict[tuple[str, str], _KnownGroup | Group] = {}
    for platform in {i.platform for i in items}:
        senders = list({i.sender_id for i in items if i.platform == platform})
        sql = f"SELECT id, platform_id, display_name, player_id FROM identity WHERE platform = {param} AND platform_id IN ({{}})"
        for identity_id, sender_id, display_name, player_id in where_in(sql, senders, platform):
            identities[(platform, sender_id)] = _Known(identity_id, display_name, player_id)
        group_ids = list({i.group_id for i in items if i.platform == platform})
        sql = f"SELECT id, platform_id, name FROM chat_group WHERE platform = {param} AND platform_id IN ({{}})"
        for group_id, platform_id, name in where_in(sql, group_ids, platform):
            groups[(platform, platform_id)] = _KnownGroup(group_id, name)
    return identities, groups


@dataclass(slots=True)
class _Known:
    """The columns of a stored identity that storing a message reads (a model instance cost more to build)."""

    id: int
    display_name: str
    player_id: int


@dataclass(slots=True)
class _KnownGroup:
    """The same of a stored group."""

    id: int
    name: str


def _touch_memberships(seen: dict[tuple[int, int], list[int]]) -> None:
    """Record each (group, player) pair's first and last post, one upsert per chunk of pairs."""
    db = database()
    one = "(" + ", ".join([db.param] * 4) + ")"
    pairs = [(g, p, first, last) for (g, p), (first, last) in seen.items()]
    for chunk in chunks(pairs):
        # The same words on SQLite and PostgreSQL.
        db.execute_sql(
            "INSERT INTO membership (group_id, player_id, first_seen, last_seen) VALUES "
            + ", ".join([one] * len(chunk))
            + " ON CONFLICT (group_id, player_id) DO UPDATE SET last_seen = CASE"
            " WHEN excluded.last_seen > membership.last_seen THEN excluded.last_seen ELSE membership.last_seen END",
            [value for pair in chunk for value in pair],
        )


def store_raw(platform: str, dedup_key: str, payload: bytes, kind: str = "") -> RawEvent | None:
    """Keep an upstream's payload before reading it; None when this key was stored before."""
    # One plain statement: every message a transport receives comes through here, and a model
    # lookup then a model insert cost more than SQLite's own work on them (docs/performance.md).
    db = database()
    p = db.param
    received = now_ms()
    payload = bytes(payload)
    stored = db.execute_sql(
        f"INSERT INTO raw_event (platform, dedup_key, received_at, payload, status, kind) VALUES ({p}, {p}, {p}, {p}, 'new', {p})"
        " ON CONFLICT (platform, dedup_key) DO NOTHING RETURNING id",
        (platform, dedup_key, received, payload, kind),
    ).fetchall()
    if not stored:
        return None
    return RawEvent(
        id=stored[0][0], platform=platform, dedup_key=dedup_key, received_at=received, payload=payload, status="new", kind=kind
    )


def find_repeat(item: Incoming, window: dt.timedelta = dt.timedelta(seconds=5)) -> int | None:
    """The id of a stored message from the same sender with the same text sent within `window` of `item`.

    Some upstreams re-deliver a message under a new id (WAHA after a reconnect), and exports
    carry no ids at all; this is the second check that catches them. For a group message only
    that group is searched; for a direct message, any group. Plain SQL: every WAHA message
    asks it, and peewee's query building cost more than the index probe.
    """
    sent = to_ms(item.sent_at)
    span = int(window.total_seconds() * 1000)
    db = database()
    p = db.param
    sql = (
        "SELECT m.id FROM message m JOIN identity i ON i.id = m.identity_id"
        + (" JOIN chat_group g ON g.id = m.group_id" if item.group_id is not None else "")
        + f" WHERE i.platform = {p} AND i.platform_id = {p} AND m.platform = {p} AND m.sent_at BETWEEN {p} AND {p}"
        + f" AND m.text = {p}"
    )
    params = [item.platform, item.sender_id, item.platform, sent - span, sent + span, item.text]
    if item.group_id is not None:
        sql += f" AND g.platform = {p} AND g.platform_id = {p}"
        params += [item.platform, item.group_id]
    row = db.execute_sql(sql + " ORDER BY m.sent_at, m.id LIMIT 1", params).fetchone()
    return row[0] if row else None
