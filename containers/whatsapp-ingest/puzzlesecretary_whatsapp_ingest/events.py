"""WAHA's webhook events, read: JSON bytes in, one event of puzzlesecretary.events out. Pure; no database.

Shapes from devlikeapro/waha-docs (how-to/events) and real payloads in issue threads (the
samples in tests/whatsapp_ingest/samples/ name theirs). `payload.id` is "{fromMe}_{chatId}_{msgId}[_{participant}]";
edits and revokes name their target by the bare msgId.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any, Collection

from puzzlesecretary.commands.parse import is_join
from puzzlesecretary.events import Delete, Edit, Ignored, NewMessage, Reaction, Upstream
from puzzlesecretary.text import loads_storable

PLATFORM = "whatsapp"
MESSAGE_EVENTS = ("message", "message.any")
# Other events that carry a payload object.
PAYLOAD_EVENTS = ("message.edited", "message.revoked", "session.status", "message.reaction")
# Chats that are never a friends' group or a direct message: status updates, channels, lists.
BROADCASTS = ("status@broadcast", "@broadcast", "@newsletter")


class ShapeError(ValueError):
    """The body is not a WAHA event of a known shape: answer 400, store nothing."""


# What classify returns: an event of the shared vocabulary (puzzlesecretary.events).
Action = NewMessage | Edit | Delete | Reaction | Ignored | Upstream


def _need(obj: dict, key: str, kinds: type | tuple[type, ...], where: str) -> Any:
    value = obj.get(key)
    if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
        raise ShapeError(f"{where}.{key} must not be true/false")
    if not isinstance(value, kinds):
        raise ShapeError(f"{where}.{key} is missing or of the wrong type")
    return value


def _no_constant(name: str):
    # NaN and Infinity are not JSON (RFC 8259 section 6); Python's reader accepts them unless told.
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as infinity, which no time or score can be
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _read_json(body: bytes):
    try:
        # loads_storable: a lone surrogate or NUL in any text becomes U+FFFD, so the message can be stored.
        return loads_storable(body.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, and ints past Python's 4,300-digit limit
        raise ShapeError(f"the body is not JSON: {error}") from None
    except RecursionError:
        raise ShapeError("the body is not JSON this program can read: it is nested too deep") from None


def check_shape(body: bytes) -> dict:
    """The event as a dict, or ShapeError saying what is wrong with it."""
    envelope = _read_json(body)
    if not isinstance(envelope, dict):
        raise ShapeError("the body is not a JSON object")
    event = _need(envelope, "event", str, "body")
    _need(envelope, "session", str, "body")
    if "me" in envelope and envelope["me"] is not None and not isinstance(envelope["me"], dict):
        raise ShapeError("body.me must be an object")
    if "id" in envelope and not isinstance(envelope["id"], str):
        raise ShapeError("body.id must be text")
    payload = envelope.get("payload")
    needs_payload = event in MESSAGE_EVENTS or event in PAYLOAD_EVENTS
    if needs_payload and not isinstance(payload, dict):
        raise ShapeError(f"a {event} event needs a payload object")
    if event in MESSAGE_EVENTS:
        _need(payload, "id", str, "payload")
        _need(payload, "from", str, "payload")
        _need(payload, "timestamp", (int, float), "payload")
        if payload.get("body") is not None and not isinstance(payload["body"], str):
            raise ShapeError("payload.body must be text")
    elif event == "message.edited":
        _need(payload, "editedMessageId", str, "payload")
        _need(payload, "body", str, "payload")
    elif event == "message.revoked":
        _need(payload, "revokedMessageId", str, "payload")
    elif event == "session.status":
        _need(payload, "status", str, "payload")
    return envelope


def message_id(payload_id: str) -> str:
    """The msgId part of "{fromMe}_{chatId}_{msgId}[_{participant}]"; an id of another form as it is."""
    parts = payload_id.split("_")
    if len(parts) >= 3 and parts[0] in ("true", "false"):
        return parts[2]
    return payload_id


def seconds(value: float | int) -> dt.datetime:
    """WAHA's message time: seconds (WEBJS sends a fraction); a millisecond value is recognised by size."""
    value = float(value)
    if value > 1e11:
        value /= 1000
    return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)


def push_name(payload: dict) -> str | None:
    """The sender's own display name, where each engine keeps it."""
    data = payload.get("_data")
    if isinstance(data, dict):
        info = data.get("Info") if isinstance(data.get("Info"), dict) else {}
        for name in (data.get("pushName"), data.get("notifyName"), info.get("PushName")):
            if isinstance(name, str) and name.strip():
                return name.strip()
    return None


def classify(envelope: dict, groups: Collection[str], me: dict | None = None) -> Action:
    """What one (shape-checked) event asks of the store. `groups` are the groups read
    (puzzlesecretary.groups.Gate, or a set)."""
    event = envelope["event"]
    payload = envelope.get("payload") or {}
    me = envelope.get("me") or me or {}
    if event in MESSAGE_EVENTS:
        return _message(payload, groups, me)
    if event == "message.edited":
        return Edit(PLATFORM, None, _event_time(envelope, payload), target=payload["editedMessageId"], text=payload["body"])
    if event == "message.revoked":
        return Delete(PLATFORM, None, _event_time(envelope, payload), target=payload["revokedMessageId"], kind="revoke")
    if event == "session.status":
        return Upstream(PLATFORM, "session", state=payload["status"].upper())
    if event == "message.reaction":
        return Reaction(PLATFORM, None, _event_time(envelope, payload))
    return Ignored(PLATFORM, "event:" + event[:40])


def _event_time(envelope: dict, payload: dict) -> dt.datetime:
    stamp = payload.get("timestamp")
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
        return seconds(stamp)
    stamp = envelope.get("timestamp")
    if isinstance(stamp, (int, float)) and not isinstance(stamp, bool):
        return seconds(stamp)
    return dt.datetime.now(dt.timezone.utc)  # WAHA always sends one; this only keeps order sane


def _message(payload: dict, groups: Collection[str], me: dict) -> Action:
    chat = payload["from"]
    if any(chat == b or chat.endswith(b) for b in BROADCASTS):
        return Ignored(PLATFORM, "broadcast")
    if isinstance(payload.get("reaction"), dict):
        return Reaction(PLATFORM, None, seconds(payload["timestamp"]))  # older NOWEB sent reactions as messages
    text = payload.get("body") or ""
    if not text.strip():
        return Ignored(PLATFORM, "media" if payload.get("hasMedia") else "empty")
    from_me = payload.get("fromMe") is True
    if chat.endswith("@g.us"):
        if chat not in groups and not is_join(text):  # a `!ps join CODE` is how a group gets in
            return Ignored(PLATFORM, "other_group", private=True)  # not ours to keep: its payload is emptied
        group: str | None = chat
        sender = payload.get("participant") if not from_me else None
    else:
        if from_me:
            return Ignored(PLATFORM, "own_direct")  # the bot's own direct chats are nobody's score
        group = None
        sender = payload.get("participant") or chat
    name = push_name(payload)
    if from_me:
        sender = me.get("id") or payload.get("participant")
        name = me.get("pushName") if isinstance(me.get("pushName"), str) and me.get("pushName") not in ("", "~") else name
    if not sender:
        parts = payload["id"].split("_")
        sender = parts[3] if len(parts) >= 4 else None
    if not isinstance(sender, str) or not sender:
        return Ignored(PLATFORM, "no_sender")
    return NewMessage(
        platform=PLATFORM,
        message_id=message_id(payload["id"]),
        group_id=group,
        sender_id=sender,
        sender_name=name,
        sent_at=seconds(payload["timestamp"]),
        text=text,
        raw=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
    )
