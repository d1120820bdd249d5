"""Letterle: `Letterle 7/26`, guessing one letter of the alphabet (26 guesses at most).

No puzzle number: the share is of the day it is sent. Score = guesses, lower is better.
Source: a public Discord bot's share table, `# Letterle 7/26` (index files 10029584038,
9925554911 and their copies).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(r"(?<![A-Za-z#@/.])Letterle[ \t]+(?P<g>\d{1,2})/26(?!\d)", re.I)

GAME = Game(
    slug="letterle", name="Letterle", url="https://edjefferson.com/letterle/", unit="guesses", lower_is_better=True,
    fail_rule="excluded", max=26, marker="letterle", names=("Letterle",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=int(m.group("g")), max=26)
               if 1 <= int(m.group("g")) <= 26 else None),
)
