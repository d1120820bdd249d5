"""What a command's handler is told: who asked, where, and the few facts it may need."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection

import peewee

from ..events import Command
from ..store import Group, Player


class Answer(Exception):
    """A short reply that ends a command early (a missing argument, an unknown name)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass
class Context:
    db: peewee.Database
    command: Command
    group: Group | None  # where it was sent; None for a direct message
    groups: list[Group]  # the open groups it is about: [group], or the sender's groups for a direct message
    player: Player | None  # the sender's player, None when nothing is stored about them
    is_admin: bool
    base_url: str
    now_ms: int
    allowlist: Collection[str] | None = None
    effects: list[tuple[str, str]] = field(default_factory=list)  # ("joined", group id): for the transport

    @property
    def direct(self) -> bool:
        return self.group is None

    def board_url(self, group: Group) -> str:
        return f"{self.base_url}/g/{group.token}"

    def one_group(self) -> Group:
        """The group a command is about; in a direct message, the sender's only group."""
        if self.group is not None:
            return self.group
        if len(self.groups) == 1:
            return self.groups[0]
        if not self.groups:
            raise Answer("I don't know you from any group yet: post a share in a group I read first.")
        names = ", ".join(g.name or "a group" for g in self.groups)
        raise Answer(f"You are in several groups ({names}): send `!ps {self.command.name}` in the group you mean.")

    def me(self) -> Player:
        if self.player is None:
            raise Answer("I have nothing stored about you yet.")
        return self.player
