"""What one piece of a page was made from, and whether all that changed since is one added score.

A piece (a board's section of one game and day, a month's sums of one game) is a stretch of one
group's scores of one game: dated in [start, end]. `Made` is that stretch as the piece read it, in
the same snapshot as the piece's own rows: how many scores (counted or not), the sum of their ids,
the largest id and its message. `added_since` reads the stretch again in one statement, with the
newest score's columns and details, and answers only when nothing changed (the page was made again
for another of its pieces) or the one thing that changed is a score added after the piece was made:

- one score more, and the sum of ids grew by the new largest id, past the old largest: with ids
  that only grow, nothing of the piece was removed and only that score was added;
- the old largest id still holds the same message: SQLite gives a new row the largest rowid plus
  one, so a newest score deleted could hand its id to another (ingest/derive.py guards edits, not
  deletes), and that would keep the count and the sum as they were;
- of its player's results for its puzzle in the group it is the only one, so no other score's
  counted flag moved with it (the earliest sent counts: derive._settle). A repost (not counted)
  changes nothing a piece shows.

Anything else (an edit, a delete, a repost that won the count, two shares, a change made while
the piece was read) answers None, and the piece is made again from all its rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import NamedTuple

import peewee

from ...store.database import is_sqlite
from ...store.days import day_number
from ...store.gamecodes import query_code
from .boards import _day, _details


class Made(NamedTuple):
    """A stretch of scores as a piece read it: their count, the sum of their ids, the largest id and its message."""

    count: int
    total: int
    top: int
    top_message: int


NOTHING = Made(0, 0, 0, 0)


class Added(NamedTuple):
    """The one score added since a piece was made: the stretch now, and the score's columns (None: not counted, so
    the piece shows nothing new)."""

    made: Made
    row: tuple | None  # (player_id, puzzle, puzzle_key, date, solved, score, hard_mode, archive, late, details)
    # None: nothing was added, or a repost (not counted): the piece shows what it did


def made_of(rows: list[tuple]) -> Made:
    """`Made` of rows read in one statement, each (id, message_id, ...)."""
    if not rows:
        return NOTHING
    top = max(rows, key=lambda r: r[0])
    return Made(len(rows), sum(r[0] for r in rows), top[0], top[1])


def _range(db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date, alias: str = "") -> tuple[str, list]:
    p, a = db.param, alias
    sql = f"{a}group_id = {p} AND {a}game = {p} AND {a}date >= {p} AND {a}date <= {p}"
    return sql, [group_id, query_code(slug), day_number(start), day_number(end)]


def made(db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date) -> Made:
    """The stretch now, in one statement (from the (group, game, date) index, and the newest row)."""
    where, params = _range(db, group_id, slug, start, end)
    row = db.execute_sql(
        "SELECT a.n, a.total, a.top, t.message_id FROM"
        f" (SELECT COUNT(*) AS n, SUM(id) AS total, MAX(id) AS top FROM score WHERE {where}) a"
        " LEFT JOIN score t ON t.id = a.top",
        params,
    ).fetchone()
    return Made(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0))


def added_since(db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date, base: Made) -> Added | None:
    """The one score added to the stretch since `base` (its row None when nothing changed or it is not counted), or
    None when anything else changed (see the module)."""
    p = db.param
    where, params = _range(db, group_id, slug, start, end)
    key = "k.group_id = s.group_id AND k.player_id = s.player_id AND k.game = s.game AND k.puzzle_key = s.puzzle_key"
    row = db.execute_sql(
        "SELECT a.n, a.total, a.top, s.message_id, (SELECT message_id FROM score WHERE id = "
        f"{p}), s.player_id, s.puzzle, s.puzzle_key, s.date, s.solved, s.score, s.hard_mode, s.archive, s.late, s.details,"
        f" s.counted, (SELECT COUNT(*) FROM score k WHERE {key} AND k.counted)"
        f" + (SELECT COUNT(*) FROM score k WHERE {key} AND NOT k.counted) FROM"
        f" (SELECT COUNT(*) AS n, SUM(id) AS total, MAX(id) AS top FROM score WHERE {where}) a"
        " LEFT JOIN score s ON s.id = a.top",
        [base.top, *params],
    ).fetchone()
    count, total, top, message, old_message = (int(v or 0) for v in row[:5])
    if (count, total, top, message) == base and old_message == base.top_message:
        return Added(base, None)  # nothing changed (the page was made again for another piece, or a name)
    if count != base.count + 1 or total - base.total != top or top <= base.top or old_message != base.top_message:
        return None
    now = Made(count, total, top, message)
    if not row[15]:
        return Added(now, None)
    if int(row[16]) != 1:
        return None
    player, puzzle, puzzle_key, day, solved, score, hard, archive, late, details = row[5:15]
    return Added(now, (player, puzzle, puzzle_key, _day(day), bool(solved), score, bool(hard), bool(archive), bool(late),
                       _details(details)))  # fmt: skip


def day_rows(db: peewee.Database, group_id: int, slugs: list[str], day: dt.date) -> list[tuple]:
    """Every score of these games dated `day`, counted or not, in id order, each (id, message_id, counted, game,
    player_id, puzzle, puzzle_key, solved, score, hard_mode, archive, late, details): one statement, so a board's
    sections and what they were made from (`made_of` of each game's) are of one snapshot."""
    p, marks = db.param, ", ".join([db.param] * len(slugs))
    return db.execute_sql(
        "SELECT id, message_id, counted, game, player_id, puzzle, puzzle_key, solved, score, hard_mode, archive, late,"
        f" details FROM score WHERE group_id = {p} AND game IN ({marks}) AND date = {p} ORDER BY id",
        [group_id, *(query_code(slug) for slug in slugs), day_number(day)],
    ).fetchall()


@contextlib.contextmanager
def snapshot(db: peewee.Database):
    """Every read inside of one snapshot of the database, so that a piece's rows read in several statements and what
    they were made from (`made`) agree: a read transaction on SQLite, REPEATABLE READ on PostgreSQL."""
    with db.atomic():
        if not is_sqlite(db):
            db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield
