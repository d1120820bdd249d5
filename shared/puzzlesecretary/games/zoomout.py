"""ZoomOut: `🔎 ZoomOut 2026-07-28: 🟩⬛⬛⬛⬛ 🤓` on one line, then the URL.

No puzzle number: the printed date is the puzzle. Score = the position of 🟩 (five at most),
lower is better; no 🟩 is a failure. Source: plasticmacaroni/PuzzleTracker
tests/fixtures/share-texts.json (zoomout).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date
from .strips import first_green

PATTERN = re.compile(r"ZoomOut[ \t]+(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}):[ \t]*(?P<strip>[🟩🟥🟧🟨⬛⬜]{5})", re.I)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    if day is None:
        return None
    score = first_green(list(m.group("strip")))
    return Found(puzzle=None, date=day, solved=score is not None, score=score, max=5, details={"strip": m.group("strip")})


GAME = Game(
    slug="zoomout", name="ZoomOut", url="https://zoomout.videoludid.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=5, marker="zoomout", names=("ZoomOut",),
)
