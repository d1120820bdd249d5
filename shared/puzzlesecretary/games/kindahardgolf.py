"""Kinda Hard Golf: `kindahard.golf 01/25` (month and day, no year), a blank line, `📝 10` (the total
strokes), then one line per hole.

The share is of the day it is sent. Score = total strokes, lower is better. Source:
pmealey/wordle-random-start scripts/test-data.json (Kinda Hard Golf) and
lambdas/src/parsers/kindahardgolf-parser.ts.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(r"kindahard\.golf[ \t]+\d{2}/\d{2}[ \t]*\n(?:[ \t]*\n)*[ \t]*📝[ \t]*(?P<s>\d{1,3})(?!\d)", re.I)

GAME = Game(
    slug="kindahardgolf", name="Kinda Hard Golf", url="https://kindahard.golf", unit="steps", lower_is_better=True,
    fail_rule="excluded", marker="kindahard", names=("Kinda Hard Golf",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=int(m.group("s")))),
)
