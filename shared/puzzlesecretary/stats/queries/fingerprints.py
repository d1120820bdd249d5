"""The fingerprints pages are kept under: the count and sum of ids of a group's scores in a stretch of days, or a
player's, each from an index alone (web/pieces.py). Rows are only inserted (new ids) or deleted; a counted flag moves
only with a score of its player and puzzle."""

from __future__ import annotations

import peewee

from ...store.days import day_number
from .played import games_in, games_played, in_view


def fingerprint(db: peewee.Database, group_id: int, start, end, *, game: str | None = None) -> tuple[int, int]:
    """Count and sum of ids of the group's scores (of `game`, or any) dated in [start, end] (None: open), from an index.
    Rows are only inserted (new ids) or deleted; a counted flag moves only with a score of its player and puzzle.
    Read once per page (played.one_view)."""
    return in_view((id(db), group_id, "fingerprint", start, end, game), lambda: _fingerprint(db, group_id, start, end, game))


def _fingerprint(db: peewee.Database, group_id: int, start, end, game: str | None) -> tuple[int, int]:
    p = db.param
    games, codes = games_in(db, [game] if game is not None else games_played(db, group_id))
    sql, params = f"SELECT COUNT(*), SUM(id) FROM score WHERE group_id = {p} AND {games}", codes
    for bound, op in ((start, ">="), (end, "<=")):
        sql, params = (sql + f" AND date {op} {p}", [*params, day_number(bound)]) if bound else (sql, params)
    return tuple(int(v or 0) for v in db.execute_sql(sql, (group_id, *params)).fetchone())


def player_fingerprint(db: peewee.Database, group_id: int, players: tuple[int, ...]) -> tuple[int, ...]:
    """`fingerprint` of all these players' scores, counted and not (each half from its partial index)."""
    p, marks = db.param, ", ".join([db.param] * len(players))
    sql = f"SELECT COUNT(*), SUM(id) FROM score WHERE group_id = {p} AND player_id IN ({marks}) AND "
    return tuple(int(v or 0) for c in ("", "NOT ") for v in db.execute_sql(sql + c + "counted", (group_id, *players)).fetchone())
