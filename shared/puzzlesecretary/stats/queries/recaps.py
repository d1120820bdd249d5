"""The reads only a recap makes beyond the pages' (recap.read)."""

from __future__ import annotations

import datetime as dt
from typing import Container, Iterable

import peewee

from ...games import GAMES
from ...store.days import day_number
from ...store.gamecodes import game_slug
from ..rows import Play
from .boards import _PLAY_COLUMNS, _play, _value_sql, _where
from .played import games_in


def named_puzzle_means(
    db: peewee.Database, group_id: int, slug: str, start: dt.date, end: dt.date, players: Iterable[int]
) -> dict[str, float]:
    """Per puzzle of a game over [start, end], the mean by the game's failure rule of the ranked plays of
    `players` only (a recap leaves out those who opted out), summed by the database; a puzzle whose plays
    have no value (`puzzle_means` gives it a mean of None) is left out. Only the sum and the count leave
    the database: the aggregates `puzzle_means` adds for the pages cost a recap a third more."""
    where, params = _where(db, group_id, slug, start, end)
    value = _value_sql(GAMES[slug])
    ids = ", ".join(str(int(pid)) for pid in players) or "NULL"
    rows = db.execute_sql(
        f"SELECT puzzle_key, SUM({value}), COUNT({value}) FROM score {where}"
        f" AND NOT archive AND NOT late AND player_id IN ({ids}) GROUP BY puzzle_key",
        params,
    ).fetchall()
    return {key: float(total or 0) / counted for key, total, counted in rows if counted}


def day_plays(db: peewee.Database, group_id: int, games: Iterable[str], day: dt.date) -> list[Play]:
    """The group's counted plays of `games` dated `day` (`plays` of that day, the games given)."""
    where, codes = games_in(db, games)
    sql = f"SELECT {_PLAY_COLUMNS} FROM score WHERE group_id = {db.param} AND counted AND {where} AND date = {db.param}"
    return [_play(row) for row in db.execute_sql(sql, [group_id, *codes, day_number(day)]).fetchall()]


def play_marks(
    db: peewee.Database, group_id: int, games: Iterable[str], last: dt.date, days: int, players: Container[int]
) -> dict[tuple[int, str], int]:
    """Per (player, game) of `players`, the `days` up to `last` they posted (archive plays left out), as bits:
    bit i set for the puzzle dated `last` less i days (recap.marks). Only (player, game, date) leaves the
    database, and no row object is made."""
    where, codes = games_in(db, games)
    top = day_number(last)
    p = db.param
    rows = db.execute_sql(
        f"SELECT player_id, game, date FROM score WHERE group_id = {p} AND counted AND NOT archive AND {where}"
        f" AND date >= {p} AND date <= {p}",
        [group_id, *codes, top - days + 1, top],
    ).fetchall()
    bits: dict[tuple[int, int], int] = {}
    for pid, code, number in rows:
        if pid in players:
            key = (pid, code)
            bits[key] = bits.get(key, 0) | 1 << (top - number)
    return {(pid, game_slug(code)): value for (pid, code), value in bits.items()}
