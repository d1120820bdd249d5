"""Which chat messages are commands: pure, text in, (name, argument) out.

In a group, a message whose text starts with `!ps` (any case) followed by a space or nothing;
`!ps` alone asks for help. In a direct message to the bot, `!ps ...` too, and also the bare
command word ("help", "me", "vs anna"), when it is one of the commands and the message is a
short single line (a direct share such as "Wordle 1,234 3/6" is never one).
"""

from __future__ import annotations

import re
from typing import Collection

from ..events import Command, NewMessage

PREFIX = "!ps"
_PREFIXED = re.compile(r"\s*!ps(?:\s+(?P<rest>.*))?\s*$", re.IGNORECASE | re.DOTALL)
BARE_MAX_CHARS = 60


def command_words(text: str, direct: bool, names: Collection[str]) -> tuple[str, str] | None:
    """(command name in lower case, its argument) when `text` is a command, else None."""
    found = _PREFIXED.match(text)
    if found:
        rest = (found.group("rest") or "").strip()
        if not rest:
            return "help", ""
        name, _, argument = rest.partition(" ")
        return name.strip().lower()[:40], argument.strip()
    if direct and "\n" not in text.strip() and len(text.strip()) <= BARE_MAX_CHARS:
        name, _, argument = text.strip().partition(" ")
        if name.lower() in names:
            return name.lower(), argument.strip()
    return None


def is_join(text: str) -> bool:
    """Whether a group message asks to join: the one command read in a group that is not open."""
    words = command_words(text, False, ())
    return words is not None and words[0] == "join"


def as_command(event: NewMessage, names: Collection[str]) -> Command | None:
    """The Command a new message is, or None when it is an ordinary message."""
    words = command_words(event.text, event.group_id is None, names)
    if words is None:
        return None
    return Command(
        platform=event.platform,
        sender_id=event.sender_id,
        at=event.sent_at,
        group_id=event.group_id,
        name=words[0],
        argument=words[1],
        message_id=event.message_id,
        sender_name=event.sender_name,
        aliases=event.aliases,
    )
