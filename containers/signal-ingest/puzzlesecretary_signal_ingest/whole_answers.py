"""An answer kept whole, applied straight from its bytes: its row stays as the raw copy of its envelopes.

A receive answer of many envelopes is committed whole first (answers.keep: raw first). Cutting
it wrote a raw event per envelope, read each back and settled it, about a fifth of what a chatter
message cost (docs/performance.md, "Issue 16, round 5"). When every envelope of an answer is an
ordinary one (a message in a group read, a receipt, a typing notice, a reaction), this applies the
decoded envelopes at once, in the transaction that would have cut them: each message names the
answer's row (message.raw_event_id), which turns `archived` and keeps the bytes, so every message can
still be read again from what is stored (`envelope_of`).

Anything else goes the way it went before, the whole answer cut into raw events (answers.split_answer):
an element that is malformed or not valid UTF-8, an edit or a delete (they may wait for their message,
and a later edit finds an earlier one by its raw event's key), a command, an envelope whose bytes are
not ours to keep (another group, a private chat, a forgotten sender), a message stored before, a
failure to apply. Those are found before applying or, for what only applying tells, in a savepoint
that is then rolled back, so the answer is cut and applied as before and nothing is lost or doubled.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any, Callable

import peewee

from puzzlesecretary import commands
from puzzlesecretary.clock import from_ms
from puzzlesecretary.events import Ignored, MembershipChange, NewMessage, Reaction
from puzzlesecretary.ingest.applier import underived
from puzzlesecretary.ingest.derive import score_or_leave_pending
from puzzlesecretary.json_elements import split, values
from puzzlesecretary.kept_answers import APPLIED
from puzzlesecretary.store import database

from .envelopes import FAILURE_KINDS, MAX_TEXT_CHARS, EnvelopeError, classify

log = logging.getLogger(__name__)

PLATFORM = "signal"

_PLAIN = (NewMessage, Reaction, MembershipChange, Ignored)
# A JSON text decodes to a character no database stores (text.storable's) only through one of these escapes.
_UNSTORABLE_ESCAPE = re.compile(rb"\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)")
_NO_ALIASES: frozenset[str] = frozenset()


class _CutInstead(Exception):
    """Applying showed an envelope the whole answer must not keep (or a duplicate): cut it as before."""


def read_events(payload: bytes, groups, self_uuid: str, answer_id: int, translate: Callable) -> list | None:
    """The answer's events if every element is plain (see the module's docstring), else None. Pure."""
    elements = values(payload)  # None: a malformed element, bytes not UTF-8, text between elements
    if elements is None:
        return None
    events = []
    # With no escape that decodes to NUL or a lone surrogate anywhere, every text is storable as it is.
    quick = _UNSTORABLE_ESCAPE.search(payload) is None
    for element in elements:
        event = group_post(element, groups, answer_id) if quick else None
        if event is not None:
            if commands.as_command(event, commands.COMMANDS) is not None:
                return None  # a command: its answer is cut and applied as before
            events.append(event)
            continue
        try:
            event = translate(classify(element, groups, self_uuid), None, answer_id)
        except (EnvelopeError, ValueError, TypeError):
            return None
        if not isinstance(event, _PLAIN) or getattr(event, "private", False) or getattr(event, "kind", "") in FAILURE_KINDS:
            return None
        if isinstance(event, NewMessage) and (event.group_id is None or event.kind != "message"):
            return None
        if isinstance(event, NewMessage) and commands.as_command(event, commands.COMMANDS) is not None:
            return None  # a command: its answer is cut and applied as before
        events.append(event)
    return events or None


def group_post(element: Any, groups, answer_id: int) -> NewMessage | None:
    """The message of a plain post in a group read, as `translate(classify(element, ...), None, answer_id)` gives it,
    read in one pass; None for any other element (classify then reads it). Pure.

    Plain: `{"envelope": {..., "dataMessage": {...}}}` (no JSON-RPC wrapper, no exception), from a sender with a
    uuid, in a group read, not an update, a reaction or a delete, its text at most MAX_TEXT_CHARS and its
    timestamp a positive integer. Its texts are taken as they are: the caller has found no escape that decodes
    to a character text.storable would replace (envelopes._clean). Every live chat message of a busy hour is one.
    """
    parts = _data_message(element)
    if parts is None:
        return None
    envelope, data, info, sender = parts
    group_id = info.get("groupId")
    text = data.get("message")
    if type(group_id) is not str or not group_id or info.get("type") == "UPDATE" or group_id not in groups:
        return None
    if type(text) is not str or len(text) > MAX_TEXT_CHARS:
        return None
    sent_ms = data.get("timestamp")
    if sent_ms is None:
        sent_ms = envelope.get("timestamp")
    if type(sent_ms) is not int or sent_ms <= 0:
        return None
    name = envelope.get("sourceName")
    number = envelope.get("sourceNumber")
    group_name = info.get("groupName")
    aliases = frozenset((number,)) if type(number) is str and number else _NO_ALIASES
    return NewMessage(
        PLATFORM, f"{sender}:{sent_ms}", group_id, sender, name if type(name) is str else None, from_ms(sent_ms), text,
        None, "message", group_name if type(group_name) is str else "", aliases, answer_id,
    )  # fmt: skip


def _data_message(element: Any) -> tuple[dict, dict, dict, str] | None:
    """(envelope, dataMessage, groupInfo, sender uuid) of a plain element that may be a group post (group_post), or None."""
    if type(element) is not dict or "method" in element or "result" in element or "exception" in element:
        return None
    envelope = element.get("envelope")
    if type(envelope) is not dict:
        return None
    get = envelope.get
    if get("receiptMessage") is not None or get("typingMessage") is not None or get("callMessage") is not None:
        return None
    if get("storyMessage") is not None:
        return None
    data = envelope.get("dataMessage")
    sender = envelope.get("sourceUuid")
    if type(data) is not dict or type(sender) is not str or not sender:
        return None
    info = data.get("groupInfo")
    if type(info) is not dict or data.get("reaction") is not None or data.get("remoteDelete") is not None:
        return None
    return envelope, data, info, sender


def apply_whole(answer_id: int, applier, transport, translate: Callable, defer: list) -> int | None:
    """Apply a waiting answer straight from its row, in the caller's transaction; how many envelopes, or None.

    None: the answer is not plain, and nothing was changed; the caller cuts it (answers.split_answer).
    The counting (metrics) goes to `defer`, for after the caller's commit.
    """
    db = database()
    p = db.param
    row = db.execute_sql(f"SELECT payload FROM raw_event WHERE id = {p} AND status = 'received'", (answer_id,)).fetchone()
    if row is None:
        return None
    events = read_events(bytes(row[0]), transport.groups, transport.self_uuid, answer_id, translate)
    if events is None:
        return None
    try:
        with db.atomic():
            # read_events let no command through; a failure undoes this savepoint, and the answer is cut (below).
            outcomes = applier.apply_read(events, no_commands=True, all_or_nothing=True)
            if any(o.private or o.duplicate or o.status not in ("done", "ignored") for o in outcomes):
                raise _CutInstead
            db.execute_sql(f"UPDATE raw_event SET status = '{APPLIED}' WHERE id = {p}", (answer_id,))
            score_or_leave_pending(underived(outcomes))
    except _CutInstead:
        return None
    except peewee.OperationalError:
        raise  # a locked or vanished database: the caller's transaction is tried again
    except Exception:  # cutting it, as before, finds the envelope that fails and keeps the others
        log.warning("answer %s could not be applied whole; cutting it into its envelopes", answer_id, exc_info=True)
        return None

    # What transport.counted says of each, added up by kind: every outcome here is new and applied.
    kinds = Counter(transport.label(event, outcome) for event, outcome in zip(events, outcomes, strict=True))

    def count() -> None:
        for kind, n in kinds.items():
            transport.metrics.message(kind, n)

    defer.append(count)
    return len(events)


def envelope_of(payload: bytes, message_id: str, groups, self_uuid: str = "") -> Any:
    """The decoded envelope of a kept answer (`payload`) that holds the message `message_id`, or None.

    What a message read from an answer applied whole is re-read from: its row's bytes, cut again.
    """
    for piece in split(payload):
        if not piece.ok:
            continue
        try:
            event = classify(piece.value, groups, self_uuid)
        except EnvelopeError:
            continue
        if event.message_id == message_id:
            return piece.value
    return None
