"""Originle: `Originle #2 · 10,000`, then `🟩 · 1/8 clues` (one square per guess: 🟥 wrong, 🟩 found,
🏳️ gave up) and the URL.

Score = points, higher is better; solved when a 🟩 is in the guesses. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (originle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import amount, each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Originle[ \t]+#(?P<n>{NUMBER})[ \t]*·[ \t]*(?P<s>\d{{1,2}}(?:[.,]\d{{3}})?|\d{{1,5}})[ \t]*\n"
    r"[ \t]*(?P<guesses>[🟥🟩🏳]+)",
    re.I,
)

GAME = Game(
    slug="originle", name="Originle", url="https://originle.io", unit="points", lower_is_better=False,
    fail_rule="as_printed", max=10000, marker="originle", names=("Originle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved="🟩" in m.group("guesses"),
                                        score=amount(m.group("s")), max=10000) if amount(m.group("s")) <= 10000 else None),
)
