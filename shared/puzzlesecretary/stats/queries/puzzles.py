"""A puzzle page's long run in two parts: the days before the puzzle's, which a share of the puzzle
leaves as they were, and the puzzle's own day, which it changes."""

from __future__ import annotations

import bisect
import datetime as dt

import peewee

from ..rows import PuzzleMean
from .boards import _day, _totals


def puzzle_totals(db: peewee.Database, group_id: int, slug: str, start: dt.date | None, end: dt.date | None) -> tuple:
    """Per puzzle of a game over [start, end] (ranked plays only): (key, first day number, first puzzle number, played,
    solved, sum and count of the values in a mean), summed by the database; `means_of` makes `puzzle_means` of them."""
    rows = _totals(db, group_id, slug, start, end, "puzzle_key, MIN(date), MIN(puzzle)", "AND NOT archive AND NOT late")
    return tuple(rows)


def means_of(*parts: tuple) -> list[PuzzleMean]:
    """`puzzle_means` over the days of several `puzzle_totals` (a puzzle in more than one is summed), by key."""
    merged: dict[str, list] = {}
    for part in parts:
        for key, day, puzzle, played, solved, total, counted in part:
            have = merged.get(key)
            if have is None:
                merged[key] = [day, puzzle, played, solved, total, counted]
                continue
            have[0] = day if have[0] is None else have[0] if day is None else min(have[0], day)
            have[1] = puzzle if have[1] is None else have[1] if puzzle is None else min(have[1], puzzle)
            have[2:] = [have[2] + played, have[3] + solved, have[4] + total, have[5] + counted]
    return [
        PuzzleMean(key, _day(day), puzzle, played, solved, total / counted if counted else None)
        for key, (day, puzzle, played, solved, total, counted) in sorted(merged.items())
    ]


def means_with(earlier: list[PuzzleMean], day: tuple) -> list[PuzzleMean] | None:
    """`means_of(earlier's totals, day)` from the means of the earlier part (`means_of` of it, by key) when none of the
    day's puzzles is among them, without summing the earlier days again; None when one is (its sums are needed)."""
    mine = means_of(day)
    if not mine:
        return earlier
    at = {m.puzzle_key for m in mine}
    if any(m.puzzle_key in at for m in earlier):
        return None
    out = list(earlier)
    for m in mine:
        bisect.insort(out, m, key=lambda p: p.puzzle_key)
    return out
