"""Absurdle: `Absurdle 5/∞`, a blank line, one row of five squares per guess.

No puzzle number (every share is of the day it is sent) and no failure: score = guesses,
lower is better. Source: pmealey/wordle-random-start scripts/test-data.json (Absurdle) and
lambdas/src/parsers/absurdle-parser.ts.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(r"(?<![A-Za-z#@/.])Absurdle[ \t]+(?P<g>\d{1,3})/∞")

GAME = Game(
    slug="absurdle", name="Absurdle", url="https://qntm.org/files/absurdle/absurdle.html", unit="guesses",
    lower_is_better=True, fail_rule="excluded", marker="absurdle", names=("Absurdle",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=int(m.group("g"))) if int(m.group("g")) else None),
)
