"""Murdle: the case's title, `Murdle for 12/8/2023` (month first), then `👤🔪🏡❓     🕰️` over
`✅✅✅✅     7️⃣:2️⃣4️⃣` (one mark per question, the time in keycaps), then `⚖️` and the verdict.

No puzzle number: the printed date is the puzzle. Score = seconds, lower is better; any ❌
is a failure. Sources: Trifase/giochini-bot games.py (Murdle examples); pmealey/wordle-random-start
scripts/test-data.json (Murdle) and lambdas/src/parsers/murdle-parser.ts.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date, keycap_digits

PATTERN = re.compile(
    r"(?<![A-Za-z#@/.])Murdle[ \t]+for[ \t]+(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})[^\n]*\n(?:[ \t]*\n)*[^\n]*\n"
    r"[ \t]*(?P<marks>[✅❌]+)[ \t]+(?P<t>[\d\u20e3:]+)",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    mins, _, secs = m.group("t").partition(":")
    if day is None or not keycap_digits(mins) or len(keycap_digits(secs)) != 2:
        return None
    failed = "❌" in m.group("marks")
    seconds = int(keycap_digits(mins)) * 60 + int(keycap_digits(secs))
    return Found(puzzle=None, date=day, solved=not failed, score=None if failed else seconds, details={"marks": m.group("marks")})


GAME = Game(
    slug="murdle", name="Murdle", url="https://murdle.com", unit="seconds", lower_is_better=True,
    fail_rule="excluded", parse=each(PATTERN, build), marker="murdle", names=("Murdle",),
)
