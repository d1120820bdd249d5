"""A puzzle page's plays, kept, and after one share made from what they were.

A puzzle page shows every counted result of the group on one puzzle: its plays of the puzzle's day
(stats.plays, with their grids). A share of the puzzle makes the page again, and it read all of them
again, fifty rows of a busy group with their details, for one new row. So each puzzle's latest
plays are kept with what the day's scores of the game were when they were read (in the same snapshot,
stats.queries.added.Made), and when all that changed since is one added score
(stats.queries.added_since, the check the board's sections and the months' sums make) the plays are
the kept ones and that score, if it is a counted result of this puzzle. Anything else (an edit, a
delete, two shares, a repost that won the count) reads the plays again.

The new play comes last, as a read would give it on SQLite (in the (group, game, date) index's order,
equal keys by id, and the new score has the largest); the page sorts them, ties by name.
"""

from __future__ import annotations

import datetime as dt

import peewee

from puzzlesecretary import stats
from puzzlesecretary.stats.queries.added import Made, snapshot

_LATEST: dict[tuple, tuple[Made, tuple]] = {}  # a puzzle's slot -> the day's scores as read, and its plays
LATEST_KEPT = 64  # about 12 KB each with fifty plays and their grids (the details are shared with the board's)


def _read(db: peewee.Database, group_id: int, slug: str, key: str, on: dt.date) -> tuple[Made, tuple]:
    with snapshot(db):
        plays = stats.plays(db, group_id, game=slug, puzzle_key=key, start=on, end=on, with_details=True)
        return stats.queries.made(db, group_id, slug, on, on), tuple(plays)


def _with_added(db: peewee.Database, group_id: int, slug: str, key: str, on: dt.date, last: tuple[Made, tuple]):
    added = stats.queries.added_since(db, group_id, slug, on, on, last[0])
    if added is None:
        return None
    if added.row is None or added.row[2] != key:  # nothing, a repost, or a result of another puzzle of the day
        return added.made, last[1]
    player, puzzle, puzzle_key, day, solved, score, hard, archive, late, details = added.row
    play = stats.Play(player, slug, puzzle, puzzle_key, day, solved, score, hard, archive, late, details or {})
    return added.made, (*last[1], play)


def puzzle_plays(db: peewee.Database, group_id: int, slug: str, key: str, on: dt.date) -> list[stats.Play]:
    """The group's counted plays of the puzzle `key` of `slug`, dated `on`, with their details: the kept ones and one
    added score, or read again."""
    slot = (db.database, group_id, slug, key, on)
    last = _LATEST.get(slot)
    found = _with_added(db, group_id, slug, key, on, last) if last is not None else None
    if found is None:
        found = _read(db, group_id, slug, key, on)
    if len(_LATEST) >= LATEST_KEPT and slot not in _LATEST:
        _LATEST.clear()
    _LATEST[slot] = found
    return list(found[1])
