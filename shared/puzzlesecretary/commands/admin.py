"""The group's own commands: settings, set, leave (its admins), and join (anyone, with a code)."""

from __future__ import annotations

from .. import groups as gate
from .. import invites
from ..chatsettings import GROUP_SETTINGS, PLAYER_CHOICES, SettingError, group_settings, set_group_setting, set_player_choice
from ..speaker import chat as speaker
from .context import Answer, Context


def settings(ctx: Context, argument: str) -> str:
    group = ctx.one_group()
    values = group_settings(group)
    lines = [f"Settings of {group.name or 'this group'}:"]
    lines += [f"{name}: {values[name]} ({s.help})" for name, s in GROUP_SETTINGS.items() if s.shown]
    lines += [f"{name}: {s.show(ctx)} ({s.help})" for name, s in speaker.GROUP.items()]
    lines.append("An admin changes one with `!ps set NAME VALUE`, e.g. `!ps set timezone Europe/Prague`.")
    return "\n".join(lines)


def set_(ctx: Context, argument: str) -> str:
    words = argument.split(None, 1)
    if words and words[0].lower() == "my":
        return _set_mine(ctx, words[1] if len(words) > 1 else "")
    if len(words) == 2 and words[0].lower() in speaker.GROUP:
        return speaker.apply(speaker.GROUP, ctx, words[0].lower(), words[1])
    if len(words) < 2:
        names = ", ".join([*(n for n, s in GROUP_SETTINGS.items() if s.shown), *speaker.GROUP])
        raise Answer(f"Send `!ps set NAME VALUE`; the settings are {names}. `!ps settings` shows them.")
    group = ctx.one_group()
    try:
        value = set_group_setting(group, words[0], words[1])
    except SettingError as error:
        raise Answer(str(error)) from None
    return f"{words[0].lower()} is now {value}."


def _set_mine(ctx: Context, argument: str) -> str:
    """`set my NAME VALUE`: a player's own setting, for the rows marked settable by name."""
    mine = {n: s for n, s in PLAYER_CHOICES.items() if s.shown and n not in ("hide", "optout")}
    words = argument.split(None, 1)
    if len(words) == 2 and words[0].lower() in speaker.MINE:
        return speaker.apply(speaker.MINE, ctx, words[0].lower(), words[1])
    if len(words) < 2 or words[0].lower() not in mine:
        raise Answer(f"Send `!ps set my NAME VALUE`; yours are {', '.join([*mine, *speaker.MINE])}.")
    group = ctx.one_group()
    try:
        value = set_player_choice(ctx.me().id, group.id, words[0], words[1])
    except SettingError as error:
        raise Answer(str(error)) from None
    return f"Your {words[0].lower()} is now {value}."


def is_admin_command(argument: str) -> bool:
    """`set` changes the group's settings (admins only), `set my ...` one's own."""
    return not argument.strip().lower().startswith("my ")


def leave(ctx: Context, argument: str) -> list:
    """Disable the group; the goodbye goes to the admin who asked, as nothing is posted in a
    group that is not enabled."""
    group = ctx.one_group()
    gate.set_state(group, gate.DISABLED)
    ctx.effects.append(("left", group.platform_id))
    return [(
        "direct",
        f"I stopped reading {group.name or 'the group'}. Its board and scores stay: {ctx.board_url(group)}. "
        "Bring me back with `!ps join CODE` (the operator makes codes with `puzzlesecretary invite`).",
    )]  # fmt: skip


JOIN_REASONS = {
    "unknown": "That invite code is not one I know: check the three words with whoever gave it to you.",
    "used": "That invite code was used already: ask for a new one (`puzzlesecretary invite`).",
    "expired": "That invite code expired (they work for 24 hours): ask for a new one.",
}


def join(ctx: Context, argument: str) -> list:
    """Enable the group the command came from with an invite code; the answer goes to the group
    when it worked, else to the sender alone (nothing is posted in a group that is not enabled)."""
    group = ctx.group
    if group is None:
        raise Answer("Send `!ps join CODE` in the group you want me in.")
    if gate.is_open(group.state, group.platform_id, ctx.allowlist):
        return f"I read this group already. Its board: {ctx.board_url(group)}"
    if not gate.may_join(group.state, group.platform_id, ctx.allowlist):
        return [("direct", "This PuzzleSecretary reads only the groups its operator listed.")]
    if not argument.strip():
        return [("direct", "Send `!ps join` with the three-word code, e.g. `!ps join apple-banana-cherry`.")]
    reason = invites.redeem(argument, group.id, ctx.now_ms)
    if reason:
        return [("direct", JOIN_REASONS[reason])]
    gate.set_state(group, gate.ENABLED)
    ctx.effects.append(("joined", group.platform_id))
    return [("here", f"Hello! I count this group's puzzle shares now. Board: {ctx.board_url(group)} (`!ps help` for more)")]
