"""Confirmations: what the chat is told about a share, decided after its score is derived.

In the transaction that derives scores (derive.derive), each message whose standing changed
gets what its group's `reactions` setting (chat_group.reactions) asks for:

| the message                          | an emoji (default ✅) | "receipts"     | "off" |
|--------------------------------------|-----------------------|----------------|-------|
| its result counts                    | that emoji            | a read receipt | -     |
| looks like a share, does not count   | 🤔                    | - (left unread)| -     |
| a repost of a counted result         | -                     | -              | -     |
| an edit changed it from counted      | taken back / 🤔        | -              | -     |

A reaction is keyed on the message it answers (`confirm:<platform>:<message id>:<n>`), never on
the raw event that carried it: a message stored again (WhatsApp's catch-up after a restart) is a
duplicate and derives nothing, so nothing is said twice. `message.confirmed` holds what was last
enqueued, so a re-derivation that changes nothing says nothing.

Only live messages are confirmed: the transports' apply path asks for it (importers do not),
and a message sent more than MAX_AGE ago (a backlog after a long downtime) is left alone.
Direct messages are not confirmed (a direct share is stored once per group of its sender).
"""

from __future__ import annotations

import json
import time

from ..outbox import enqueue
from ..outgoing import React, Seen
from ..store import database
from ..store.bulk import execute_many, where_in
from ..store.message_buckets import same_message

THINKING = "🤔"
MAX_AGE_MS = 24 * 3_600_000


def wanted(mode: str, counted: bool, scored: bool, rejected: bool, confirmed: str) -> str | None:
    """What to say now ("", an emoji, "seen"), or None to say nothing. Pure."""
    if mode == "off":
        return None
    if mode == "receipts":
        return "seen" if counted and confirmed != "seen" else None
    if counted:
        now = mode
    elif rejected and not scored:
        now = THINKING
    else:
        now = ""  # chatter, or a repost: nothing, and a reaction given earlier is taken back
    if now == confirmed or (now == "" and confirmed in ("", "seen")):
        return None
    return now


def confirm(message_ids: set[int], at: int | None = None) -> int:
    """Enqueue the confirmations the messages' new standing asks for; how many. Runs in the caller's transaction."""
    if not message_ids:
        return 0
    at = int(time.time() * 1000) if at is None else at
    db = database()
    truth = db.param
    rows = where_in(
        "SELECT m.id, m.platform, m.platform_message_id, m.sent_at, m.raw, m.confirmed, m.confirm_seq,"
        " g.id, g.platform_id, g.reactions, i.platform_id,"
        f" EXISTS (SELECT 1 FROM score s WHERE {same_message('s', 'm')} AND s.counted = {truth}),"
        f" EXISTS (SELECT 1 FROM score s WHERE {same_message('s', 'm')}),"
        " EXISTS (SELECT 1 FROM rejection r WHERE r.message_id = m.id),"
        # A message read from an answer kept whole (signal-ingest's whole_answers) came in a group: its
        # answer's many envelopes are not read for it.
        f" CASE WHEN e.kind = 'answer' THEN {truth} ELSE e.payload END"
        " FROM message m JOIN chat_group g ON g.id = m.group_id JOIN identity i ON i.id = m.identity_id"
        " LEFT JOIN raw_event e ON e.id = m.raw_event_id"
        " WHERE m.deleted = " + truth + " AND m.sent_at > " + truth + " AND m.id IN ({})",
        sorted(message_ids),
        True,
        _IN_A_GROUP,
        False,
        at - MAX_AGE_MS,
    )
    items, changes = [], []
    rows.sort(key=lambda row: row[0])  # message order, so the outbox's order does not hang on the backend
    for (message_id, platform, platform_id, sent_at, raw, confirmed, seq, group_id, group_chat, mode, author,
         counted, scored, rejected, payload) in rows:  # fmt: skip
        target = _target(platform, platform_id, raw if raw is not None else _stored(payload))
        if target is None:
            continue
        now = wanted(mode, bool(counted), bool(scored), bool(rejected), confirmed)
        if now is None:
            continue
        key = f"confirm:{platform}:{platform_id}:{seq + 1}"
        common = dict(platform=platform, chat_id=group_chat, is_group=True, target_message_id=target,
                      target_author=author, target_sent_at_ms=sent_at, key=key, group_id=group_id)  # fmt: skip
        items.append(Seen(**common) if now == "seen" else React(emoji=now, **common))
        changes.append((now, seq + 1, message_id))
    enqueue(db, items)
    execute_many(f"UPDATE message SET confirmed = {truth}, confirm_seq = {truth} WHERE id = {truth}", changes, db)
    return len(items)


# What the query reads for a message whose raw event is a whole answer: enough for _target to see a group's message.
_IN_A_GROUP = b'"groupInfo"'


def _stored(payload) -> str | None:
    """The text of the raw event a message references (message.raw_event_id), if any."""
    return None if payload is None else bytes(payload).decode("utf-8", "replace")


def _target(platform: str, message_id: str, raw: str | None) -> str | None:
    """The id the platform names the message by, or None for a message not to confirm (a direct one)."""
    if platform == "signal":  # the envelope's text says enough: no JSON decoding for it
        if "#" in message_id or raw is None or '"groupInfo"' not in raw:
            return None
        return message_id
    payload = None
    if raw:
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = None
    if isinstance(payload, dict) and isinstance(payload.get("payload"), dict) and "event" in payload:
        payload = payload["payload"]  # a WAHA webhook as its raw event keeps it: the message is its payload
    if platform == "whatsapp":
        if not isinstance(payload, dict) or not str(payload.get("from", "")).endswith("@g.us"):
            return None
        return payload.get("id") if isinstance(payload.get("id"), str) else message_id
    return None  # imported or sample platforms have nowhere to send to
