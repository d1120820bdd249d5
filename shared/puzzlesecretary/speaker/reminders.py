"""Whether a player who asked for reminders gets one now, and what it says: pure, the clock passed in.

A player gets at most one reminder a day (the outbox key `remind:<player id>:<local date>`), and
only when they have not yet posted today's puzzle of a game they usually play (USUAL_DAYS of the
last WINDOW_DAYS). It comes LEAD before that game's puzzle ends in the player's zone
(`games.reset.window`), or at the player's own time (`!ps remind 20:30`), never in their quiet
hours: a time that falls in them moves to QUIET_MARGIN before they begin, and a reminder whose
moment was missed is still sent while the puzzle is open and the hours are not quiet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from ..games import GAMES, game_order
from ..games.reset import Window, window, zone
from ..stats.rows import Play
from .clock import in_span, instant

LEAD = dt.timedelta(hours=2)
QUIET = (dt.time(22, 0), dt.time(8, 0))
QUIET_MARGIN = dt.timedelta(hours=1)
WINDOW_DAYS = 14
USUAL_DAYS = 3  # a daily game played on 3 of the last 14 days is one the player usually plays
USUAL_WEEKS = 2  # a weekly game: 2 of the last two weeks' puzzles


@dataclass(frozen=True)
class Opt:
    """One player's reminder settings in one group."""

    player_id: int
    group_id: int
    timezone: str  # the player's own zone, or the group's
    at: dt.time | None = None  # None: LEAD before the game's puzzle ends
    via: str = "dm"  # dm | group
    quiet: tuple[dt.time, dt.time] = QUIET


@dataclass(frozen=True)
class Open:
    """A game the player usually plays whose current puzzle they have not posted."""

    game: str
    window: Window
    remind_at: dt.datetime | None  # None: no moment today outside quiet hours
    played: int  # of the game's regulars in the group, how many posted this puzzle
    regulars: int


@dataclass(frozen=True)
class Reminder:
    player_id: int
    group_id: int
    via: str
    key: str
    text: str


def usual_games(plays: Sequence[Play], player_id: int, today: dt.date) -> set[str]:
    """The games the player posted on enough of the last WINDOW_DAYS (archive plays do not count)."""
    since = today - dt.timedelta(days=WINDOW_DAYS)
    days: dict[str, set[dt.date]] = {}
    for p in plays:
        if p.player_id == player_id and not p.archive and p.date is not None and since <= p.date < today and p.game in GAMES:
            days.setdefault(p.game, set()).add(p.date)
    return {g for g, d in days.items() if len(d) >= (USUAL_WEEKS if GAMES[g].step_days >= 7 else USUAL_DAYS)}


def remind_at(opt: Opt, w: Window, now: dt.datetime) -> dt.datetime | None:
    """When to remind of the puzzle in window `w`: the player's time, or LEAD before its end; out of quiet hours."""
    tz = zone(opt.timezone)
    if opt.at is not None:
        moment = instant(now.astimezone(tz).date(), opt.at, tz)
    else:
        moment = w.end - LEAD
        local = moment.astimezone(tz)
        if in_span(local.time(), opt.quiet):
            start = instant(local.date(), opt.quiet[0], tz)
            if start > moment:  # the quiet hours began the evening before
                start = instant(local.date() - dt.timedelta(days=1), opt.quiet[0], tz)
            moment = start - QUIET_MARGIN
    if moment < w.start or moment >= w.end or in_span(moment.astimezone(tz).time(), opt.quiet):
        return None
    return moment


def open_games(opt: Opt, plays: Sequence[Play], now: dt.datetime) -> list[Open]:
    """The player's usual games not yet posted today, soonest ending first."""
    today = now.astimezone(zone(opt.timezone)).date()
    out = []
    for slug in sorted(usual_games(plays, opt.player_id, today), key=game_order):
        game = GAMES[slug]
        if game.reset is None:
            continue
        w = window(game.reset, opt.timezone, now)
        on = {p.player_id for p in plays if p.game == slug and p.date == w.day}
        if opt.player_id in on:
            continue
        since = w.day - dt.timedelta(days=WINDOW_DAYS)
        regulars = {p.player_id for p in plays if p.game == slug and p.date is not None and since <= p.date < w.day} | on
        out.append(Open(slug, w, remind_at(opt, w, now), len(on), len(regulars)))
    return sorted(out, key=lambda o: (o.window.end, game_order(o.game)))


def left(delta: dt.timedelta) -> str:
    """ "2 h", "40 min": how long a puzzle has left, rounded."""
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"{round(minutes / 60)} h" if minutes >= 90 else f"{minutes} min"


def key(player_id: int, now: dt.datetime, timezone: str) -> str:
    """The outbox key of a player's reminder on the local day of `now`: one a day."""
    return f"remind:{player_id}:{now.astimezone(zone(timezone)).date().isoformat()}"


def due(opt: Opt, plays: Sequence[Play], now: dt.datetime, name: str = "") -> Reminder | None:
    """The player's reminder if one is due at `now`, else None. BadTimeZone for a zone that is not real."""
    tz = zone(opt.timezone)
    if in_span(now.astimezone(tz).time(), opt.quiet):
        return None
    games = open_games(opt, plays, now)
    ready = [o for o in games if o.remind_at is not None and o.remind_at <= now < o.window.end]
    if not ready:
        return None
    first = ready[0]
    text = f"{GAMES[first.game].name} resets in {left(first.window.end - now)}: {first.played} of {first.regulars} have played."
    others = [o for o in games if o is not first]
    if others:
        listed = ", ".join(f"{GAMES[o.game].name} ({left(o.window.end - now)} left)" for o in others[:4])
        text += " Not posted yet either: " + listed
        text += f" +{len(others) - 4} more." if len(others) > 4 else "."
    if opt.via == "group" and name:
        text = f"{name}: {text}"
    return Reminder(opt.player_id, opt.group_id, opt.via, key(opt.player_id, now, opt.timezone), text)
