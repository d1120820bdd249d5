"""Framequiz: `Framequiz #702 - 🟩 ⬛️ ⬛️ - https://framequiz.com`, all on one line: three frames, the
first 🟩 the score (🟥 a wrong guess, ⬛ unused); no 🟩 is a failure.

Score = guesses, lower is better. Source: pmealey/wordle-random-start scripts/test-data.json
(Framequiz).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each
from .strips import cells, first_green

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Framequiz[ \t]+#(?P<n>{NUMBER})[ \t]+-[ \t]+"
    r"(?P<strip>[🟩🟥⬛⬜ \t]+?)[ \t]*(?:-|\n|$)",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    strip = cells(m.group("strip"), "🟩🟥⬛⬜")
    if strip is None or len(strip) != 3:
        return None
    score = first_green(strip)
    return Found(puzzle=to_int(m.group("n")), solved=score is not None, score=score, max=3, details={"strip": "".join(strip)})


GAME = Game(
    slug="framequiz", name="Framequiz", url="https://framequiz.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=3, marker="framequiz", names=("Framequiz",),
)
