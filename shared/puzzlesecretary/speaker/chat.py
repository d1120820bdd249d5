"""The speaker's chat commands and settings, in one table the commands package reads.

`remind` is a command of its own (commands/table.py lists it); `set recap`, `set week` (a
group's admins) and `set my timezone`, `set my quiet` (anyone, for themselves) are settings
that `set` hands here, since they are stored in the speaker's own tables (speaker/plans.py)
and answer with more than "is now": the DST note of a recap time, the quiet hours in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..clock import from_ms
from ..commands.context import Answer, Context
from ..store.models import PlayerPrefs, RecapSetting
from . import plans


@dataclass(frozen=True)
class SpeakerSetting:
    name: str
    set: Callable[[Context, str], str]
    show: Callable[[Context], str]
    help: str


def _group_recap(ctx: Context, value: str) -> str:
    return plans.set_recap(ctx.db, ctx.one_group(), value, from_ms(ctx.now_ms))


def _group_week(ctx: Context, value: str) -> str:
    return plans.set_week_start(ctx.db, ctx.one_group(), value, from_ms(ctx.now_ms))


def _show_recap(ctx: Context) -> str:
    row = RecapSetting.get_or_none(RecapSetting.group == ctx.one_group().id)
    return row.at if row is not None and row.at else "off (or the operator's default)"


def _show_week(ctx: Context) -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[plans.week_start(ctx.one_group().id)]


def _my_timezone(ctx: Context, value: str) -> str:
    return plans.set_player_timezone(ctx.db, ctx.me().id, value)


def _my_quiet(ctx: Context, value: str) -> str:
    return plans.set_quiet(ctx.db, ctx.me().id, value)


def _show_my_timezone(ctx: Context) -> str:
    row = PlayerPrefs.get_or_none(PlayerPrefs.player == ctx.me().id)
    return row.timezone if row is not None and row.timezone else "the group's"


def _show_my_quiet(ctx: Context) -> str:
    row = PlayerPrefs.get_or_none(PlayerPrefs.player == ctx.me().id)
    return row.quiet if row is not None and row.quiet else "22:00-08:00"


GROUP: dict[str, SpeakerSetting] = {
    s.name: s
    for s in (
        SpeakerSetting("recap", _group_recap, _show_recap, "the daily recap's time (HH:MM, or off); weekly, monthly then too"),
        SpeakerSetting("week", _group_week, _show_week, "the group's first day of the week: the weekly recap comes that day"),
    )
}
MINE: dict[str, SpeakerSetting] = {
    s.name: s
    for s in (
        SpeakerSetting("timezone", _my_timezone, _show_my_timezone, "my own time zone: my day and my reminders follow it"),
        SpeakerSetting("quiet", _my_quiet, _show_my_quiet, "my quiet hours, HH:MM-HH:MM: no reminder comes then"),
    )
}


def apply(table: dict[str, SpeakerSetting], ctx: Context, name: str, value: str) -> str:
    """Set one of the speaker's settings; Answer with the reason when refused."""
    try:
        return table[name].set(ctx, value)
    except plans.SettingError as error:
        raise Answer(str(error)) from None


def remind(ctx: Context, argument: str) -> str:
    """`!ps remind on|off|HH:MM [dm|group]`: for the group it is sent in, or (a direct message) all the sender's groups."""
    player = ctx.me()
    groups = [ctx.group] if ctx.group is not None else list(ctx.groups)
    try:
        return plans.remind(ctx.db, player.id, groups, argument.split(), from_ms(ctx.now_ms))
    except plans.SettingError as error:
        raise Answer(str(error)) from None
