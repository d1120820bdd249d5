"""The `I found #<Game> hero #2 in classic mode in 3 tries` sentence of the hero-guessing games
(Overwatchdle, Rivalsdle: `... hero #286 with a video in 4 tries`).

The score is the tries, lower is better; no failure is shared. Sources:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (overwatchdle, rivalsdle).
The modules overwatchdle.py and rivalsdle.py each register one game.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, to_int
from .sharetext import each


def reader(name: str):
    pattern = re.compile(
        rf"I[ \t]+found[ \t]+#{name}[ \t]+hero[ \t]+#(?P<n>{NUMBER})[^\n]*?[ \t]in[ \t]+(?P<g>\d+)[ \t]+tr(?:y|ies)\b", re.I
    )
    return each(pattern, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=int(m.group("g"))))
