"""The board's sections, one per game, rendered and kept on their own with the plays they show.

A section is kept under what it shows: the game's scores of the day (their count and changes,
stats.day_fingerprints, one row of the change counters), the members' names and the group's token. So a share of
one game renders that game's section again and leaves the others' as they were; the board
around them (the day's leaders, the players) is made from the plays kept with each section,
without reading the day again. The cache is bounded in bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, NamedTuple

import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES, game_order

from .cache import PageCache, cost, digest
from .deflate import Kept
from .section_html import section_html

SECTIONS = PageCache(2 << 20)  # its bound: kept.BUDGET
PLAY_BYTES = 200  # about what a kept Play costs the process (the cache's bound is in bytes)
POINT_BYTES = 100  # and a player's points on a puzzle


class Section(NamedTuple):
    """One game's section of the day as HTML ("" when it shows nothing), and the points of its puzzles for the day's
    champion (stats.puzzles_points of its plays, in the section's order)."""

    html: str
    points: tuple[tuple[dt.date, dict[int, float]], ...]

    def __len__(self) -> int:  # what it costs the cache
        return cost(self.html) + POINT_BYTES * sum(len(pts) for _, pts in self.points)


def board_sections(
    db: peewee.Database, group, today: dt.date, names: dict[int, str], shape: Callable
) -> tuple[list[str], list[tuple[dt.date, dict[int, float]]]]:
    """The sections of the games played `today` as HTML, in the table's order, and the points of the day's puzzles in
    the same order (stats.puzzles_points of the day's plays). `shape(game, entries, names)` is what one section shows."""
    # The members' names as a 16-byte digest: each kept section's key held the whole tuple, 5 KB for 50 members.
    shown, prints = digest(tuple(names.items())), stats.day_fingerprints(db, group.id, today)
    games = [GAMES[slug] for slug in sorted(prints, key=game_order) if slug in GAMES]
    keys = {g.slug: (db.database, group.id, group.token, today, g.slug, prints.get(g.slug), shown) for g in games}

    def make(missing: list[str]) -> dict[str, Section]:
        # One read of the day's plays with their grids: of the one game that changed, or of all.
        one = len(missing) == 1 and len(games) > 1
        results = stats.day_results(db, group, today, game=missing[0] if one else None, names=names)
        made = {}
        for slug in missing:
            game, entries = GAMES[slug], results.get(slug, [])
            shaped = shape(game, entries, names)
            html = "" if shaped is None else Kept(section_html(shaped, group.token))
            plays = tuple(stats.Play(e.player_id, slug, e.puzzle, e.puzzle_key, today, e.solved, e.score, e.hard_mode,
                                     e.archive, e.late) for e in entries)  # fmt: skip
            made[slug] = Section(html, tuple(stats.puzzles_points(plays)))
        return made

    found = SECTIONS.get_or_make(keys, make)
    return [s.html for s in found.values() if s.html], [p for s in found.values() for p in s.points]
