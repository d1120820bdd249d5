"""The head-to-head page, made of one piece per game, each kept under what it shows.

A game's block of two players' head-to-head depends only on the two players' counted scores of
that game (the count and changes of each one's: a row per player and game of the change counters,
stats.queries.pair_game_fingerprints) and their names. A block is kept under all of that, so a
share by one of them renders that game's block again from that game's shared puzzles alone,
and leaves the others as they were. Any other process's change moves a fingerprint, so what is
kept is never served stale. The kept blocks are bounded in bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES, game_order

from . import charts, versus_html
from .bidi import isolate
from .cache import PageCache
from .deflate import Kept
from .links import member_links
from .pages import GroupRow, NotFound, player_id

BLOCKS = PageCache(1 << 20)  # its bound: kept.BUDGET


class _Labels(Sequence[str]):
    """The chart's x labels, one per shared puzzle's day, each made only when asked for: the chart prints three of
    hundreds (charts.line_chart, its first, middle and last)."""

    def __init__(self, timeline: tuple[tuple[dt.date, int], ...]) -> None:
        self.timeline = timeline

    def __len__(self) -> int:
        return len(self.timeline)

    def __getitem__(self, i):  # an index (a slice is the list of those labels)
        if isinstance(i, slice):
            return [f"{d:%-d %b %y}" for d, _ in self.timeline[i]]
        return f"{self.timeline[i][0]:%-d %b %y}"


def block_html(duel: stats.Duel, a: tuple[int, str], b: tuple[int, str], group: GroupRow) -> str:
    """One game's block: the record on the puzzles both posted, the chart of how it moved, month by month."""
    game = GAMES[duel.game]
    chart = charts.line_chart(
        f"vs-{duel.game}",
        f"{game.name}: {isolate(a[1])}'s wins minus losses against {isolate(b[1])}, over time",
        f"After {duel.played} shared puzzles the balance is {duel.timeline[-1][1]:+d}." if duel.timeline else "",
        [charts.Series("wins minus losses", "s1", [(i, float(net)) for i, (_, net) in enumerate(duel.timeline)])],
        _Labels(duel.timeline),
        zero_line=True,
    )
    return Kept(versus_html.block_html({"game": game, "duel": duel, "chart": chart}, a))


def blocks(db: peewee.Database, group: GroupRow, a: tuple[int, str], b: tuple[int, str]) -> list[str]:
    """The blocks of the games both played, in the table's order: kept, or made again from that game's shared
    puzzles when one of the two's scores of it moved ("" for a game without a shared puzzle)."""
    prints = stats.queries.pair_game_fingerprints(db, group.id, a[0], b[0])
    keys = {slug: (db.database, group.id, group.token, a, b, slug, prints[slug]) for slug in sorted(prints, key=game_order)}

    def make(missing: list[str]) -> dict[str, str]:
        # The puzzles both posted, joined by the database: of the one game that changed, or of all.
        one = missing[0] if len(missing) == 1 else None
        duels = {d.game: d for d in stats.duels(stats.shared_puzzles(db, group.id, a[0], b[0], game=one))}
        return {slug: block_html(duels[slug], a, b, group) if slug in duels else "" for slug in missing}

    return [html for html in BLOCKS.get_or_make(keys, make).values() if html]


def versus(db: peewee.Database, group: GroupRow, today: dt.date, a: str, b: str) -> tuple[str, dict]:
    """Two players on the puzzles both posted: wins, losses and ties per game, and how it moved."""
    names = stats.member_names(db, group.id)
    first, second = player_id(a, names), player_id(b, names)
    if first == second:
        raise NotFound(b)
    others = tuple((pid, name) for pid, name in names.items() if pid not in (first, second))
    return "versus", {
        "title": f"{isolate(names[first])} vs {isolate(names[second])}",
        "a": (first, names[first]),
        "b": (second, names[second]),
        "blocks": blocks(db, group, (first, names[first]), (second, names[second])),
        "others": others,
        "other_links": member_links("against", group.token, first, others),
    }
