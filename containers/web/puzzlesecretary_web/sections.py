"""The board's sections, one per game, rendered and kept on their own.

A section is kept under what it shows: the game's scores of the day (their count and sum of ids,
stats.fingerprint, from an index alone), the members' names and the group's token. So a share of
one game renders that game's section again and leaves the others' as they were; the board
around them (the day's leaders, the players) is cheap to make. The cache is bounded in bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import bottle
import peewee

from puzzlesecretary import stats
from puzzlesecretary.games import GAMES, game_order

from .cache import PageCache

SECTIONS = PageCache(2 << 20)
VIEWS = [str(Path(__file__).resolve().parent / "views")]


def board_sections(
    db: peewee.Database, group, today: dt.date, names: dict[int, str], shape: Callable, helpers: dict
) -> tuple[list[str], dict | None]:
    """The sections of the games played `today` as HTML, in the table's order, and the day's results when they were
    read for all games (None: only some sections were made again). `shape(game, entries, names)` is what one shows."""
    shown, prints = tuple(names.items()), stats.day_fingerprints(db, group.id, today)
    games = [GAMES[slug] for slug in sorted(prints, key=game_order) if slug in GAMES]
    keys = {g.slug: (db.database, group.id, group.token, today, g.slug, prints.get(g.slug), shown) for g in games}
    found = {slug: SECTIONS.get(key) for slug, key in keys.items()}
    missing = [slug for slug, html in found.items() if html is None]
    results = None
    if missing:  # one read of the day's plays with their grids: of the one game that changed, or of all
        one = len(missing) == 1 and len(games) > 1
        results = stats.day_results(db, group, today, game=missing[0] if one else None, names=names)
        for game in games:
            if found[game.slug] is None:
                section = shape(game, results.get(game.slug, []), names)
                html = "" if section is None else bottle.template("board_section", template_lookup=VIEWS, s=section, group=group,
                                                                   h=helpers).removesuffix("\n")  # board.tpl ends its line
                found[game.slug] = html
                SECTIONS.put(keys[game.slug], html)
        results = None if one else results
    return [html for html in found.values() if html], results
