"""The reads only a recap makes beyond the pages' (recap.read)."""

from __future__ import annotations

import datetime as dt
from typing import Container, Iterable

import peewee

from ...store.days import day_number
from ...store.gamecodes import game_slug, query_code
from ..rows import Play, PuzzleMean
from .boards import _PLAY_COLUMNS, _day, _play, _totals


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


def _games(db: peewee.Database, games: Iterable[str]) -> tuple[str, list[int]]:
    """`game IN (...)` and its parameters: the (group, game, date) index needs the games named."""
    codes = [query_code(slug) for slug in games] or [-1]
    return f"game IN ({', '.join([db.param] * len(codes))})", codes


def day_plays(db: peewee.Database, group_id: int, games: Iterable[str], day: dt.date) -> list[Play]:
    """The group's counted plays of `games` dated `day` (`plays` of that day, the games given)."""
    where, codes = _games(db, games)
    sql = f"SELECT {_PLAY_COLUMNS} FROM score WHERE group_id = {db.param} AND counted AND {where} AND date = {db.param}"
    return [_play(row) for row in db.execute_sql(sql, [group_id, *codes, day_number(day)]).fetchall()]


def play_marks(
    db: peewee.Database, group_id: int, games: Iterable[str], last: dt.date, days: int, players: Container[int]
) -> dict[tuple[int, str], int]:
    """Per (player, game) of `players`, the `days` up to `last` they posted (archive plays left out), as bits:
    bit i set for the puzzle dated `last` less i days (recap.marks). Only (player, game, date) leaves the
    database, and no row object is made."""
    where, codes = _games(db, games)
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
