"""Settings chosen in the chat: each group's (by its admins) and each player's, declared once.

`GROUP_SETTINGS` and `PLAYER_CHOICES` are the tables: a name, a default, a parser that turns
what someone typed into the stored value (or raises ValueError with a short reason), a help
line, and whether `settings` shows it. A setting not stored has its default. Group settings
live in `group_setting`, except those stored in a column of the group (`column`, the time
zone the pages and the scores already read). Player settings live in `player_choice`, per
group or (group 0) for every group. Adding a setting is one row here; the commands, the docs
and the recaps read the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import peewee

from . import config
from .clock import now_ms
from .store import Group, GroupSetting, PlayerChoice

EVERY_GROUP = 0


class SettingError(ValueError):
    """A chat setting's name or value is not one it takes; the message is the reply."""


@dataclass(frozen=True)
class ChatSetting:
    name: str
    default: str
    parse: Callable[[str], str]
    help: str
    shown: bool = True  # listed by `settings` and in the docs; internal ones (a pending code) are not
    column: str | None = None  # a group setting kept in a column of chat_group


def _timezone(value: str) -> str:
    try:
        return config.timezone(value.strip())
    except ValueError:
        raise ValueError(f"{value.strip()[:40]!r} is not a time zone name such as Europe/Prague") from None


def _reaction(value: str) -> str:
    """off, receipts, or one emoji (a few characters at most: a flag or a skin tone is several)."""
    value = value.strip()
    if value.lower() in ("off", "receipts"):
        return value.lower()
    if value and len(value) <= 8 and not any(c.isalnum() or c.isspace() for c in value):
        return value
    raise ValueError("must be off, receipts or one emoji such as ✅")


def _on_off(value: str) -> str:
    lowered = value.strip().lower()
    if lowered in ("on", "yes", "true", "1"):
        return "on"
    if lowered in ("off", "no", "false", "0"):
        return "off"
    raise ValueError("must be on or off")


def _any(value: str) -> str:
    return value


GROUP_SETTINGS: dict[str, ChatSetting] = {
    s.name: s
    for s in (
        ChatSetting("timezone", "UTC", _timezone, "the group's day: today's board and late posts follow it", column="timezone"),
        ChatSetting(
            "reactions", "✅", _reaction, "what a counted share gets: an emoji, receipts or off", column="reactions"
        ),
    )
}

PLAYER_CHOICES: dict[str, ChatSetting] = {
    s.name: s
    for s in (
        ChatSetting("hide", "off", _on_off, "my grids are hidden on the pages (`hide` / `show`)"),
        ChatSetting("optout", "off", _on_off, "I am not counted in this group and my scores are hidden (`optout` / `optin`)"),
        ChatSetting("forget_code", "", _any, "the code `forget` asked to be sent back, and until when", shown=False),
        ChatSetting("export_token", "", _any, "the private export link's token (good 24 hours from when made)", shown=False),
    )
}


def _setting(table: dict[str, ChatSetting], name: str) -> ChatSetting:
    found = table.get(name.strip().lower())
    if found is None:
        shown = ", ".join(s for s in table if table[s].shown)
        raise SettingError(f"there is no setting {name.strip()[:30]!r}; there are: {shown}")
    return found


# Group settings ---------------------------------------------------------------------------------


def group_settings(group: Group) -> dict[str, str]:
    """Every group setting's value for `group`: the stored one, else the default."""
    values = {name: s.default for name, s in GROUP_SETTINGS.items()}
    for row in GroupSetting.select().where(GroupSetting.group == group.id):
        if row.name in GROUP_SETTINGS:
            values[row.name] = row.value
    for name, s in GROUP_SETTINGS.items():
        if s.column:
            values[name] = getattr(group, s.column)
    return values


def group_setting(group: Group, name: str) -> str:
    return group_settings(group)[_setting(GROUP_SETTINGS, name).name]


def set_group_setting(group: Group, name: str, typed: str) -> str:
    """Store what an admin typed for one setting; the stored value. SettingError says what is wrong."""
    setting = _setting(GROUP_SETTINGS, name)
    try:
        value = setting.parse(typed)
    except ValueError as error:
        raise SettingError(f"{setting.name} {error}") from None
    if setting.column:
        Group.update(**{setting.column: value, "revision": Group.revision + 1}).where(Group.id == group.id).execute()
        setattr(group, setting.column, value)
        return value
    GroupSetting.insert(group=group.id, name=setting.name, value=value, updated_at=now_ms()).on_conflict(
        conflict_target=[GroupSetting.group, GroupSetting.name],
        update={GroupSetting.value: value, GroupSetting.updated_at: now_ms()},
    ).execute()
    return value


# Player settings --------------------------------------------------------------------------------


def player_choice(player_id: int, group_id: int, name: str) -> str:
    """A player's value in a group: the group's own, else the every-group one, else the default."""
    setting = _setting(PLAYER_CHOICES, name)
    rows = {
        row.group_id: row.value
        for row in PlayerChoice.select().where(
            PlayerChoice.player == player_id,
            PlayerChoice.name == setting.name,
            PlayerChoice.group_id.in_([group_id, EVERY_GROUP]),
        )
    }
    return rows.get(group_id, rows.get(EVERY_GROUP, setting.default))


def set_player_choice(player_id: int, group_id: int, name: str, typed: str) -> str:
    setting = _setting(PLAYER_CHOICES, name)
    try:
        value = setting.parse(typed)
    except ValueError as error:
        raise SettingError(f"{setting.name} {error}") from None
    PlayerChoice.insert(player=player_id, group_id=group_id, name=setting.name, value=value, updated_at=now_ms()).on_conflict(
        conflict_target=[PlayerChoice.player, PlayerChoice.group_id, PlayerChoice.name],
        update={PlayerChoice.value: value, PlayerChoice.updated_at: now_ms()},
    ).execute()
    return value


def clear_player_choice(player_id: int, group_id: int, name: str) -> None:
    PlayerChoice.delete().where(
        PlayerChoice.player == player_id, PlayerChoice.group_id == group_id, PlayerChoice.name == name
    ).execute()


def players_with(db: peewee.Database, group_ids: Iterable[int], name: str, value: str = "on") -> dict[int, set[int]]:
    """Per group, the players whose setting `name` is `value` there (an every-group choice counts
    in each group, a group's own choice wins over it); one indexed query. The pages, exports,
    recaps and scoring ask it."""
    return choices(db, group_ids, (name,), value)[name]


def choices(
    db: peewee.Database, group_ids: Iterable[int], names: Iterable[str], value: str = "on"
) -> dict[str, dict[int, set[int]]]:
    """`players_with` for several settings at once: name -> group -> players."""
    groups, names = sorted(set(group_ids)), list(names)
    out: dict[str, dict[int, set[int]]] = {n: {g: set() for g in groups} for n in names}
    if not groups or not names:
        return out
    p = db.param
    rows = db.execute_sql(
        f"SELECT name, group_id, player_id, value FROM player_choice WHERE name IN ({', '.join([p] * len(names))})"
        f" AND group_id IN ({', '.join([p] * (len(groups) + 1))})",
        (*names, EVERY_GROUP, *groups),
    ).fetchall()
    for name in names:
        every = {pid: v for n, gid, pid, v in rows if n == name and gid == EVERY_GROUP}
        own = {(gid, pid): v for n, gid, pid, v in rows if n == name and gid != EVERY_GROUP}
        for g in groups:
            players = {pid for pid, v in every.items() if own.get((g, pid), v) == value}
            players |= {pid for (gid, pid), v in own.items() if gid == g and v == value}
            out[name][g] = players
    return out


def hidden_players(db: peewee.Database, group_id: int) -> set[int]:
    """The players of a group who are not shown at all there (opted out)."""
    return players_with(db, [group_id], "optout").get(group_id, set())


def hidden_grids(db: peewee.Database, group_id: int) -> set[int]:
    """The players of a group whose grids are not shown (hidden, or opted out)."""
    found = players_with(db, [group_id], "hide").get(group_id, set())
    return found | hidden_players(db, group_id)
