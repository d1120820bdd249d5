"""The module games as the table knows them before their modules are imported: module_games.json.

A module game's module (its parser and the regular expressions it compiles) is imported the first
time its `parse` is called, not when the table is read. The web reads every game's name, rules and
calendar and never parses: importing the 117 modules at start held 1.1 MiB of its memory
(docs/performance.md, "Issue 16, round 6: the web's memory"). An ingest imports a game's module at
its first share that passes the game's gate.

module_games.json holds, for each module, what its GAME says but its parser. It is written from
the modules by `.venv/bin/python -m puzzlesecretary.games.write_catalog`; a module whose GAME no longer
matches it stops its own first parse with a TableError that says so, and
tests/games/test_lazy_module_games.py fails until it is written again. A module missing from the
file is imported when the table is read, as before.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import threading
from pathlib import Path
from typing import Any, Iterable

from .base import Calendar, Game

CATALOG = Path(__file__).with_name("module_games.json")
COMMAND = ".venv/bin/python -m puzzlesecretary.games.write_catalog"
# Every field of Game but `parse` (the module's) and `reset` (the table's, added by declared._with_reset).
FIELDS = ("slug", "name", "url", "unit", "lower_is_better", "fail_rule", "calendar", "max", "marker", "names", "needles")


class StaleCatalog(ValueError):
    """module_games.json says something else than a module's GAME."""


def described(game: Game) -> dict[str, Any]:
    """What module_games.json keeps of a module's GAME: everything but its parser (and the table's reset)."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(game, name)
        if isinstance(value, Calendar):
            value = {"number": value.number, "day": value.day.isoformat(), "period_days": value.period_days}
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


class ModuleParse:
    """A module game's parse: imports the module at the first call, checks its GAME against the catalog, then calls its parser."""

    __slots__ = ("module", "game", "_parse", "_lock")

    def __init__(self, module: str, game: Game | None = None) -> None:
        self.module = module
        self.game = game  # the Game this parses for, as the catalog describes it (set by cataloged_game)
        self._parse = None
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Iterable:
        parse = self._parse
        if parse is None:
            parse = self._load()
        return parse(text)

    def _load(self):
        with self._lock:
            if self._parse is None:
                game = importlib.import_module(f"{__package__}.{self.module}").GAME
                if self.game is not None and described(game) != described(self.game):
                    raise StaleCatalog(
                        f"games/module_games.json is out of date for the module {self.module!r} (its GAME says otherwise):"
                        f" write it again with {COMMAND}"
                    )
                self._parse = game.parse
            return self._parse

    def __copy__(self) -> ModuleParse:
        return self  # as a function is: copies of a Game (dataclasses.asdict, copy.deepcopy) share its parser

    def __deepcopy__(self, memo: dict) -> ModuleParse:
        return self

    def __repr__(self) -> str:
        return f"<parse of games.{self.module}, {'imported' if self._parse else 'imported at its first call'}>"


def read_catalog() -> dict[str, dict[str, Any]]:
    """module_games.json: each module's game, described; {} when there is none. Read once per table, not kept."""
    try:
        return json.loads(CATALOG.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def cataloged_game(module: str, catalog: dict[str, dict[str, Any]]) -> Game | None:
    """The module's game as the catalog describes it, its parser imported at its first call; None when not there."""
    meta = catalog.get(module)
    if meta is None:
        return None
    cal = meta["calendar"]
    parse = ModuleParse(module)
    parse.game = Game(
        slug=meta["slug"],
        name=meta["name"],
        url=meta["url"],
        unit=meta["unit"],
        lower_is_better=meta["lower_is_better"],
        fail_rule=meta["fail_rule"],
        parse=parse,
        calendar=None if cal is None else Calendar(cal["number"], dt.date.fromisoformat(cal["day"]), cal["period_days"]),
        max=meta["max"],
        marker=meta["marker"],
        names=tuple(meta["names"]),
        needles=tuple(meta["needles"]),
    )
    return parse.game


def catalog_text(modules: Iterable[str]) -> str:
    """module_games.json for these modules, from their GAMEs (imported here)."""
    games = {m: described(importlib.import_module(f"{__package__}.{m}").GAME) for m in modules}
    return json.dumps(games, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
