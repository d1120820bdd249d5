"""Thrice: `Thrice Game #1191 → 13 points!` (or `→ I got a perfect score on today's Thrice!`), then
`🎲: 3️⃣3️⃣3️⃣1️⃣3️⃣` (points per round, ❌ none) and the URL.

Score = points out of 15, higher is better; a perfect score is 15. Sources:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (thrice); pmealey/wordle-random-start
scripts/test-data.json (Thrice).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"Thrice[ \t]+Game[ \t]+#(?P<n>{NUMBER})[ \t]+→[ \t]+"
    r"(?:(?P<s>\d{1,2})[ \t]+points?|(?P<perfect>I[ \t]+got[ \t]+a[ \t]+perfect))",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    score = 15 if m.group("perfect") else int(m.group("s"))
    if score > 15:
        return None
    return Found(puzzle=to_int(m.group("n")), solved=True, score=score, max=15)


GAME = Game(
    slug="thrice", name="Thrice", url="https://thricegame.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=15, marker="thrice", names=("Thrice",),
)
