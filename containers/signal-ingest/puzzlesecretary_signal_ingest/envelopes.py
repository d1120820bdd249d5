"""What one signal-cli envelope means for the store: pure, no I/O.

Shapes: the samples in tests/signal_ingest/samples/ and signal-cli's JsonMessageEnvelope / JsonDataMessage /
JsonSyncDataMessage / JsonEditMessage records. `classify` turns one decoded element of a
receive response into an `Event`; anything it cannot read raises `EnvelopeError`. `groups` are
the groups read (a puzzlesecretary.groups.Gate, or a set): another group's envelopes are
"other_group", except a `!ps join CODE` message, the one way a group gets enabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection

from puzzlesecretary.commands.parse import is_join
from puzzlesecretary.text import storable

# Signal sends texts longer than about 2 KB as a "long text" attachment, so a message body
# this large is not a chat message anyone typed; it is kept raw and never parsed.
MAX_TEXT_CHARS = 64 * 1024

# Kinds that become store actions.
MESSAGE_KINDS = ("message", "own_message", "direct_message")
EDIT_KINDS = ("edit", "own_edit", "direct_edit")
DELETE_KINDS = ("delete", "own_delete", "direct_delete")

# Kinds that are counted and ignored. PRIVATE ones are not ours to keep: their raw payload
# is erased once classified (other groups, the operator's private chats).
IGNORED_KINDS = (
    "receipt",
    "typing",
    "call",
    "story",
    "reaction",
    "group_update",
    "empty",
    "sync_other",
    "other_group",
    "own_direct",
    "stranger",
    "exception",
    "unknown",
    "too_large",
)
PRIVATE_KINDS = ("other_group", "own_direct", "stranger")
# Ignored kinds that also count as failures to read the upstream.
FAILURE_KINDS = ("exception", "unknown", "too_large")


class EnvelopeError(ValueError):
    """An element of a receive response is not an envelope this program can read."""


@dataclass(frozen=True)
class Event:
    """One envelope, read: what to do with it and for whom."""

    kind: str
    sender: str | None = None  # sourceUuid (or the account's own uuid for synced posts)
    sender_name: str | None = None
    sender_number: str | None = None  # sourceNumber; None when hidden (phone-number privacy)
    group_id: str | None = None  # internal id; None for a direct message
    group_name: str | None = None
    sent_ms: int = 0  # the sender's timestamp: the message id, and the order of things
    text: str | None = None
    target_ms: int | None = None  # the message an edit or delete refers to

    @property
    def action(self) -> str:
        if self.kind in MESSAGE_KINDS:
            return "message"
        if self.kind in EDIT_KINDS:
            return "edit"
        if self.kind in DELETE_KINDS:
            return "delete"
        return "ignore"

    @property
    def message_id(self) -> str:
        return f"{self.sender}:{self.sent_ms}"


def unwrap(element: Any) -> dict:
    """The `{envelope, account}` object, also out of a JSON-RPC notification or subscription."""
    if not isinstance(element, dict):
        raise EnvelopeError(f"expected a JSON object, got {type(element).__name__}")
    if element.get("method") == "receive" and isinstance(element.get("params"), dict):
        element = element["params"]
    if isinstance(element.get("result"), dict) and "envelope" not in element:
        element = element["result"]
    return element


def content_field(element: Any) -> str:
    """Which content an element carries (dataMessage, receiptMessage, ...), for its dedup key."""
    try:
        outer = unwrap(element)
    except EnvelopeError:
        return "invalid"
    if "exception" in outer:
        return "exception"
    envelope = outer.get("envelope")
    if isinstance(envelope, dict):
        for name in (
            "dataMessage",
            "editMessage",
            "syncMessage",
            "receiptMessage",
            "typingMessage",
            "callMessage",
            "storyMessage",
        ):
            if name in envelope:
                return name
    return "unknown"


def classify(element: Any, groups: Collection[str], self_uuid: str = "") -> Event:
    """Read one element of a receive response. `groups` are the internal ids to keep."""
    outer = unwrap(element)
    if "exception" in outer:
        return Event("exception")
    envelope = outer.get("envelope")
    if not isinstance(envelope, dict):
        raise EnvelopeError("no envelope object")
    for name, kind in (
        ("receiptMessage", "receipt"),
        ("typingMessage", "typing"),
        ("callMessage", "call"),
        ("storyMessage", "story"),
    ):
        if envelope.get(name) is not None:
            return Event(kind)
    sender = _text(envelope, "sourceUuid", "envelope")
    name = _clean(envelope.get("sourceName")) if isinstance(envelope.get("sourceName"), str) else None
    number = envelope.get("sourceNumber")
    # An event with a sender carries its number, when shown; the others (other groups, reactions) none.
    who = (sender, name, _clean(number) if isinstance(number, str) and number else None)
    if envelope.get("dataMessage") is not None:
        return _data(_object(envelope, "dataMessage", "envelope"), envelope, who, groups, prefix="")
    if envelope.get("editMessage") is not None:
        return _edit(_object(envelope, "editMessage", "envelope"), who, groups, prefix="")
    if envelope.get("syncMessage") is not None:
        sync = _object(envelope, "syncMessage", "envelope")
        sent = sync.get("sentMessage")
        if not isinstance(sent, dict):
            return Event("sync_other")
        own = (self_uuid or sender, name, who[2])
        if sent.get("editMessage") is not None:
            return _edit(_object(sent, "editMessage", "sentMessage"), own, groups, prefix="own_")
        return _data(sent, envelope, own, groups, prefix="own_")
    return Event("unknown")


# (sender uuid, name, number): who an envelope is from, as its Event names them.
Who = tuple[str, str | None, str | None]


def _data(data: dict, envelope: dict, who: Who, groups: Collection[str], prefix: str) -> Event:
    group_id, group_name, update = _group(data, groups, joinable=True)
    if group_id is False:
        return Event("other_group")
    if data.get("reaction") is not None:
        return Event("reaction")
    if update:
        return Event("group_update")
    where = _where(group_id, prefix)
    if where is None:
        return Event("own_direct")
    sent_ms = _timestamp(data, envelope)
    delete = data.get("remoteDelete")
    if delete is not None:
        if not isinstance(delete, dict):
            raise EnvelopeError("remoteDelete is not an object")
        target = _integer(delete, "timestamp", "remoteDelete")
        return Event(where + "delete", *who, group_id=group_id, group_name=group_name, sent_ms=sent_ms, target_ms=target)
    text = data.get("message")
    if text is None:
        return Event("empty")
    if not isinstance(text, str):
        raise EnvelopeError("message is not text")
    if len(text) > MAX_TEXT_CHARS:
        return Event("too_large")
    return Event(where + "message", *who, group_id=group_id, group_name=group_name, sent_ms=sent_ms, text=_clean(text))


def _edit(edit: dict, who: Who, groups: Collection[str], prefix: str) -> Event:
    target = _integer(edit, "targetSentTimestamp", "editMessage")
    data = _object(edit, "dataMessage", "editMessage")
    group_id, group_name, update = _group(data, groups)
    if group_id is False:
        return Event("other_group")
    if update:
        return Event("group_update")
    where = _where(group_id, prefix)
    if where is None:
        return Event("own_direct")
    text = data.get("message")
    if text is None:
        return Event("empty")
    if not isinstance(text, str):
        raise EnvelopeError("message is not text")
    if len(text) > MAX_TEXT_CHARS:
        return Event("too_large")
    sent_ms = _integer(data, "timestamp", "dataMessage")
    return Event(
        where + "edit",
        *who,
        group_id=group_id,
        group_name=group_name,
        sent_ms=sent_ms,
        text=_clean(text),
        target_ms=target,
    )


def _where(group_id: str | None, prefix: str) -> str | None:
    """The kind's prefix: a group post, the operator's own post, or a direct message.

    The operator's own direct messages (to anyone) are their private chats, never scores.
    """
    if group_id is not None:
        return prefix
    return None if prefix else "direct_"


def _group(data: dict, groups: Collection[str], joinable: bool = False) -> tuple[str | None | bool, str | None, bool]:
    """(internal id, name, is an update); the id is False for a group we do not read.

    In a group not read, a `!ps join CODE` message is read all the same (`joinable`): it is
    the one way a group gets enabled.
    """
    info = data.get("groupInfo")
    if info is None:
        return None, None, False
    if not isinstance(info, dict):
        raise EnvelopeError("groupInfo is not an object")
    group_id = _text(info, "groupId", "groupInfo")
    update = info.get("type") == "UPDATE"
    if group_id not in groups and not (joinable and not update and _asks_to_join(data)):
        return False, None, False
    name = _clean(info.get("groupName")) if isinstance(info.get("groupName"), str) else None
    return group_id, name, update


def _asks_to_join(data: dict) -> bool:
    text = data.get("message")
    return data.get("reaction") is None and data.get("remoteDelete") is None and isinstance(text, str) and is_join(text)


def _clean(text: str) -> str:
    """NUL and lone surrogates (`\\u0000`, `\\ud800`) are valid JSON but no database stores them:
    each becomes U+FFFD, and the raw payload keeps the original escape."""
    return storable(text)


def _timestamp(data: dict, envelope: dict) -> int:
    if data.get("timestamp") is not None:
        return _integer(data, "timestamp", "dataMessage")
    return _integer(envelope, "timestamp", "envelope")


def _object(parent: dict, key: str, where: str) -> dict:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise EnvelopeError(f"{where}.{key} is missing or not an object")
    return value


def _text(parent: dict, key: str, where: str) -> str:
    value = parent.get(key)
    if not isinstance(value, str) or not value:
        raise EnvelopeError(f"{where}.{key} is missing or empty")
    return _clean(value)


def _integer(parent: dict, key: str, where: str) -> int:
    value = parent.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise EnvelopeError(f"{where}.{key} is missing or not a positive integer")
    return value
