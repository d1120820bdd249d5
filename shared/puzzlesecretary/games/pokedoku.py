"""PokeDoku: `🌟 PokeDoku Champion 🌟` or `🔴 PokeDoku Summary ⚪️`, `📅 2026-09-12` (or `By: <name>` for a
shared custom board, or `🎁 Bonus Puzzle`), `Score: 7/9`, uniqueness lines, the 3×3 grid, the URL.

No puzzle number: the printed date is the puzzle; a share without a date (a custom board) is
not the daily and is not read. Score = cells right out of 9, higher is better; solved at 9/9.
Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (pokedoku).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date

PATTERN = re.compile(
    r"PokeDoku[ \t]+(?:Champion|Summary)[^\n]*\n[ \t]*📅[ \t]*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[ \t]*\n"
    r"(?P<bonus>[ \t]*🎁[^\n]*\n)?(?:[ \t]*\n)*[ \t]*Score:[ \t]*(?P<s>\d)/9",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    if day is None:
        return None
    details = {"variant": "bonus"} if m.group("bonus") else {}
    return Found(puzzle=None, date=day, solved=m.group("s") == "9", score=int(m.group("s")), max=9, details=details)


GAME = Game(
    slug="pokedoku", name="PokeDoku", url="https://pokedoku.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=9, marker="pokedoku", names=("PokeDoku",),
)
