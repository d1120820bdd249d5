"""Disorderly: `I just played Disorderly! - Sort these <things> by <measure>`, the URL, then six rows
`1️⃣ 🔴 🔴 🟢` (one circle per try at placing that item; 🟢 once it is in place).

No puzzle number: the share is of the day it is sent. Score = the tries the slowest item took
(the longest row), lower is better; every share is solved. Sources:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (disorderly); Trifase/giochini-bot
games.py (Disorderly examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each

PATTERN = re.compile(
    r"I[ \t]+just[ \t]+played[ \t]+Disorderly!(?P<body>(?:[^\n]*\n){1,4}(?:"
    r"[ \t]*\d\u20e3[ \t]*(?:[🔴🟢][ \t]*)+(?:\n|$)){6})",
    re.I,
)
ROW = re.compile(r"\d\u20e3[ \t]*(?P<row>(?:[🔴🟢][ \t]*)+)")


def build(m: re.Match[str]) -> Found | None:
    rows = [r.group("row").replace(" ", "").replace("\t", "") for r in ROW.finditer(m.group("body"))]
    if len(rows) != 6 or not all(r.endswith("🟢") for r in rows):
        return None
    return Found(puzzle=None, solved=True, score=max(len(r) for r in rows), details={"rows": rows})


GAME = Game(
    slug="disorderly", name="Disorderly", url="https://playdisorderly.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="disorderly", names=("Disorderly",),
)
