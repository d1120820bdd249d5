"""The commands about oneself: hide / show, optout / optin, forget, export.

A privacy choice is a player setting (chatsettings); the player's messages in the group are
then scored again, and scoring follows the choice (ingest.derive): an opted-out player's
messages give no scores, a hidden player's scores keep no grid. Nothing else has to remember.
"""

from __future__ import annotations

import secrets

from .. import forget as forgetting
from ..chatsettings import EVERY_GROUP, clear_player_choice, player_choice, set_player_choice
from ..ingest.derive import derive
from ..stats import queries
from ..store import Group
from .context import Answer, Context

FORGET_CODE_MS = 10 * 60 * 1000
WELCOME = "Welcome back: what you post from now on counts again."


def _rescore(ctx: Context, player_id: int, group_id: int) -> None:
    """Score the player's messages in the group again under their new choice, and move the group's pages on.

    Scores that change move the revision themselves; a member with none (only chatter so far) is still
    named on the pages (the waiting list), so the revision moves here too, or the web's cached pages
    would keep the name of a player who just opted out."""
    ids = queries.message_ids(ctx.db, player_id, group_id)
    for start in range(0, len(ids), 2500):
        derive(ids[start : start + 2500])
    Group.update(revision=Group.revision + 1).where(Group.id == group_id).execute()


def hide(ctx: Context, argument: str) -> str:
    group, player = ctx.one_group(), ctx.me()
    set_player_choice(player.id, group.id, "hide", "on")
    _rescore(ctx, player.id, group.id)
    return "Your grids are hidden on the pages now; your scores still show. `!ps show` shows the grids again."


def show(ctx: Context, argument: str) -> str:
    group, player = ctx.one_group(), ctx.me()
    clear_player_choice(player.id, group.id, "hide")
    _rescore(ctx, player.id, group.id)
    return "Your grids show on the pages again."


def optout(ctx: Context, argument: str) -> str:
    group, player = ctx.one_group(), ctx.me()
    if player_choice(player.id, group.id, "optout") == "on":
        return "You are opted out here already. `!ps optin` counts you again."
    set_player_choice(player.id, group.id, "optout", "on")
    _rescore(ctx, player.id, group.id)
    return (
        f"You are not counted in {group.name or 'this group'} from now on, and your past scores are hidden. "
        "`!ps optin` brings them back."
    )


def optin(ctx: Context, argument: str) -> str:
    command = ctx.command
    returned = forgetting.come_back(command.platform, [command.sender_id or "", *command.aliases], ctx.now_ms)
    if ctx.player is None:
        if returned:
            return WELCOME
        raise Answer("You are not opted out: your shares count.")
    group, player = ctx.one_group(), ctx.player
    if player_choice(player.id, group.id, "optout") != "on":
        return WELCOME if returned else "You are not opted out: your shares count."
    clear_player_choice(player.id, group.id, "optout")
    _rescore(ctx, player.id, group.id)
    return "You are counted again, and your past scores are back."


def forget(ctx: Context, argument: str) -> str:
    player = ctx.me()
    typed = argument.strip()
    if not typed:
        code = f"{secrets.randbelow(900000) + 100000}"
        set_player_choice(player.id, EVERY_GROUP, "forget_code", f"{code}:{ctx.now_ms + FORGET_CODE_MS}")
        return (
            "This deletes your messages, scores and grids in every group, for good. "
            f"To go on, send `!ps forget {code}` within 10 minutes."
        )
    stored = player_choice(player.id, EVERY_GROUP, "forget_code")
    code, _, until = stored.partition(":")
    if not code or typed != code or not until.isdigit() or int(until) < ctx.now_ms:
        raise Answer("That is not the code I gave you, or it expired: send `!ps forget` for a new one.")
    forgetting.forget_player(ctx.db, player.id, ctx.command.aliases, ctx.now_ms)
    ctx.player = None
    return "Done: everything I stored about you is deleted, and an old message of yours will not be stored again."


def export(ctx: Context, argument: str) -> list:
    """A private link to the player's data, sent in a direct message, working for 24 hours."""
    player = ctx.me()
    token = secrets.token_urlsafe(24)
    set_player_choice(player.id, EVERY_GROUP, "export_token", token)  # good for queries.EXPORT_LINK_MS from now
    link = f"{ctx.base_url}/export/{token}"
    private = f"Your data (works for 24 hours, for you only): {link}"
    if ctx.direct:
        return [("direct", private)]
    return [("direct", private), ("here", "I sent you a direct message with a link to your data.")]
