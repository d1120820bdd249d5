"""Fermi: `Fermi · No. 50`, one line per question (`01  1.02×`, how many times off the answer was),
a rule, then `1.03× score · top 1%` and the URL.

Score = the overall factor, lower is better (1.00× is exact); every share is a play. Sources:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (fermi); a vitest fixture of
player pastes (index file 65822122490).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import amount, each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Fermi[ \t]*·[ \t]*No\.[ \t]*(?P<n>{NUMBER})(?:\n[^\n]*){{1,8}}?\n[ \t]*(?P<s>[\d.,]+)×[ \t]+score", re.I
)

GAME = Game(
    slug="fermi", name="Fermi", url="https://fermi.gg", unit="points", lower_is_better=True,
    fail_rule="as_printed", marker="fermi", names=("Fermi",),
    parse=each(PATTERN, lambda m: Found(puzzle=to_int(m.group("n")), solved=True, score=amount(m.group("s")))),
)
