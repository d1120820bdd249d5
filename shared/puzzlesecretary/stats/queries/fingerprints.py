"""The fingerprints pages are kept under, read from the change counters that triggers on `score` keep
(store/change_counters.py): per (group, game, day) and per (group, player, game), how many scores the row stands
for and how many times any of them changed. A fingerprint is a piece's counts with the sum of its rows' changes,
which moves with every insert, update or delete of a score under it, and never comes back to a value it had."""

from __future__ import annotations

import peewee

from ...store.days import day_number
from .played import games_in, games_played, in_view


def fingerprint(db: peewee.Database, group_id: int, start, end, *, game: str | None = None) -> tuple[int, int]:
    """How many of the group's scores (of `game`, or any) are dated in [start, end] (None: open), and the sum of their
    days' changes: one row per game and day of the primary key's range (a month of one game about 30).
    Read once per page (played.one_view)."""
    return in_view((id(db), group_id, "fingerprint", start, end, game), lambda: _fingerprint(db, group_id, start, end, game))


def _fingerprint(db: peewee.Database, group_id: int, start, end, game: str | None) -> tuple[int, int]:
    p = db.param
    games, codes = games_in(db, [game] if game is not None else games_played(db, group_id))
    sql, params = f"SELECT SUM(scores), SUM(n) FROM piece_change WHERE group_id = {p} AND {games}", codes
    for bound, op in ((start, ">="), (end, "<=")):
        sql, params = (sql + f" AND date {op} {p}", [*params, day_number(bound)]) if bound else (sql, params)
    return tuple(int(v or 0) for v in db.execute_sql(sql, (group_id, *params)).fetchone())


def player_fingerprint(db: peewee.Database, group_id: int, players: tuple[int, ...]) -> tuple[int, int]:
    """How many counted scores these players have in the group, and the sum of their changes, of every game."""
    p, marks = db.param, ", ".join([db.param] * len(players))
    sql = f"SELECT SUM(counted), SUM(n) FROM player_change WHERE group_id = {p} AND player_id IN ({marks})"
    return tuple(int(v or 0) for v in db.execute_sql(sql, (group_id, *players)).fetchone())
