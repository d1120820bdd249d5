"""The recap a group would get: its rows read through stats.queries, its facts and text made pure.

The only I/O of recaps: which group, its plays and names, its leaderboards. Everything it
reads goes through the statistics' read module (stats.queries) and the leaderboards.
"""

from __future__ import annotations

import datetime as dt

import peewee

from ..games import GAMES
from ..games.reset import BadTimeZone, window, zone
from ..stats import leaderboard, queries
from ..stats.rows import Play
from . import facts, marks
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
    """The games whose puzzle dated `day` (or later) is still the current one at `now` in the group's zone
    (each reset's window worked out once: most games share a few)."""
    current: dict = {}
    for reset in {GAMES[s].reset for s in slugs} - {None}:
        current[reset] = window(reset, timezone, now).day
    return {s for s in slugs if GAMES[s].reset is not None and current[GAMES[s].reset] <= day}


def full_history(db: peewee.Database, group_id: int, end: dt.date, names: dict[int, str]) -> list[Play]:
    """Every play of the group up to `end`, of the players the group's pages may name (one who opted
    out is neither a winner nor absent)."""
    return [p for p in queries.plays(db, group_id, end=end) if p.player_id in names]


def _named(rows: list[Play], names: dict[int, str]) -> list[Play]:
    return [p for p in rows if p.player_id in names]


def day_marks(
    db: peewee.Database, group_id: int, games: list[str], day: dt.date, on: set[str], names: dict[int, str], still: set[str]
) -> dict:
    """The days each named player played each game (recap.marks), as far back as a daily recap of `day` needs:
    the two weeks before it (who was away), and for each streak it tells that began earlier, that player's
    days of that game back to the run's start, the stretch doubling each time (`on`: the games of the day
    that are over; `still`: those still open, whose streaks it does not tell)."""
    days = facts.ACTIVE_DAYS + 1
    out = queries.play_marks(db, group_id, games, day, days, names)
    known = dict.fromkeys(out, days)
    longer = [pair for pair in marks.unfinished(out, on, known) if pair[1] not in still]
    for _ in range(64):  # bounded: each pass doubles a stretch, and no run reaches before the group's first play
        if not longer:
            break
        by_stretch: dict[tuple[str, int], list[int]] = {}
        for pid, slug in longer:
            by_stretch.setdefault((slug, known[(pid, slug)]), []).append(pid)
        for (slug, read), pids in by_stretch.items():
            older = queries.play_marks(db, group_id, [slug], day - dt.timedelta(days=read), read, set(pids))
            for pid in pids:
                out[(pid, slug)] |= older.get((pid, slug), 0) << read
                known[(pid, slug)] = 2 * read
        # Only a run read further back can still be cut short by the bits read.
        extended = {pair: out[pair] for pair in longer}
        longer = marks.unfinished(extended, on, known)
    return out


def day_facts(db: peewee.Database, group, day: dt.date, now: dt.datetime, names: dict[int, str]) -> facts.Day | None:
    """The facts of the group's daily recap of `day`, or None when nobody it may name played a game of `day` that
    is over. Reads the day's plays, the days played (`day_marks`) and the 90-day means of the games that may
    hold the hardest puzzle (`facts.hardest_games`), summed by the database."""
    games = queries.games_played(db, group.id)
    rows = _named(queries.day_plays(db, group.id, games, day), names)
    still = still_open({p.game for p in rows if p.game in GAMES}, group.timezone, day, now)
    over = [p for p in rows if p.game not in still]
    if not over:
        return None
    since = day - dt.timedelta(days=facts.HARDEST_DAYS - 1)
    means = {
        (slug, key): mean
        for slug in sorted(facts.hardest_games(over))
        for key, mean in queries.named_puzzle_means(db, group.id, slug, since, day, names).items()
    }
    marks_of_day = day_marks(db, group.id, games, day, {p.game for p in over}, names, still)
    return facts.daily_of(rows, marks_of_day, day, names, still, means)


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
    if kind == "day":
        made = day_facts(db, group, day, now, names)
        if made is None:
            # The whole history only to say why there is no recap.
            history = full_history(db, group.id, end, names)
            if not history:
                raise RecapError(f"group {label!r} has no plays to recap up to {end.isoformat()}")
            last = max((p.date for p in history if p.date is not None and p.date < day), default=None)
            raise RecapError(
                f"nobody in {label!r} played on {day.isoformat()}"
                + (f" (the last plays before are of {last.isoformat()})" if last else "")
            )
        return daily_text(made, label, url)
    # A bounded window of the history; the whole of it only when that window is empty, to say why there is no recap.
    history = period_history(db, group.id, start, end, names)
    if not history and not full_history(db, group.id, end, names):
        raise RecapError(f"group {label!r} has no plays to recap up to {end.isoformat()}")
    played = sorted({p.game for p in history if p.date is not None and start <= p.date <= end and p.game in GAMES})
    standings = {slug: leaderboard(db, group, slug, start, end) for slug in played}
    made = facts.period(history, start, end, names, standings, complete=end == period_of(kind, day, week_start)[1])
    if made is None:
        raise RecapError(f"nobody in {label!r} played from {start.isoformat()} to {end.isoformat()}")
    return period_text(made, kind, label, url)
