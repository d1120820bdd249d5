"""The reads only a recap makes beyond the pages' (recap.read)."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import peewee

from ..rows import PuzzleMean
from .boards import _day, _totals


def named_puzzle_means(
    db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date, players: Iterable[int]
) -> list[PuzzleMean]:
    """`puzzle_means` of the plays of `players` only (a recap leaves out those who opted out): per puzzle of
    a game, how many played and the mean by the game's failure rule, of ranked plays, summed by the database."""
    ids = ", ".join(str(int(pid)) for pid in players) or "NULL"
    only = f"AND NOT archive AND NOT late AND player_id IN ({ids})"
    rows = _totals(db, group_id, slug, start, end, "puzzle_key, MIN(date), MIN(puzzle)", only)
    return [
        PuzzleMean(key, _day(day), puzzle, played, solved, total / counted if counted else None)
        for key, day, puzzle, played, solved, total, counted in rows
    ]
