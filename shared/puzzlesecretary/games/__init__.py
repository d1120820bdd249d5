"""Every game PuzzleSecretary reads, registered in one explicit table: table.toml.

A game that needs real code is a module in this folder that defines `GAME`, named in the
table; a game of a known shape is declared in the table as data (declared.py reads it).
docs/adding-a-game.md shows both, with the fixtures each game needs in tests/fixtures/<slug>/.
"""

from __future__ import annotations

from .base import FAIL_RULES, Calendar, Game, clock_text
from .declared import TABLE, load

GAMES: dict[str, Game] = load(TABLE.read_text(encoding="utf-8"))

_ORDER = {slug: n for n, slug in enumerate(GAMES)}


def game_order(slug: str) -> int:
    """Where a game sits in the registry's table: pages list games in that order."""
    return _ORDER.get(slug, len(_ORDER))


def format_score(slug: str, score: float | None, solved: bool) -> str:
    """A play as the board and the pages print it; a game no longer registered reads plainly."""
    game = GAMES.get(slug)
    if game is not None:
        return game.format_score(score, solved)
    if not solved or score is None:
        return "solved" if solved else "failed"
    return f"{score:g}"


__all__ = ["GAMES", "FAIL_RULES", "Calendar", "Game", "clock_text", "format_score", "game_order"]
