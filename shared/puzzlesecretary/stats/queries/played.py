"""The games a group plays, and a memo of them by the group's revision for the read-only web.

`games_played` is read by nearly every query of a page (the (group, game, date) index needs
the games named) and costs one index probe per game. A group's games change only with its
scores, and `chat_group.revision` moves in the same transaction as any change to them, so a
reader that opted in (`remember_games`, the web on its read-only connection) keeps the list
under the revision it read *before* the probes: a list is never older than its revision, and
after any change the revision it is kept under is no longer the group's. A writer never opts
in: inside its own transaction the revision and the scores move apart.

The games and the members' names (boards.member_names) are kept under the group's shape instead
(`by_shape`, store/group_shape.py): a counter that triggers move only when a member comes or goes, a
name or an opt-out changes or a game comes or goes, so a share of a game the group plays keeps them.

Within one page's rendering (`one_view`, which the web opens around each), what `by_revision`
keeps and the members' names are read once, however many of the page's queries ask.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import OrderedDict
from contextvars import ContextVar
from typing import Any, Callable, Iterable

import peewee

from ...games import GAMES, game_order
from ...store.gamecodes import game_slug, query_code

_READERS: weakref.WeakSet = weakref.WeakSet()
_KEPT: OrderedDict[tuple, tuple[int, Any]] = OrderedDict()
_LOCK = threading.Lock()
_SEEN: ContextVar[dict | None] = ContextVar("puzzlesecretary_view", default=None)
KEPT_GROUPS = 8192  # a few hundred bytes each: a group's games and its first day
_SHAPED: OrderedDict[tuple, tuple[int, Any]] = OrderedDict()
KEPT_SHAPED = 1024  # a group's games (a few hundred bytes) and its members' names (about 100 bytes a member)


def remember_games(db: peewee.Database) -> None:
    """Let `games_played` keep each group's games on this read-only database, by the group's revision."""
    _READERS.add(db)


def games_played(db: peewee.Database, group_id: int) -> list[str]:
    """The games the group has any result for, in the registry's order.

    One index probe per game (the next game number after the last one) instead of a DISTINCT
    that would read every score of the group; on a database that `remember_games`, one read of
    the group's revision while it has not moved.
    """
    return list(by_shape(db, group_id, "games", lambda: _probe(db, group_id)))


def by_revision(db: peewee.Database, group_id: int, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept as the group's `name` under the group's revision on a database that `remember_games`.

    What it returns must depend only on the group's scores, and is shared: the caller must not change it."""
    if db not in _READERS:
        return compute()
    return in_view((id(db), group_id, name), lambda: _kept(db, group_id, name, compute))


def _kept(db: peewee.Database, group_id: int, name: str, compute: Callable[[], Any]) -> Any:
    row = in_view((id(db), group_id, "revision"), lambda: _revision(db, group_id))
    if row is None:
        return compute()
    key = (id(db), db.database, group_id, name)
    with _LOCK:
        kept = _KEPT.get(key)
        if kept is not None and kept[0] == row[0]:
            _KEPT.move_to_end(key)
            return kept[1]
    value = compute()
    with _LOCK:
        _KEPT[key] = (row[0], value)
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_GROUPS:
            _KEPT.popitem(last=False)
    return value


def by_shape(db: peewee.Database, group_id: int, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept as the group's `name` under the group's shape (store/group_shape.py) on a database that
    `remember_games`: for what depends only on the group's members, their names and opt-outs, and the games it plays,
    which the shape moves with (in the writer's transaction). Read before `compute`, the shape is never newer than
    the value kept under it. Shared: the caller must not change it."""
    if db not in _READERS:
        return compute()
    return in_view((id(db), group_id, name), lambda: _shaped(db, group_id, name, compute))


def _shaped(db: peewee.Database, group_id: int, name: str, compute: Callable[[], Any]) -> Any:
    shape = in_view((id(db), group_id, "shape"), lambda: _shape(db, group_id))
    key = (id(db), db.database, group_id, name)
    with _LOCK:
        kept = _SHAPED.get(key)
        if kept is not None and kept[0] == shape:
            _SHAPED.move_to_end(key)
            return kept[1]
    value = compute()
    with _LOCK:
        _SHAPED[key] = (shape, value)
        _SHAPED.move_to_end(key)
        while len(_SHAPED) > KEPT_SHAPED:
            _SHAPED.popitem(last=False)
    return value


def _shape(db: peewee.Database, group_id: int) -> int:
    row = db.execute_sql(f"SELECT n FROM group_shape WHERE group_id = {db.param}", (group_id,)).fetchone()
    return 0 if row is None else row[0]


def forget_games() -> None:
    """Drop every kept list and name (a benchmark's cold start)."""
    with _LOCK:
        _KEPT.clear()
        _SHAPED.clear()


def _revision(db: peewee.Database, group_id: int) -> tuple | None:
    return db.execute_sql(f"SELECT revision FROM chat_group WHERE id = {db.param}", (group_id,)).fetchone()


def _probe(db: peewee.Database, group_id: int) -> list[str]:
    """Every game number of the group's scores by a skip scan of the (group, game, date) index in one statement:
    each step one probe for the next game number after the last (the same on SQLite and PostgreSQL)."""
    p = db.param
    rows = db.execute_sql(
        "WITH RECURSIVE played(code) AS ("
        f" SELECT (SELECT MIN(game) FROM score WHERE group_id = {p})"
        f" UNION ALL SELECT (SELECT MIN(game) FROM score WHERE group_id = {p} AND game > played.code)"
        " FROM played WHERE played.code IS NOT NULL"
        ") SELECT code FROM played WHERE code IS NOT NULL",
        (group_id, group_id),
    ).fetchall()
    found = [game_slug(code) for (code,) in rows[: len(GAMES) + 100]]
    return sorted((slug for slug in found if slug in GAMES), key=game_order)


def games_in(db: peewee.Database, games: Iterable[str]) -> tuple[str, list[int]]:
    """`game IN (...)` for these games and its parameters (the (group, game, date) index needs the games
    named); no game gives a list that matches none."""
    codes = [query_code(slug) for slug in games] or [-1]
    return f"game IN ({', '.join([db.param] * len(codes))})", codes


def one_view(db: peewee.Database | None = None, group_id: int | None = None, revision: int | None = None,
             shape: int | None = None) -> contextlib.AbstractContextManager:  # fmt: skip
    """While it lasts (one page's rendering, in one thread), `in_view` answers each key once.

    A group's revision the caller read already (the web's group lookup, before any of the page's reads) is taken
    as the one `by_revision` keeps values under, instead of being read again: read before them, it is no newer."""
    seen = {} if db is None else {(id(db), group_id, "revision"): (revision,)}
    if db is not None and shape is not None:  # the group's shape read with it, the same: what `by_shape` keeps under
        seen[(id(db), group_id, "shape")] = shape
    return _view(seen)


@contextlib.contextmanager
def _view(seen: dict):
    token = _SEEN.set(seen)
    try:
        yield
    finally:
        _SEEN.reset(token)


def in_view(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per `key` inside `one_view` (outside it, every time)."""
    seen = _SEEN.get()
    if seen is None:
        return compute()
    if key not in seen:
        seen[key] = compute()
    return seen[key]
