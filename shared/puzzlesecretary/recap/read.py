"""The recap a group would get: its rows read through stats.queries, its facts and text made pure.

The only I/O of recaps: which group, its plays and names, its leaderboards. Everything it
reads goes through the statistics' read module (stats.queries) and the leaderboards.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import peewee

from ..games import GAMES
from ..games.reset import BadTimeZone, window, zone
from ..stats import leaderboard, queries
from ..stats.rows import Play
from . import facts
from .text import daily_text, period_text

KINDS = ("day", "week", "month")


class RecapError(ValueError):
    """A recap that cannot be made: the message says why."""


def period_of(kind: str, day: dt.date, week_start: int = 0) -> tuple[dt.date, dt.date]:
    """The week (from the group's first day, 0 = Monday) or calendar month holding `day`; a day is its own period."""
    if kind == "week":
        start = day - dt.timedelta(days=(day.weekday() - week_start) % 7)
        return start, start + dt.timedelta(days=6)
    if kind == "month":
        following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return day.replace(day=1), following - dt.timedelta(days=1)
    return day, day


def still_open(slugs: set[str], timezone: str, day: dt.date, now: dt.datetime) -> set[str]:
    """The games whose puzzle dated `day` (or later) is still the current one at `now` in the group's zone."""
    return {s for s in slugs if GAMES[s].reset is not None and window(GAMES[s].reset, timezone, now).day <= day}


def full_history(db: peewee.Database, group_id: int, end: dt.date, names: dict[int, str]) -> list[Play]:
    """Every play of the group up to `end`, of the players the group's pages may name (one who opted
    out is neither a winner nor absent)."""
    return [p for p in queries.plays(db, group_id, end=end) if p.player_id in names]


def _named(rows: list[Play], names: dict[int, str]) -> list[Play]:
    return [p for p in rows if p.player_id in names]


def day_history(db: peewee.Database, group_id: int, day: dt.date, names: dict[int, str]) -> list[Play]:
    """The plays a daily recap of `day` reads, with `day_means`: the day and the two weeks before it (who was
    away), and, for each streak it tells that began earlier, that player's plays of that game back to where it
    began (facts.streak_reach), the stretch doubling each time. `facts.daily` says on it what it says on the
    whole history."""
    since = day - dt.timedelta(days=facts.ACTIVE_DAYS)
    history = _named(queries.plays(db, group_id, start=since, end=day), names)
    known: dict[tuple[int, str], dt.date] = {}  # per (player, game) told, the first day read when earlier than `since`
    first = None
    for _ in range(64):  # bounded: each pass doubles a stretch, and none reaches before the group's first day
        reach = facts.streak_reach(history, day)
        short = {pair: r for pair, r in reach.items() if r < known.get(pair, since)}
        if short:
            first = first or queries.first_day(db, group_id)
        short = {pair: r for pair, r in short.items() if first is not None and known.get(pair, since) > first}
        if not short:
            break
        for (pid, slug), r in short.items():
            read_from = known.get((pid, slug), since)
            older = min(r, read_from - (day - read_from) - dt.timedelta(days=1))
            more = queries.plays(db, group_id, game=slug, player_id=pid, start=older, end=read_from - dt.timedelta(days=1))
            history = _named(more, names) + history
            known[(pid, slug)] = older
    return history


def day_means(db: peewee.Database, group_id: int, games: Iterable[str], day: dt.date, names: dict[int, str]) -> dict:
    """The means `facts.hardest` weighs the day's puzzles against: per (game, puzzle) of the day's games over
    the 90 days up to it, of the players the recap may name, summed by the database."""
    since = day - dt.timedelta(days=facts.HARDEST_DAYS - 1)
    return {
        (slug, m.puzzle_key): m.mean
        for slug in games
        for m in queries.named_puzzle_means(db, group_id, slug, since, day, names)
        if m.mean is not None
    }


def period_history(db: peewee.Database, group_id: int, start: dt.date, end: dt.date, names: dict[int, str]) -> list[Play]:
    """The plays a weekly or monthly recap needs: its period and one as long before it (the most improved)."""
    before = start - dt.timedelta(days=(end - start).days + 1)
    return _named(queries.plays(db, group_id, start=before, end=end), names)


def recap(db: peewee.Database, group, kind: str, day: dt.date | None, now: dt.datetime, url: str, week_start: int = 0) -> str:
    """The text of the group's daily, weekly or monthly recap; RecapError when there is none to make."""
    if kind not in KINDS:
        raise RecapError(f"a recap is one of {', '.join(KINDS)}, not {kind!r}")
    label = group.name or group.platform_id
    try:
        today = now.astimezone(zone(group.timezone)).date()
    except BadTimeZone as err:
        raise RecapError(f"group {label!r} has a bad time zone: {err}") from None
    yesterday = today - dt.timedelta(days=1)
    day = day or yesterday
    if day > yesterday:
        raise RecapError(
            f"{day.isoformat()} is not over yet in {group.timezone} (today there is {today.isoformat()}): "
            "a recap covers days that are over, so it never tells today's puzzles"
        )
    start, end = period_of(kind, day, week_start)
    end = min(end, yesterday)
    names = queries.member_names(db, group.id)
    # A bounded window of the history (day_history, period_history); the whole of it only when that
    # window is empty or nobody played, to say why there is no recap.
    history = day_history(db, group.id, day, names) if kind == "day" else period_history(db, group.id, start, end, names)
    if not history and not full_history(db, group.id, end, names):
        raise RecapError(f"group {label!r} has no plays to recap up to {end.isoformat()}")
    if kind == "day":
        on_day = {p.game for p in history if p.date == day and p.game in GAMES}
        still = still_open(on_day, group.timezone, day, now)
        made = facts.daily(history, day, names, still, day_means(db, group.id, sorted(on_day - still), day, names))
        if made is None:
            history = full_history(db, group.id, end, names)
            last = max((p.date for p in history if p.date is not None and p.date < day), default=None)
            raise RecapError(
                f"nobody in {label!r} played on {day.isoformat()}"
                + (f" (the last plays before are of {last.isoformat()})" if last else "")
            )
        return daily_text(made, label, url)
    played = sorted({p.game for p in history if p.date is not None and start <= p.date <= end and p.game in GAMES})
    standings = {slug: leaderboard(db, group, slug, start, end) for slug in played}
    made = facts.period(history, start, end, names, standings, complete=end == period_of(kind, day, week_start)[1])
    if made is None:
        raise RecapError(f"nobody in {label!r} played from {start.isoformat()} to {end.isoformat()}")
    return period_text(made, kind, label, url)
