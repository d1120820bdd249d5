"""What an edit and a delete do to a stored message, and how a late original fills its placeholder.

An edit replaces the text (the old one goes to the message's history) and re-derives the
scores; a delete marks the message deleted (it stays, with its history) and drops its scores.
Both act on the message and on the copies a direct message made in the sender's other groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import peewee

from ..clock import now_ms, to_ms
from ..events import Delete, Edit, Event, Unreadable
from ..store import Identity, Message, RawEvent, database, write_transaction
from ..store.database import is_sqlite
from .derive import derive

# How many revisions back an edit may name (each step is one earlier edit).
MAX_EDIT_CHAIN = 64


def edit_message(
    platform: str, message_id: str, text: str, edited_at: dt.datetime, raw: str | None = None, confirm: bool = False
) -> bool:
    """Replace a message's text with its edit and re-derive its scores.

    An edit older than the newest one applied is ignored (edits may arrive out of order).
    Returns False when the message is not stored.
    """
    at = to_ms(edited_at)
    with write_transaction(database()):
        found = False
        for message in message_and_copies(platform, message_id):
            found = True
            if message.revised_at is not None and at <= message.revised_at:
                continue
            if message.text == text:
                continue
            message.edits = list(message.edits) + [{"text": message.text, "until": at}]
            message.text = text
            message.revised_at = at
            if raw is not None:
                message.raw = raw
            message.save()
            derive([message.id], confirm)
    return found


def delete_message(platform: str, message_id: str, deleted_at: dt.datetime | None = None, confirm: bool = False) -> bool:
    """Mark a message deleted (it stays, with its history) and drop its scores."""
    with write_transaction(database()):
        found = False
        for message in message_and_copies(platform, message_id):
            found = True
            if message.deleted:
                continue
            message.deleted = True
            message.revised_at = to_ms(deleted_at) if deleted_at else now_ms()
            message.save()
            derive([message.id], confirm)
    return found


def find_revision(platform: str, sender_id: str, revised_at: int) -> str | None:
    """The id of the sender's message that an edit made at `revised_at` (ms) produced, if any.

    Some clients edit an edit by naming the previous revision rather than the original
    (docs/signal-ingest.md); this maps such a revision back to its message. Served by the
    (identity, sent) index: only the sender's own messages are read.
    """
    row = (
        Message.select(Message.platform_message_id)
        .join(Identity)
        .where(
            Message.platform == platform,
            Identity.platform == platform,
            Identity.platform_id == sender_id,
            Message.edits.cast("TEXT").contains(f'"until":{int(revised_at)}}}'),
        )
        .order_by(Message.id)
        .first()
    )
    return row.platform_message_id.split("#", 1)[0] if row else None


def fill_original(platform: str, message_id: str, text: str, raw: str | None = None, confirm: bool = False) -> bool:
    """Give a placeholder its original text, once the message itself arrives.

    An edit or delete that comes before the message it refers to (an unordered backlog)
    leaves a placeholder with empty text under the message's id, then applies to it. The
    message, arriving later, is a duplicate; this puts its text where it belongs: in the
    history (edited), or as the kept text (deleted). Returns False when no placeholder waits.
    """
    with write_transaction(database()):
        filled = False
        for message in message_and_copies(platform, message_id):
            if message.edits and message.edits[0].get("text") == "":
                message.edits = [dict(message.edits[0], text=text)] + list(message.edits[1:])
            elif message.text == "" and not message.edits:
                message.text = text
            else:
                continue
            if message.raw is None:
                message.raw = raw
            message.save()
            if not message.deleted and not message.edits:
                derive([message.id], confirm)
            filled = True
    return filled


def revised_root(event: Edit | Delete, read: Callable[[RawEvent], Event] | None) -> str | None:
    """The id of the message an edit or delete refers to, through any earlier revision.

    An edit may name the previous edit rather than the original (clients disagree): the
    stored edits are followed back to the message they revise, through the messages'
    histories or, where an edit left none, its raw event (keyed "<its id>:..."), which `read`
    (the transport's) turns back into its event. An import has no raw events: `read` is None.
    """
    target, target_ms = event.target, event.target_ms
    for _ in range(MAX_EDIT_CHAIN):
        if is_stored(event.platform, target):
            return target
        if target_ms is not None and event.sender_id:
            revised = find_revision(event.platform, event.sender_id, target_ms)
            if revised is not None:
                return revised
        earlier = _earlier_edit(event.platform, target, read) if read is not None else None
        if earlier is None:
            return None
        target, target_ms = earlier.target, earlier.target_ms
    return None


def _earlier_edit(platform: str, edit_id: str, read: Callable[[RawEvent], Event]) -> Edit | None:
    rows = RawEvent.select().where(RawEvent.platform == platform, prefixed(RawEvent.dedup_key, edit_id + ":"))
    for row in rows:
        try:
            event = read(row)
        except Unreadable:
            continue
        if isinstance(event, Edit):
            return event
    return None


def is_stored(platform: str, message_id: str) -> bool:
    return Message.select().where(Message.platform == platform, Message.platform_message_id == message_id).exists()


def message_and_copies(platform: str, message_id: str) -> list[Message]:
    """A message and the copies a direct message made in the sender's other groups."""
    # Two queries, not an OR: each is one probe of the (platform, id) index whatever the planner.
    exact = list(Message.select().where(Message.platform == platform, Message.platform_message_id == message_id))
    return exact + list(Message.select().where(Message.platform == platform, _copies_of(message_id)))


def prefixed(field: peewee.Field, prefix: str) -> peewee.Expression:
    """`field` starts with `prefix`, in a form a (platform, field) index serves; compared as bytes.

    startswith() is a case-insensitive LIKE, which no index serves: every edit and delete read
    all of a platform's messages (0.3 s at 400k messages; docs/performance.md).
    """
    if is_sqlite(database()):
        # The ids that start with the prefix are exactly those in this range, in byte order.
        return (field >= prefix) & (field < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    # A case-sensitive LIKE with its wildcards escaped, served by a text_pattern_ops index.
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return peewee.Expression(field, "LIKE", escaped + "%")


def _copies_of(message_id: str) -> peewee.Expression:
    """Copies of `message_id` ("<id>#<group>"), in a form the (platform, id) index serves."""
    return prefixed(Message.platform_message_id, message_id + "#")
