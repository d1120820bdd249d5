"""Spellcheck: `Spellcheck #418`, three rows of five squares (🟩 a word spelled right, 🟥 wrong),
then https://spellcheckgame.com/.

Score = the 🟩 count out of 15, higher is better; every share is a play. Sources:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (spellcheck-game);
Trifase/giochini-bot games.py (Spellcheck examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .grids import grid_after
from .sharetext import each

PATTERN = re.compile(rf"(?<![A-Za-z#@/.])Spellcheck[ \t]+#(?P<n>{NUMBER})[ \t]*$", re.I | re.M)


def parse(text: str):
    def build(m: re.Match[str]) -> Found | None:
        rows = grid_after(text, m.end(), "🟩🟥", width=5, limit=3)
        if len(rows) != 3:
            return None
        right = sum(row.count("🟩") for row in rows)
        return Found(puzzle=to_int(m.group("n")), solved=True, score=right, max=15, details={"grid": rows})

    yield from each(PATTERN, build)(text)


GAME = Game(
    slug="spellcheck", name="Spellcheck", url="https://spellcheckgame.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=parse, max=15, marker="spellcheck", names=("Spellcheck",),
)
