"""Reversle: `Reversle #966 65.47s`, then rows with the time each took, reversle.net.

Score = the total seconds, lower is better. Source: Trifase/giochini-bot games.py (Reversle
examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import duration, each

PATTERN = re.compile(rf"(?<![A-Za-z#@/.])Reversle[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<t>\d+(?:\.\d+)?s)\b", re.I)

GAME = Game(
    slug="reversle", name="Reversle", url="https://reversle.net", unit="seconds", lower_is_better=True,
    fail_rule="excluded", marker="reversle", names=("Reversle",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=duration(m.group("t")))),
)
