"""The speaker's settings in the store: reading them into plans, and the writes the commands make.

A group's recap time is its `recap_setting` row, else the operator's default (RECAP_TIME, from
the time the group was created); a player's zone is their own (`player_prefs`), else the
group's. Each write checks its value first and raises SettingError with the answer to give.
"""

from __future__ import annotations

import datetime as dt
import logging

import peewee

from ..clock import from_ms, to_ms
from ..games.reset import BadTimeZone, zone
from ..store import Group, Membership, Player
from ..store.models import PlayerPrefs, RecapSetting, Reminder
from . import reminders as rules
from .clock import BadClock, dst_note, in_span, parse_clock, parse_span
from .recaps import Plan, parse_weekday

log = logging.getLogger("puzzlesecretary.speaker")
OFF = "off"


class SettingError(ValueError):
    """A setting's value that is refused: the message is the answer to give in the chat."""


def parse_recap_time(text: str) -> dt.time | None:
    """ "09:00" -> 09:00, "off" -> None; BadClock otherwise (the RECAP_TIME setting and `set recap`)."""
    if str(text).strip().lower() in (OFF, "none", ""):
        return None
    return parse_clock(text)


def recap_plans(db: peewee.Database, default: dt.time | None, platform: str | None = None) -> list[tuple[Group, Plan]]:
    """Every group (of `platform`, if given) with its recap plan; a group with recaps off has at=None."""
    query = Group.select(Group, RecapSetting).join(RecapSetting, peewee.JOIN.LEFT_OUTER, on=RecapSetting.group == Group.id)
    if platform:
        query = query.where(Group.platform == platform)
    out = []
    for group in query.order_by(Group.id):
        row = getattr(group, "recapsetting", None)
        if row is not None and row.at:
            try:
                at = parse_recap_time(row.at)
            except BadClock:
                log.warning("group %d: stored recap time %r does not parse; recaps off", group.id, row.at)
                at = None
            out.append((group, Plan(group.id, group.timezone, at, from_ms(row.since), row.week_start)))
        else:
            out.append((group, Plan(group.id, group.timezone, default, from_ms(group.created_at))))
    return out


def set_recap(db: peewee.Database, group: Group, value: str, now: dt.datetime) -> str:
    """`!ps set recap 09:00` / `set recap off`: store it and give the answer (SettingError if refused)."""
    try:
        at = parse_recap_time(value)
    except BadClock as err:
        raise SettingError(f"{err}; or 'off'") from None
    row = RecapSetting.get_or_none(RecapSetting.group == group.id)
    week_start = row.week_start if row else 0
    stored = OFF if at is None else f"{at:%H:%M}"
    RecapSetting.insert(group=group.id, at=stored, week_start=week_start, since=to_ms(now)).on_conflict(
        conflict_target=[RecapSetting.group], update={RecapSetting.at: stored, RecapSetting.since: to_ms(now)}
    ).execute()
    if at is None:
        return "Recaps are off for this group."
    answer = (
        f"Recaps at {at:%H:%M} ({group.timezone}): yesterday's every day, "
        f"the week's on {_weekday(week_start)}s, the month's on the 1st."
    )
    try:
        note = dst_note(at, zone(group.timezone), now.astimezone(zone(group.timezone)).date())
    except BadTimeZone:
        note = None
    return answer + (f" Note: {note}." if note else "")


def week_start(group_id: int) -> int:
    """The group's first day of the week (0 = Monday, the default)."""
    row = RecapSetting.get_or_none(RecapSetting.group == group_id)
    return row.week_start if row else 0


def set_week_start(db: peewee.Database, group: Group, value: str, now: dt.datetime) -> str:
    """`!ps set week sunday`: the group's first day of the week, the day its weekly recap comes."""
    try:
        day = parse_weekday(value)
    except ValueError as err:
        raise SettingError(str(err)) from None
    RecapSetting.insert(group=group.id, at="", week_start=day, since=to_ms(now)).on_conflict(
        conflict_target=[RecapSetting.group], update={RecapSetting.week_start: day}
    ).execute()
    return f"The week starts on {_weekday(day)}: the weekly recap comes that day."


def _weekday(index: int) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[index]


def set_player_timezone(db: peewee.Database, player_id: int, value: str) -> str:
    """`!ps set my timezone America/Chicago` ('group' goes back to the group's zone)."""
    name = str(value).strip()
    if name.lower() in ("group", "default", OFF):
        PlayerPrefs.insert(player=player_id, timezone=None).on_conflict(
            conflict_target=[PlayerPrefs.player], update={PlayerPrefs.timezone: None}
        ).execute()
        return "Your time zone is your group's again."
    try:
        zone(name)
    except BadTimeZone as err:
        raise SettingError(str(err)) from None
    PlayerPrefs.insert(player=player_id, timezone=name).on_conflict(
        conflict_target=[PlayerPrefs.player], update={PlayerPrefs.timezone: name}
    ).execute()
    return f"Your time zone is {name}: your day and your reminders follow it."


def set_quiet(db: peewee.Database, player_id: int, value: str) -> str:
    """`!ps set my quiet 23:00-07:00` (or 'off': no quiet hours)."""
    if str(value).strip().lower() == OFF:
        stored, answer = "00:00-00:00", "No quiet hours: reminders may come at any time."
    else:
        try:
            start, end = parse_span(value)
        except BadClock as err:
            raise SettingError(str(err)) from None
        stored, answer = f"{start:%H:%M}-{end:%H:%M}", f"Quiet hours {start:%H:%M} to {end:%H:%M}: no reminder comes then."
    PlayerPrefs.insert(player=player_id, quiet=stored).on_conflict(
        conflict_target=[PlayerPrefs.player], update={PlayerPrefs.quiet: stored}
    ).execute()
    return answer


def player_zone(db: peewee.Database, player_id: int, group: Group) -> str:
    """The player's own zone, or the group's: the zone of the player's "today"."""
    row = PlayerPrefs.get_or_none(PlayerPrefs.player == player_id)
    return row.timezone if row is not None and row.timezone else group.timezone


def player_today(db: peewee.Database, player_id: int, group: Group, now: dt.datetime) -> dt.date:
    """The player's "today": the date at `now` in their own zone, else the group's (a bad stored zone: the group's)."""
    try:
        return now.astimezone(zone(player_zone(db, player_id, group))).date()
    except BadTimeZone:
        return now.astimezone(zone(group.timezone)).date()


def _quiet(row: PlayerPrefs | None) -> tuple[dt.time, dt.time]:
    if row is None or not row.quiet:
        return rules.QUIET
    try:
        return parse_span(row.quiet)
    except BadClock:
        return rules.QUIET


def remind(db: peewee.Database, player_id: int, groups: list[Group], words: list[str], now: dt.datetime) -> str:
    """`!ps remind on|off|HH:MM [dm|group]`, for the player in `groups` (the command's group, or all of theirs)."""
    if not groups:
        raise SettingError("You are in no group yet: post a score in a group PuzzleSecretary reads, then ask again.")
    words = [w.lower() for w in words] or ["on"]
    via = next((w for w in words if w in ("dm", "group")), None)
    rest = [w for w in words if w not in ("dm", "group")]
    if rest == [OFF]:
        Reminder.delete().where((Reminder.player == player_id) & Reminder.group.in_([g.id for g in groups])).execute()
        return "Reminders off."
    at = None
    if rest and rest != ["on"]:
        try:
            at = parse_clock(rest[-1])
        except BadClock as err:
            raise SettingError(f"{err}; or 'on', 'off', 'dm', 'group'") from None
    quiet = _quiet(PlayerPrefs.get_or_none(PlayerPrefs.player == player_id))
    if at is not None and in_span(at, quiet):
        raise SettingError(
            f"{at:%H:%M} is in your quiet hours ({quiet[0]:%H:%M} to {quiet[1]:%H:%M}): "
            "pick another time, or change them with 'set my quiet'."
        )
    stored = None if at is None else f"{at:%H:%M}"
    for group in groups:
        old = Reminder.get_or_none((Reminder.player == player_id) & (Reminder.group == group.id))
        chosen = via or (old.via if old else "dm")
        Reminder.insert(player=player_id, group=group.id, at=stored, via=chosen, created_at=to_ms(now)).on_conflict(
            conflict_target=[Reminder.player, Reminder.group], update={Reminder.at: stored, Reminder.via: chosen}
        ).execute()
    where = "in the group" if (via or "dm") == "group" else "in a direct message"
    when = f"at {at:%H:%M}" if at else f"{rules.LEAD.seconds // 3600} h before a game you usually play resets"
    return f"Reminders on: {when}, {where}, only on days you have not posted it yet, never {quiet[0]:%H:%M} to {quiet[1]:%H:%M}."


def reminder_opts(db: peewee.Database, platform: str | None = None) -> list[tuple[rules.Opt, Group, Player]]:
    """Every opted-in player's reminder settings, with the group and the player."""
    query = (
        Reminder.select(Reminder, Group, Player, PlayerPrefs)
        .join(Group, on=Reminder.group == Group.id)
        .switch(Reminder)
        .join(Player, on=Reminder.player == Player.id)
        .join(PlayerPrefs, peewee.JOIN.LEFT_OUTER, on=PlayerPrefs.player == Player.id)
        .join_from(Reminder, Membership, on=(Membership.player == Reminder.player) & (Membership.group == Reminder.group))
    )
    if platform:
        query = query.where(Group.platform == platform)
    out = []
    for row in query.order_by(Reminder.player, Reminder.group):
        setting = getattr(row.player, "playerprefs", None)
        tz = setting.timezone if setting is not None and setting.timezone else row.group.timezone
        try:
            at = parse_clock(row.at) if row.at else None
        except BadClock:
            at = None
        out.append((rules.Opt(row.player.id, row.group.id, tz, at, row.via, _quiet(setting)), row.group, row.player))
    return out
