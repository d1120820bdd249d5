"""The one event vocabulary: what every way in hands the core.

Signal, WhatsApp, the JSON-lines importer and the WhatsApp-export importer each turn their
upstream's payloads into these events and nothing else; `puzzlesecretary.ingest.applier`
decides what each one does to the store. The shape is opsdroid's `events.py` (one class per
kind of event, each knowing where it came from), without its metaclass registry: the
applier's `HANDLERS` table names every kind it handles. Pure: no database, no clock.

Every event has `platform`, `sender_id` and `at` (the sender's clock: the order events are
applied in), and `kind`, the transport's own name for what it read (a metrics label).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clock import to_ms


@dataclass(frozen=True)
class NewMessage:
    """A chat message: posted in a group, or (group_id None) sent to the bot directly."""

    platform: str
    message_id: str
    group_id: str | None  # the platform's group id; None for a direct message to the bot
    sender_id: str
    sender_name: str | None
    sent_at: dt.datetime
    text: str
    raw: str | None = None
    kind: str = "message"
    group_name: str = ""  # the group's name, when the upstream says it ("" leaves it as stored)
    aliases: frozenset[str] = frozenset()  # other names the upstream lists the sender under (a phone number)
    # The stored raw event it was read from (a transport's): the message then keeps this
    # reference instead of a second copy of the payload in message.raw.
    raw_event_id: int | None = None

    @property
    def at(self) -> dt.datetime:
        return self.sent_at


@dataclass(frozen=True)
class Edit:
    """A new text for an earlier message, named by `target` (its id, or an earlier edit's)."""

    platform: str
    sender_id: str | None
    at: dt.datetime
    target: str
    text: str
    group_id: str | None = None
    sender_name: str | None = None
    # When the target was sent, where the platform's ids are times (Signal): an edit that
    # names an earlier edit is traced back through the history by this time.
    target_at: dt.datetime | None = None
    raw: str | None = None
    kind: str = "edit"
    aliases: frozenset[str] = frozenset()

    @property
    def target_ms(self) -> int | None:
        return to_ms(self.target_at) if self.target_at is not None else None


@dataclass(frozen=True)
class Delete:
    """An earlier message taken back (it stays, with its history, and stops counting)."""

    platform: str
    sender_id: str | None
    at: dt.datetime
    target: str
    group_id: str | None = None
    sender_name: str | None = None
    target_at: dt.datetime | None = None
    raw: str | None = None
    kind: str = "delete"
    aliases: frozenset[str] = frozenset()

    @property
    def target_ms(self) -> int | None:
        return to_ms(self.target_at) if self.target_at is not None else None


@dataclass(frozen=True)
class Reaction:
    """A reaction, a read receipt or a typing notice: counted, never stored as a message."""

    platform: str
    sender_id: str | None
    at: dt.datetime
    kind: str = "reaction"


@dataclass(frozen=True)
class Command:
    """A message addressed to the bot ("!ps board" in a group, "board" in a direct message).

    `puzzlesecretary.commands.parse.as_command` makes one of a NewMessage; the applier hands it
    to `puzzlesecretary.commands`, stores it as no message and scores nothing."""

    platform: str
    sender_id: str | None
    at: dt.datetime
    group_id: str | None  # None: a direct message to the bot
    name: str
    argument: str = ""
    kind: str = "command"
    message_id: str = ""  # the platform's id of the message that carried it: replies are keyed on it
    sender_name: str | None = None
    aliases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MembershipChange:
    """Someone joined or left a group, or the group itself changed (name, members)."""

    platform: str
    sender_id: str | None
    at: dt.datetime
    group_id: str | None = None
    kind: str = "group_update"


@dataclass(frozen=True)
class Ignored:
    """Something the core has no use for (another group, a broadcast, an empty message)."""

    platform: str
    kind: str
    sender_id: str | None = None
    at: dt.datetime | None = None
    private: bool = False  # not ours to keep: its raw payload is erased once settled


@dataclass(frozen=True)
class Upstream:
    """News about the upstream itself (a session's state), already handled by the transport."""

    platform: str
    kind: str
    at: dt.datetime | None = None
    state: str = ""  # what the upstream reports (a session's status)


Event = NewMessage | Edit | Delete | Reaction | Command | MembershipChange | Ignored | Upstream


class Unreadable(ValueError):
    """A stored payload is not an event the transport can read; `reason` is a metrics label."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
