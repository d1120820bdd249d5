"""Daily Crosswordle: `Daily Crosswordle 809: 10m 34s` (or `45s`), then the grid to rebuild.

Score = seconds, lower is better. `Crosswordle 745 (en) 2/10` is another game (crosswordle2).
Source: pmealey/wordle-random-start scripts/test-data.json (Crosswordle 1) and
lambdas/src/parsers/crosswordle1-parser.ts.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import duration, each

PATTERN = re.compile(rf"Daily[ \t]+Crosswordle[ \t]+#?(?P<n>{NUMBER}):[ \t]+(?P<t>(?:\d+m[ \t]*)?\d+s|\d+m)\b", re.I)

GAME = Game(
    slug="crosswordle", name="Daily Crosswordle", url="https://crosswordle.vercel.app", unit="seconds",
    lower_is_better=True, fail_rule="excluded", marker="crosswordle", names=("Daily Crosswordle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=duration(m.group("t")))),
)
