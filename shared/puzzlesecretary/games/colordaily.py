"""Dialed's Color Daily: `Color Daily — Sep 18`, then `40.49/50 🟩🟨🟨🟧🟨` and the dialed.gg URL.

The header's month and day have no year: the share is of the day it is sent. Score = points
out of 50 with hundredths, higher is better. Dialed's other dailies (`Color2 Daily`, `Time
Daily`) are other games. Sources: Trifase/giochini-bot games.py (Color example); a public
Discord score bot's parser docstring (index file 69719238604).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(
    r"(?<![A-Za-z0-9])Color[ \t]+Daily[ \t]+[—–-][ \t]+[A-Z][a-z]{2}"
    r"[ \t]+\d{1,2}[ \t]*\n[ \t]*(?P<s>\d{1,2}(?:\.\d{1,2})?)/50(?!\d)"
)

GAME = Game(
    slug="colordaily", name="Dialed Color Daily", url="https://dialed.gg/color", unit="points", lower_is_better=False,
    fail_rule="as_printed", max=50, marker="color daily", names=("Color Daily",),
    parse=each(PATTERN, lambda m: Found(puzzle=None, solved=True, score=float(m.group("s")), max=50)
               if float(m.group("s")) <= 50 else None),
)
