"""Flipple: `Flipple #96 ⬇️`, one row of squares per guess (five, or four on some days), `flipple.clevergoat.com 🐐`.

Score = the rows, lower is better; solved when the last row is all 🟩. `Flipple 4 #196` (four
letters) is another mode and is not read. Source: Trifase/giochini-bot games.py (Flipple
examples, which ignore the Flipple 4 share).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .grids import grid_after
from .sharetext import each

PATTERN = re.compile(rf"(?<![A-Za-z#@/.])Flipple[ \t]+#(?P<n>{NUMBER})[^\n]*$", re.I | re.M)


def parse(text: str):
    def build(m: re.Match[str]) -> Found | None:
        rows = grid_after(text, m.end(), "🟩⬜⬛🟨", limit=12)
        if not rows:
            return None
        solved = set(rows[-1]) == {"🟩"}
        return Found(puzzle=to_int(m.group("n")), solved=solved, score=len(rows) if solved else None)

    yield from each(PATTERN, build)(text)


GAME = Game(
    slug="flipple", name="Flipple", url="https://flipple.clevergoat.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=parse, marker="flipple", names=("Flipple",),
)
