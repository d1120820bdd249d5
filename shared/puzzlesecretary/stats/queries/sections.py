"""The board's one extra read: each game's fingerprint of a day, for the board's sections kept apart."""

from __future__ import annotations

import datetime as dt

import peewee

from ...store.days import day_number
from ...store.gamecodes import game_slug
from .played import games_in, games_played, in_view


def day_fingerprints(db: peewee.Database, group_id: int, day: dt.date) -> dict[str, tuple[int, int]]:
    """Per game the group has a score of dated `day`: `fingerprint(db, group_id, day, day, game=...)`, all in
    one read of a row per game of the change counters. Read once per page (played.one_view): the board's
    fingerprint and its sections' keys."""
    return dict(in_view((id(db), group_id, "day prints", day), lambda: _day_fingerprints(db, group_id, day)))


def _day_fingerprints(db: peewee.Database, group_id: int, day: dt.date) -> dict[str, tuple[int, int]]:
    # One row per game from the change counters' primary key (store/change_counters.py).
    p = db.param
    games, codes = games_in(db, games_played(db, group_id))
    rows = db.execute_sql(
        f"SELECT game, scores, n FROM piece_change WHERE group_id = {p} AND {games} AND date = {p} AND scores > 0",
        (group_id, *codes, day_number(day)),
    ).fetchall()
    return {game_slug(code): (int(n), int(changes)) for code, n, changes in rows}
