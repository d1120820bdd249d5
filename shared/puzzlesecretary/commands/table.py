"""The one table of chat commands: name -> handler, help text, who may use it.

A handler takes the Context and the text after the command's name and returns its reply: a
text for the chat the command came from, or a list of ("here" | "direct", text) pairs. Adding
a command is one row here (the recaps add theirs the same way).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..speaker import chat as speaker
from . import admin, info, mine
from .context import Context

Reply = str | list[tuple[str, str]]


@dataclass(frozen=True)
class Spec:
    name: str
    handler: Callable[[Context, str], Reply]
    help: str
    usage: str = ""
    admin: bool | Callable[[str], bool] = False  # admin-only; a callable decides by the argument
    closed_groups: bool = False  # also read in a group that is not enabled (join)

    def admin_only(self, argument: str) -> bool:
        return self.admin(argument) if callable(self.admin) else self.admin


def _help(ctx: Context, argument: str) -> str:
    wanted = COMMANDS.get(argument.strip().lower().removeprefix("!ps").strip())
    if wanted is not None:
        admin_note = " (group admins only)" if wanted.admin is True else ""
        return f"`!ps {wanted.usage or wanted.name}`: {wanted.help}{admin_note}"
    return help_text()


def help_text() -> str:
    everyone = [s.name for s in COMMANDS.values() if s.admin is not True and s.name != "help"]
    admins = [s.name for s in COMMANDS.values() if s.admin is not False]
    return (
        "PuzzleSecretary counts your puzzle shares. In a group, start with `!ps`: "
        + ", ".join(f"`!ps {n}`" for n in everyone)
        + ". Group admins: "
        + ", ".join(f"`!ps {n}`" for n in admins)
        + ". `!ps help NAME` tells more; in a direct message to me the word alone works."
    )


COMMANDS: dict[str, Spec] = {
    s.name: s
    for s in (
        Spec("help", _help, "what I can do", "help [COMMAND]"),
        Spec("board", info.board, "the group's board: its link"),
        Spec("me", info.me, "my games this month: played, mean, streak, and my page"),
        Spec("today", info.today, "who has played what today, and who has not yet"),
        Spec("vs", info.vs, "me against another player: wins, losses, ties, and the page", "vs NAME"),
        Spec("why", info.why, "why my last share did not count"),
        Spec("games", info.games, "the games I read"),
        Spec("hide", mine.hide, "hide my grids on the pages (my scores still show)"),
        Spec("show", mine.show, "show my grids on the pages again"),
        Spec("optout", mine.optout, "stop counting me in this group and hide my scores"),
        Spec("optin", mine.optin, "count me again and bring my scores back"),
        Spec("forget", mine.forget, "delete everything about me, for good (asks for a code first)", "forget [CODE]"),
        Spec("export", mine.export, "my data: a private link in a direct message, good for 24 hours"),
        Spec("remind", speaker.remind, "a reminder before a game I usually play resets, on days I have not posted it",
             "remind on|off|HH:MM [dm|group]"),  # fmt: skip
        Spec("settings", admin.settings, "the group's settings"),
        Spec("set", admin.set_, "change a group setting", "set NAME VALUE", admin=admin.is_admin_command),
        Spec("leave", admin.leave, "stop reading this group (its board stays)", admin=True),
        Spec("join", admin.join, "start reading this group, with an invite code", "join WORD-WORD-WORD", closed_groups=True),
    )
}
