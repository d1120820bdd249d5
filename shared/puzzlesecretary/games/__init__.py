"""Every game PuzzleSecretary reads, registered in one explicit table: table.toml.

A game that needs real code is a module in this folder that defines `GAME`, named in the
table; a game of a known shape is declared in the table as data (declared.py reads it).
docs/adding-a-game.md shows both, with the fixtures each game needs in tests/fixtures/<slug>/.
"""

from __future__ import annotations

from .base import FAIL_RULES, Calendar, Game
from .declared import TABLE, load

GAMES: dict[str, Game] = load(TABLE.read_text(encoding="utf-8"))

__all__ = ["GAMES", "FAIL_RULES", "Calendar", "Game"]
