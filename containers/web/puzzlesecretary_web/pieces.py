"""What each page is made of, read as a fingerprint that costs an index probe or two, not a render.

A cached page is kept under its path and the group's today, with the group revision it was
rendered at and the fingerprint of its pieces. The revision moves with every score of the
group, so most of the time it is the only thing a repeat view checks. When it has moved, the
app reads the page's fingerprint again: if the share that moved it is not among the page's
pieces (another player's share on a head-to-head, a Connections share on the Wordle
leaderboard, a late post dated last month on the board), the cached page is still right and is
served as it is, instead of being rendered again.

The pieces of each page, from what its function in pages.py reads:

| page | its scores | and |
|---|---|---|
| board | every game's, dated today | |
| leaderboard | its game's, in its period | the group's first day, for `all` |
| champion | every game's, in its period | the group's first day, for `all` |
| head-to-head | the two players', all dates | |
| player | the player's, all dates | |
| puzzle | its game's, its day and the 90 days before (the difficulty) | |
| not counted | (no fingerprint: rendered again after every change) | |

Every page also shows the members' names (the waiting list, the other players) and links to
the games the group plays, so those are part of every fingerprint.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES

from . import pages, player_page, versus_page


def _board(db: peewee.Database, group: pages.GroupRow, today: dt.date) -> tuple:
    # Its sections' fingerprints (sections.board_sections reads the same, once per view).
    return tuple(stats.day_fingerprints(db, group.id, today).items())


def _period(db: peewee.Database, group: pages.GroupRow, today: dt.date, period: str, game: str | None) -> tuple | None:
    if period not in stats.PERIODS:
        return None
    start, end = stats.period_range(period, today)
    first = stats.first_day(db, group.id) if start is None else None
    return stats.fingerprint(db, group.id, start, end, game=game), first


def _leaderboard(db: peewee.Database, group: pages.GroupRow, today: dt.date, slug: str, period: str = "month") -> tuple | None:
    return _period(db, group, today, period, slug) if slug in GAMES else None


def _champion(db: peewee.Database, group: pages.GroupRow, today: dt.date, period: str) -> tuple | None:
    return _period(db, group, today, period, None)


def _ids(*texts: str) -> tuple[int, ...] | None:
    """Player ids as the page reads them, or None (the page will answer 404 and is not worth a fingerprint)."""
    if not all(pages._ID.fullmatch(text) for text in texts):
        return None
    return tuple(int(text) for text in texts)


def _versus(db: peewee.Database, group: pages.GroupRow, today: dt.date, a: str, b: str) -> tuple | None:
    # Its blocks' fingerprints (versus_page.blocks reads the same, once per view).
    players = _ids(a, b)
    return None if players is None else tuple(stats.queries.pair_game_fingerprints(db, group.id, *players).items())


def _player(db: peewee.Database, group: pages.GroupRow, today: dt.date, pid: str) -> tuple | None:
    # Its games' pieces' fingerprints (player_page.game_pieces reads the same, once per view).
    players = _ids(pid)
    return None if players is None else tuple(stats.queries.player_game_fingerprints(db, group.id, *players).items())


def _puzzle(db: peewee.Database, group: pages.GroupRow, today: dt.date, slug: str, key: str) -> tuple | None:
    game = GAMES.get(slug)
    if game is None or not pages._KEY.fullmatch(key):
        return None
    try:
        on = game.date_of(int(key)) if key.isdigit() else dt.date.fromisoformat(key)
    except (ValueError, OverflowError):
        return None
    if on is None:  # found by its key alone, on any day: no narrow fingerprint
        return None
    # The days before as pages.puzzle_history reads them (once per view), and the day itself.
    before = stats.fingerprint(db, group.id, on - dt.timedelta(days=pages.LONG_RUN_DAYS), on - dt.timedelta(days=1), game=slug)
    return before, stats.fingerprint(db, group.id, on, on, game=slug)


# One line per page function of app.ROUTES; a page not named here is rendered again after every change.
PIECES: dict[Callable, Callable] = {
    pages.board: _board,
    pages.leaderboard: _leaderboard,
    pages.champion: _champion,
    versus_page.versus: _versus,
    player_page.player: _player,
    pages.puzzle: _puzzle,
}


def fingerprint(func: Callable, db: peewee.Database, group: pages.GroupRow, today: dt.date, parts: dict, *,
                shaped: bool = False) -> tuple | None:  # fmt: skip
    """The fingerprint of what the page `func` shows for these URL parts, or None when it has none.

    `shaped`: the database `remember_games` (the web's), inside `one_view` of the group as looked up, so the names
    and games the page reads are the ones kept under the group's shape (stats.queries.played.by_shape); then the
    shape stands for them, one number instead of every member's name (about 6 KB to hash on each stale view)."""
    of = PIECES.get(func)
    own = of(db, group, today, **parts) if of is not None else None
    if own is None:
        return None
    if shaped:
        return own, ("shape", group.shape)
    names = tuple(stats.member_names(db, group.id).items())
    return own, names, tuple(stats.games_played(db, group.id))
