"""What the core wants said in a chat: the outgoing half of the event vocabulary.

Commands, confirmations, recaps and reminders decide *what* to say and return these values;
`puzzlesecretary.outbox` stores each one (its `key` makes storing it twice a no-op) and a
transport's sender delivers it. Pure: no database, no clock, no network.

`chat_id` is the platform's own id of the chat: a group's platform id (as stored in
`chat_group.platform_id`) when `is_group`, else the recipient's platform id (a Signal uuid or
number, a WhatsApp `…@c.us` / `…@lid` id) for a direct message.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Say:
    """A text message to a chat."""

    platform: str
    chat_id: str
    is_group: bool
    text: str
    key: str  # idempotency key, unique over the outbox: e.g. "reply:signal:<message id>"
    group_id: int | None = None  # chat_group.id, for the per-group hourly limit (None: direct)


@dataclass(frozen=True)
class React:
    """A reaction on a message someone sent; `emoji` "" takes an earlier reaction back."""

    platform: str
    chat_id: str
    is_group: bool
    target_message_id: str  # the platform's message id (Signal: the sent-at timestamp in ms)
    target_author: str  # the sender's platform id (Signal wants it beside the timestamp)
    target_sent_at_ms: int
    emoji: str
    key: str
    group_id: int | None = None


@dataclass(frozen=True)
class Seen:
    """A read receipt for a message (a confirmation that needs no reaction)."""

    platform: str
    chat_id: str
    is_group: bool
    target_message_id: str
    target_author: str
    target_sent_at_ms: int
    key: str
    group_id: int | None = None


Outgoing = Say | React | Seen
