"""The player's page, made of one piece per game, each kept under what it shows.

A player's page shows, per game they play, their record and the chart of their rolling means,
then a calendar of the last weeks and their latest results. A game's block depends only on the
player's counted scores of that game (their count and changes: a row per game of the change
counters, stats.queries.player_game_fingerprints), the player's name and the group's
today; so is what the game adds to the calendar and to the latest results. A piece is kept
under all of that, so a new share renders its own game's block again and reads only that game's
plays; the calendar, the streaks and the latest results are merged from the pieces. Any other
process's change moves a fingerprint, so what is kept is never served stale. The kept pieces are
bounded in bytes.
"""

from __future__ import annotations

import datetime as dt
import heapq
from array import array
from collections import Counter
from typing import NamedTuple

import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES, game_order
from puzzlesecretary.stats import record
from puzzlesecretary.stats.queries.records import ROW_ID
from puzzlesecretary.store.days import EPOCH

from . import charts, player_calendar
from .bidi import isolate
from .cache import PageCache, cost
from .deflate import Kept
from .links import member_links
from .pages import GroupRow, mean_text, player_id
from .player_html import block_html, recent_rows
from .sections import PLAY_BYTES

PIECES = PageCache(1 << 20)  # its bound: kept.BUDGET

TREND_DAYS = 90
CALENDAR_WEEKS = 16
MONTH_MEAN, RECENT = 30, 12  # the longer rolling mean, in days; the latest results listed


class GamePiece(NamedTuple):
    """What one game gives the player's page: its block ("" for a game the table does not read), the days of the
    calendar it was played and solved on (ordinals, once per play), and its latest RECENT plays, latest first."""

    html: str
    played: array
    solved: array
    recent: tuple[stats.Play, ...]

    def __len__(self) -> int:  # what it costs the cache
        return 200 + cost(self.html) + 4 * (len(self.played) + len(self.solved)) + PLAY_BYTES * len(self.recent)


def _latest(play: stats.Play) -> tuple:
    return play.date or dt.date.min, game_order(play.game)


ORDINAL = EPOCH.toordinal()  # a day number (store/days.py) plus this is the day's ordinal
UNDATED = dt.date.min.toordinal() - ORDINAL  # a play without a date sorts as dt.date.min, as `_latest` has it


def _row_day(row: tuple) -> int:
    return UNDATED if row[record.DAY] is None else row[record.DAY]


def latest_rows(rows: list[tuple]) -> list[tuple]:
    """One game's RECENT latest rows, latest first. One game: its plays' order is by day alone (ties keep the rows'
    order, as `_latest` over them did)."""
    return heapq.nlargest(RECENT, rows, key=_row_day)


def game_piece(slug: str, rows: list[tuple], me: int, name: str, today: dt.date, recent: tuple) -> GamePiece:
    """One game's piece of the player's page from all the player's counted plays of it (`player_game_rows`) and its
    latest plays (of `latest_rows`)."""
    end = today.toordinal() - ORDINAL
    cal_start = end - (today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    window = [r for r in rows if r[record.DAY] is not None and cal_start <= r[record.DAY] <= end]
    played = array("i", (r[record.DAY] + ORDINAL for r in window))
    solved = array("i", (r[record.DAY] + ORDINAL for r in window if r[record.SOLVED]))
    game = GAMES.get(slug)
    html = ""
    if game is not None:
        html = Kept(block_html(_block(game, rows, name, today)))
    return GamePiece(html, played, solved, recent)


_SPANS: dict[tuple[int, int], tuple] = {}  # a chart's days, their labels and its first day's text, made once a span
SPANS_KEPT = 256  # the spans of a few todays: every player's chart of a year's plays is the same 90 days


def _span(begin: int, end: int) -> tuple[list[dt.date], list[str], str]:
    """The days begin..end (day numbers) as dates, each one's label on the chart and the first one's date."""
    span = _SPANS.get((begin, end))
    if span is None:
        days = [dt.date.fromordinal(n + ORDINAL) for n in range(begin, end + 1)]
        span = (days, [f"{d:%-d %b}" for d in days], f"{days[0]:%-d %b %Y}")
        if len(_SPANS) >= SPANS_KEPT:
            _SPANS.clear()
        _SPANS[(begin, end)] = span
    return span


def _block(game, rows: list[tuple], name: str, today: dt.date) -> dict:
    """What one game's block shows: the record, the chart of rolling means since the first play (at most 90 days)."""
    end = today.toordinal() - ORDINAL
    start = end - (TREND_DAYS - 1)
    # From the first play, if that is recent: a new player's chart is not mostly empty.
    first = min((r[record.DAY] for r in rows if r[record.DAY] is not None), default=end)
    begin = min(max(start, first), end - 13)
    week, month = record.day_means(game, rows, (7, MONTH_MEAN), begin, end)
    days, labels, since = _span(begin, end)
    chart = charts.line_chart(
        f"trend-{game.slug}",
        f"{isolate(name)}'s {game.name}: rolling mean {game.unit}, since {since}",
        f"7-day mean now {mean_text(game, week[-1])}, 30-day mean now {mean_text(game, month[-1])}; "
        f"{'lower' if game.lower_is_better else 'higher'} is better.",
        [
            charts.Series("7-day mean", "s1", list(enumerate(week))),
            charts.Series("30-day mean", "s2", list(enumerate(month))),
        ],
        labels,
        y_format=(lambda v: mean_text(game, v)) if game.unit == "seconds" else None,
    )
    samples = [(days[i], week[i], month[i]) for i in range(len(week) - 1, -1, -7)]
    return {"game": game, "bests": record.record_of(game, rows, end), "chart": chart, "samples": samples}


def game_pieces(db: peewee.Database, group: GroupRow, today: dt.date, me: int, name: str) -> list[GamePiece]:
    """The player's pieces, one per game they have a counted score of, in the table's order: kept, or made again
    from that game's plays when its fingerprint moved."""
    prints = stats.queries.player_game_fingerprints(db, group.id, me)
    keys = {slug: (db.database, group.id, group.token, me, name, today, slug, prints[slug])
            for slug in sorted(prints, key=game_order)}  # fmt: skip

    def make(missing: list[str]) -> dict[str, GamePiece]:
        # One read of every play (a first view), else of the one game that changed.
        plays = stats.queries.player_game_rows(db, group.id, me, missing[0] if len(missing) == 1 else None)
        latest = {slug: latest_rows(plays.get(slug, [])) for slug in missing}
        details = stats.queries.play_details(db, [r[ROW_ID] for rows in latest.values() for r in rows])
        # A score gone between the two reads is left out: its game's fingerprint has moved, so the piece is made again.
        recent = {slug: tuple(stats.queries.play_of(me, slug, r, details[r[ROW_ID]]) for r in rows if r[ROW_ID] in details)
                  for slug, rows in latest.items()}  # fmt: skip
        return {slug: game_piece(slug, plays.get(slug, []), me, name, today, recent[slug]) for slug in missing}

    return list(PIECES.get_or_make(keys, make).values())


def player(db: peewee.Database, group: GroupRow, today: dt.date, pid: str) -> tuple[str, dict]:
    """A player's rolling 7- and 30-day averages, personal bests, streak calendar and latest results."""
    names = stats.member_names(db, group.id)
    me = player_id(pid, names)
    pieces = game_pieces(db, group, today, me, names[me])
    # Whole weeks, Monday first, ending with the current week; days as ordinals (player_calendar).
    end = today.toordinal()
    cal_start = end - (today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    played, solved = Counter(), Counter()
    for piece in pieces:
        played.update(piece.played)
        solved.update(piece.solved)
    counts = [(played[o], solved[o]) for o in range(cal_start, end + 1)]
    on = [cal_start + i for i, (n, _) in enumerate(counts) if n]
    best, current = record.run_lengths(on, end)  # stats.streaks of those days, in whole numbers
    cal = player_calendar.calendar(
        "calendar",
        f"{isolate(names[me])}'s streak calendar, last {CALENDAR_WEEKS} weeks",
        f"Played on {len(on)} of {len(counts)} days; current run {current} days, longest {best}.",
        cal_start,
        counts,
        max(len(pieces), 1),
    )
    latest = heapq.nlargest(RECENT, (p for piece in pieces for p in piece.recent), key=_latest)
    recent = [(p, GAMES[p.game]) for p in latest if p.game in GAMES]
    others = tuple((pid, name) for pid, name in names.items() if pid != me)
    return "player", {
        "title": names[me],
        "me": me,
        "name": names[me],
        "blocks": [piece.html for piece in pieces if piece.html],
        "calendar": "".join(cal),
        "calendar_weeks": cal[1:-1],  # kept pieces, each with its deflate (deflate.kept_in), in the page's order
        "calendar_text": f"Played on {len(on)} of the last {len(counts)} days. "
        f"Current run: {current} days in a row; longest in that time: {best}.",
        "recent": recent,
        "recent_rows": recent_rows(recent, group.token),
        "others": others,
        "other_links": member_links("versus", group.token, me, others),
    }
