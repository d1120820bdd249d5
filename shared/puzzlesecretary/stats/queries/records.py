"""The reads of a player's page and of a head-to-head, cheaper than every play of their history as `Play` rows.

A player of the benchmark's year has about 870 counted plays in the group; making a `Play` of
each cost more than anything else the two pages did. The head-to-head lets the database join
the puzzles both players posted (hundreds of short rows, no objects). The player's page reads
every play once as plain tuples for the record (`player.bests_of`) and makes `Play` rows only of
the last four months its charts, calendar and latest results show. Summing in SQL instead was
measured slower on SQLite: the GROUP BY per (game, score) and the runs' window function cost
1.7 ms against 0.5 ms for fetching the tuples. Games and days come out through the Score model's
fields, converted once per distinct value. tests/web/test_records.py holds both to the answers
`personal_bests` and `head_to_head` give on every play.
"""

from __future__ import annotations

import datetime as dt

import peewee

from ...store import Score
from ...store.gamecodes import query_code
from ..rows import Play
from .boards import _PLAY_COLUMNS, _day
from .played import in_view


def player_history(db: peewee.Database, group_id: int, player_id: int, since: dt.date) -> tuple[dict, list[Play]]:
    """The player's counted plays in the group, in one read: per game (game, date, solved, score, archive)
    of every play, for their record (`player.bests_of`), and as `Play` rows those dated `since` or later,
    for the charts and the latest results. Each day is converted once, not once per play."""
    rows = db.execute_sql(
        f"SELECT {_PLAY_COLUMNS} FROM score WHERE group_id = {db.param} AND player_id = {db.param} AND counted",
        (group_id, player_id),
    ).fetchall()
    days: dict = {}
    games: dict = {}
    history: dict[str, list[tuple]] = {}
    recent = []
    for row in rows:
        player, slug, puzzle, key, raw, solved, score, hard, archive, late = row
        day = days[raw] if raw in days else days.setdefault(raw, _day(raw))
        slug = games[slug] if slug in games else games.setdefault(slug, Score.game.python_value(slug))
        history.setdefault(slug, []).append((day, solved, score, archive))
        if day is not None and day >= since:
            recent.append(Play(player, slug, puzzle, key, day, bool(solved), score, bool(hard), bool(archive), bool(late), {}))
    return history, recent


def shared_puzzles(db: peewee.Database, group_id: int, a: int, b: int, game: str | None = None) -> list[tuple]:
    """The puzzles both players posted (counted; of one game, or all), one row each: (game, A's date, A's solved and
    score, B's solved and score).

    The join finds B's play of each of A's puzzles through the partial unique index
    (group, player, game, puzzle_key) WHERE counted, which also makes it at most one.
    """
    p, slug_of = db.param, Score.game.python_value
    sql = (
        "SELECT a.game, a.date, a.solved, a.score, b.solved, b.score FROM score a JOIN score b"
        f" ON b.group_id = a.group_id AND b.player_id = {p} AND b.counted AND b.game = a.game AND b.puzzle_key = a.puzzle_key"
        f" WHERE a.group_id = {p} AND a.player_id = {p} AND a.counted"
    )
    params = [b, group_id, a]
    if game is not None:
        sql, params = sql + f" AND a.game = {p}", [*params, query_code(game)]
    rows = db.execute_sql(sql, params).fetchall()
    return [(slug_of(slug), _day(day), bool(sa), xa, bool(sb), xb) for slug, day, sa, xa, sb, xb in rows]


def pair_game_fingerprints(db: peewee.Database, group_id: int, a: int, b: int) -> dict[str, tuple[int, int, int, int]]:
    """Per game both players have a counted score of: A's count of counted scores and changes, then B's (one row per
    player and game of the change counters, store/change_counters.py): what a game's block of their head-to-head shows.
    Read once per page (played.one_view): the page's fingerprint and its blocks' keys."""
    return dict(in_view((id(db), group_id, "pair prints", a, b), lambda: _pair_game_fingerprints(db, group_id, a, b)))


def _pair_game_fingerprints(db: peewee.Database, group_id: int, a: int, b: int) -> dict[str, tuple[int, int, int, int]]:
    p, slug_of = db.param, Score.game.python_value
    rows = db.execute_sql(
        f"SELECT player_id, game, counted, n FROM player_change WHERE group_id = {p} AND player_id IN ({p}, {p})"
        " AND counted > 0",
        (group_id, a, b),
    ).fetchall()
    of: dict[int, dict[str, tuple[int, int]]] = {a: {}, b: {}}
    for pid, code, n, changes in rows:
        of[pid][slug_of(code)] = (int(n), int(changes))
    return {slug: of[a][slug] + of[b][slug] for slug in of[a] if slug in of[b]}


def player_game_fingerprints(db: peewee.Database, group_id: int, player_id: int) -> dict[str, tuple[int, int]]:
    """Per game, the player's count of counted scores in the group and their changes: what each game's block of the
    player's page is made of, one row per game of the change counters (store/change_counters.py).
    Read once per page (played.one_view): the page's fingerprint and its pieces' keys."""
    key = (id(db), group_id, "player prints", player_id)
    return dict(in_view(key, lambda: _player_game_fingerprints(db, group_id, player_id)))


def _player_game_fingerprints(db: peewee.Database, group_id: int, player_id: int) -> dict[str, tuple[int, int]]:
    p, game = db.param, Score.game.python_value
    rows = db.execute_sql(
        f"SELECT game, counted, n FROM player_change WHERE group_id = {p} AND player_id = {p} AND counted > 0",
        (group_id, player_id),
    ).fetchall()
    return {game(code): (int(n), int(changes)) for code, n, changes in rows}


def player_game_rows(db: peewee.Database, group_id: int, player_id: int, slug: str | None = None) -> dict[str, list[tuple]]:
    """The player's counted plays in the group (of one game, or all), no details, by game, in the index's order: each
    the database's own tuple (game code, day number, solved, score, archive, id), for stats.record; a `Play` is made
    only of the few the page lists (`play_details`, `play_of`). The puzzle, its key and the flags of every play are
    not read: made into objects they cost a first view of a year's plays about 0.3 ms (quick bench, 586 plays)."""
    p = db.param
    sql = f"SELECT game, date, solved, score, archive, id FROM score WHERE group_id = {p} AND player_id = {p} AND counted"
    params = [group_id, player_id]
    if slug is not None:
        sql, params = sql + f" AND game = {p}", [*params, query_code(slug)]
    by_code: dict[int, list[tuple]] = {}
    for row in db.execute_sql(sql, params).fetchall():
        rows = by_code.get(row[0])
        if rows is None:
            rows = by_code[row[0]] = []
        rows.append(row)
    return {Score.game.python_value(code): rows for code, rows in by_code.items()}


ROW_ID = 5  # a row's score id in `player_game_rows`


def play_details(db: peewee.Database, ids: list[int]) -> dict[int, tuple]:
    """By score id, what `play_of` needs besides a row of `player_game_rows`: (puzzle, puzzle_key, hard_mode, late).
    A score gone since its row was read is not in it."""
    if not ids:
        return {}
    p = db.param
    sql = f"SELECT id, puzzle, puzzle_key, hard_mode, late FROM score WHERE id IN ({', '.join([p] * len(ids))})"
    return {row[0]: row[1:] for row in db.execute_sql(sql, ids).fetchall()}


def play_of(player_id: int, slug: str, row: tuple, details: tuple) -> Play:
    """A `Play` of one row of `player_game_rows` and its `play_details`."""
    _, day, solved, score, archive, _ = row
    puzzle, key, hard, late = details
    return Play(player_id, slug, puzzle, key, _day(day), bool(solved), score, bool(hard), bool(archive), bool(late), {})
