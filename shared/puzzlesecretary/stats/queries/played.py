"""The games a group plays, and a memo of them by the group's revision for the read-only web.

`games_played` is read by nearly every query of a page (the (group, game, date) index needs
the games named) and costs one index probe per game. A group's games change only with its
scores, and `chat_group.revision` moves in the same transaction as any change to them, so a
reader that opted in (`remember_games`, the web on its read-only connection) keeps the list
under the revision it read *before* the probes: a list is never older than its revision, and
after any change the revision it is kept under is no longer the group's. A writer never opts
in: inside its own transaction the revision and the scores move apart.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any, Callable

import peewee

from ...games import GAMES, game_order
from ...store.gamecodes import game_slug

_READERS: weakref.WeakSet = weakref.WeakSet()
_KEPT: OrderedDict[tuple, tuple[int, Any]] = OrderedDict()
_LOCK = threading.Lock()
KEPT_GROUPS = 8192  # a few hundred bytes each: a group's games and its first day


def remember_games(db: peewee.Database) -> None:
    """Let `games_played` keep each group's games on this read-only database, by the group's revision."""
    _READERS.add(db)


def games_played(db: peewee.Database, group_id: int) -> list[str]:
    """The games the group has any result for, in the registry's order.

    One index probe per game (the next game number after the last one) instead of a DISTINCT
    that would read every score of the group; on a database that `remember_games`, one read of
    the group's revision while it has not moved.
    """
    return list(by_revision(db, group_id, "games", lambda: _probe(db, group_id)))


def by_revision(db: peewee.Database, group_id: int, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, kept as the group's `name` under the group's revision on a database that `remember_games`.

    What it returns must depend only on the group's scores, and is shared: the caller must not change it."""
    if db not in _READERS:
        return compute()
    row = db.execute_sql(f"SELECT revision FROM chat_group WHERE id = {db.param}", (group_id,)).fetchone()
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


def forget_games() -> None:
    """Drop every kept list (a benchmark's cold start)."""
    with _LOCK:
        _KEPT.clear()


def _probe(db: peewee.Database, group_id: int) -> list[str]:
    sql = f"SELECT MIN(game) FROM score WHERE group_id = {db.param} AND game > {db.param}"
    found, last = [], -1
    for _ in range(len(GAMES) + 100):  # bounded: at most every registered game, and some retired
        (code,) = db.execute_sql(sql, (group_id, last)).fetchone()
        if code is None:
            break
        found.append(game_slug(code))
        last = code
    return sorted((slug for slug in found if slug in GAMES), key=game_order)
