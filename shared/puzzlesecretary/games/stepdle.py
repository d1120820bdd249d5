"""Stepdle: `Stepdle #536`, then `16/20 4-4 5-3 6-4 7-5` (guesses used of 20, then the guesses per
word length), then the rows of the four words (4 to 7 letters).

Score = guesses out of 20, lower is better; solved when the last row is all 🟩 (the seven-letter
word found). Source: Trifase/giochini-bot games.py (Stepdle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .grids import grid_after
from .sharetext import each

PATTERN = re.compile(rf"(?<![A-Za-z#@/.])Stepdle[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*(?P<s>\d{{1,2}})/20(?![\d/])", re.I)


def parse(text: str):
    def build(m: re.Match[str]) -> Found | None:
        guesses = int(m.group("s"))
        rows = grid_after(text, m.end(), "🟩🟨⬜⬛", limit=20)
        if not 4 <= guesses <= 20:
            return None
        solved = bool(rows) and len(rows[-1]) == 7 and set(rows[-1]) == {"🟩"}
        return Found(puzzle=to_int(m.group("n")), solved=solved, score=guesses if solved else None, max=20)

    yield from each(PATTERN, build)(text)


GAME = Game(
    slug="stepdle", name="Stepdle", url="https://www.stepdle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=parse, max=20, marker="stepdle", names=("Stepdle",),
)
