"""A game's sums of one month for its leaderboard, kept, and after one share made from what they were.

A leaderboard adds up one set of sums per calendar month (stats.leaderboard_sums), each kept under
the month's fingerprint (stats.fingerprint), so after a share only its own month is summed again.
That month is most often the current one, a thousand scores and more of a busy group, for one new
score. So each month's latest sums are also kept with what they were read from
(stats.queries.added.Made, in the same snapshot), and when all that changed since is one added
score (stats.queries.added_since) the new sums are the old ones with that play added
(stats.sums_with); anything else, or sums that are not whole numbers, sums the month again.
"""

from __future__ import annotations

import datetime as dt

import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES
from puzzlesecretary.stats.queries.added import Made, snapshot

from .cache import Memo

# Finished months rarely change: each month's champion table and each game's sums are kept under the month's
# fingerprint (stats.fingerprint), so after a new score only its own month is ranked or summed again.
MONTHS = Memo(2048)  # about 20 busy groups viewing a year of 8 games and the champion table; old fingerprints age out
# A game's month of a group (its slot) -> the key of its latest sums in MONTHS.
_LATEST: dict[tuple, tuple] = {}
LATEST_KEPT = 1024  # a slot and its key, about 300 bytes with the dict's entry


def _read(db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date) -> tuple[stats.Sums, Made]:
    with snapshot(db):
        return stats.leaderboard_sums(db, group_id, slug, start, end), stats.queries.made(db, group_id, slug, start, end)


def _from_last(db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date, slot: tuple):
    key = _LATEST.get(slot)
    last = MONTHS.find(key) if key is not None else None
    if last is None:
        return None
    sums, made = last
    added = stats.queries.added_since(db, group_id, slug, start, end, made)
    if added is None:
        return None
    if added.row is None:  # a repost: the sums are what they were
        return sums, added.made
    more = stats.sums_with(GAMES[slug], sums, added.row)
    return None if more is None else (more, added.made)


def month_sums(db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date) -> stats.Sums:
    """The game's sums over [start, end], one calendar month or part of one: kept, made from the latest ones and one
    added score, or summed by the database."""
    slot = ("leaderboard", db.database, group_id, slug, start, end)
    key = (*slot, stats.fingerprint(db, group_id, start, end, game=slug))
    found = MONTHS.get(key, lambda: _from_last(db, group_id, slug, start, end, slot) or _read(db, group_id, slug, start, end))
    if len(_LATEST) >= LATEST_KEPT:
        _LATEST.clear()
    last = _LATEST.get(slot)
    if last is not None and last != key:
        MONTHS.pop(last)  # of a fingerprint that has moved on: it goes now, not when it ages out
    _LATEST[slot] = key
    return found[0]
