"""Flickle: `#Flickle #1067`, a blank line, `🎬⬛️⬛️⬛️🟩⬜️⬜️` (⬛ a skip, 🟥 a wrong guess, the first 🟩 the
score; a failure ends on ❌ with no 🟩), then the streak lines and the URL.

Score = the position of 🟩 (six at most), lower is better. Source: Trifase/giochini-bot games.py
(Flickle examples).
"""

from __future__ import annotations

import re

from ..results import Found, Rejection
from .base import NUMBER, Game, to_int
from .sharetext import each
from .strips import cells, first_green

PATTERN = re.compile(rf"#Flickle[ \t]+#(?P<n>{NUMBER})[ \t]*\n(?:[ \t]*\n)*[ \t]*(?P<strip>[^\n]+)", re.I)


def build(m: re.Match[str]) -> Found | Rejection:
    puzzle = to_int(m.group("n"))
    strip = cells(m.group("strip").rstrip("❌ \t"), "🟩🟥⬛⬜", "🎬")
    if strip is None or len(strip) != 6:
        return Rejection("flickle", "a Flickle header with no strip of six under it does not count", puzzle)
    score = first_green(strip)
    return Found(puzzle=puzzle, solved=score is not None, score=score, max=6, details={"strip": "".join(strip)})


GAME = Game(
    slug="flickle", name="Flickle", url="https://flickle.app", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="flickle", names=("Flickle",),
)
