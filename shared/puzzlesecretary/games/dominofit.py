"""Domino Fit: `DOMINO FIT #42 6x6`, a line of medals (🏅 and 🧙 or ✅ per level), then the time in
keycaps after a watch: `⌚️0️⃣4️⃣5️⃣` is 0:45 (the last two digits are the seconds).

Score = seconds, lower is better; the board size is the variant (6x6 is the daily; 7x7 and
8x8 keep their own score). Source: Trifase/giochini-bot games.py (DominoFit examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each, keycap_digits

PATTERN = re.compile(
    rf"DOMINO[ \t]+FIT[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<size>\d+x\d+)[^\n]*\n[^\n]*\n[ \t]*⌚[ \t]*(?P<t>(?:\d\u20e3){{3,4}})", re.I
)


def build(m: re.Match[str]) -> Found | None:
    digits = keycap_digits(m.group("t"))
    if int(digits[-2:]) >= 60:
        return None
    details = {} if m.group("size") == "6x6" else {"variant": m.group("size")}
    return Found(puzzle=to_int(m.group("n")), solved=True, score=int(digits[:-2]) * 60 + int(digits[-2:]), details=details)


GAME = Game(
    slug="dominofit", name="Domino Fit", url="https://dominofit.isotropic.us", unit="seconds", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="domino fit", names=("Domino Fit",),
)
