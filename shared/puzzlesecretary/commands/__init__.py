"""Chat commands: a Command event in, the replies (outgoing.Say) out.

`answer` is what the applier calls for every Command. It finds who asked and where, applies
the rules every command shares (a group that is not open hears nothing but `join`; admin
commands need an admin; a flood is cut short; an unknown command gets a short help), runs the
handler from the one table (`table.COMMANDS`), and turns its reply into Say values keyed on
the message that asked, so storing them twice sends them once.
"""

from __future__ import annotations

import logging
from typing import Collection, Mapping

import peewee

from ..clock import to_ms
from ..events import Command
from ..ingest.people import ensure_group
from ..outgoing import Outgoing, Say
from ..stats import queries
from ..store import Group
from .context import Answer, Context
from .limits import RateLimit
from .parse import as_command, command_words, is_join
from .table import COMMANDS, Spec, help_text

log = logging.getLogger(__name__)

# A command older than this (a backlog after a long outage) gets no answer.
STALE_MS = 24 * 3600 * 1000
SLOW_DOWN = "Too many commands at once: try again in a minute."


def answer(
    db: peewee.Database,
    command: Command,
    *,
    is_open: Collection[str],
    base_url: str,
    now_ms: int,
    admins: Mapping[str, frozenset[str]] | None = None,
    allowlist: Collection[str] | None = None,
    limits: RateLimit | None = None,
    effects: list | None = None,
) -> list[Outgoing]:
    """The replies to one command (none at all is a valid answer). Runs in the caller's transaction."""
    at = to_ms(command.at)
    spec = COMMANDS.get(command.name)
    if now_ms - at > STALE_MS or not _heard(command, spec, is_open):
        return []  # a group that is not enabled hears nothing but join
    group = _group(command)
    if limits is not None:
        verdict = limits.check(f"{command.platform}:{command.sender_id}", at)
        if verdict != "ok":
            return [] if verdict == "drop" else _replies(command, group, [("here", SLOW_DOWN)])
    if spec is None:
        return _replies(command, group, [("here", f"I don't know `{command.name[:20]}`. " + help_text())])
    ctx = _context(db, command, group, is_open, admins, base_url, now_ms, allowlist)
    if spec.admin_only(command.argument) and not ctx.is_admin:
        refusal = f"Only the group's admins can use `{spec.name}`." if group else f"Send `!ps {spec.name}` in its group."
        return _replies(command, group, [("here", refusal)])
    try:
        reply = spec.handler(ctx, command.argument)
    except Answer as short:
        reply = short.text
    except peewee.OperationalError:
        raise  # a locked database: the command is tried again with its raw event
    except Exception:  # a handler's bug must not become a stored error or stop the events behind it
        log.exception("command %s failed", spec.name)
        reply = "Sorry, that did not work. The operator can see why in the log."
    if effects is not None:
        effects.extend(ctx.effects)
    return _replies(command, group, [("here", reply)] if isinstance(reply, str) else reply)


def _heard(command: Command, spec: Spec | None, is_open: Collection[str]) -> bool:
    return command.group_id is None or command.group_id in is_open or (spec is not None and spec.closed_groups)


def _group(command: Command) -> Group | None:
    if command.group_id is None:
        return None
    return ensure_group(command.platform, command.group_id)


def _context(db, command: Command, group, is_open, admins, base_url: str, now_ms: int, allowlist) -> Context:
    player = queries.player_of(db, command.platform, [command.sender_id or "", *sorted(command.aliases)])
    if group is not None:
        groups = [group]
    else:
        groups = [g for g in queries.groups_of(db, command.platform, player.id) if g.platform_id in is_open] if player else []
    names = {command.sender_id, *command.aliases} - {None, ""}
    is_admin = group is not None and bool(names & (admins or {}).get(group.platform_id, frozenset()))
    return Context(db, command, group, groups, player, is_admin, base_url, now_ms, allowlist)


def _replies(command: Command, group: Group | None, parts: list[tuple[str, str]]) -> list[Outgoing]:
    base = f"reply:{command.platform}:{command.message_id}"
    out: list[Outgoing] = []
    for where, text in parts:
        direct = where == "direct" or group is None
        if direct:
            chat, key, group_id = command.sender_id or "", base if group is None else base + ":direct", None
        else:
            chat, key, group_id = group.platform_id, base, group.id
        out.append(Say(command.platform, chat, not direct, text[:2000], key, group_id))
    return out


__all__ = ["COMMANDS", "RateLimit", "Spec", "answer", "as_command", "command_words", "help_text", "is_join"]
