"""Scrandle: `🟩🟥🟥🟩🟩🟩🟩🟩🟩🟩 8/10 | 2026-10-03 | https://scrandle.com`, on one line.

No puzzle number: the printed date is the puzzle. Score = right picks out of 10, higher is
better. `| Practice |` rounds and `Super Scrandle` are not the daily. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (scrandle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date

PATTERN = re.compile(
    r"(?P<s>\d{1,2})/10[ \t]*\|[ \t]*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[ \t]*\|[ \t]*"
    r"(?:https?://)?(?:www\.)?scrandle\.com",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    if day is None or int(m.group("s")) > 10:
        return None
    return Found(puzzle=None, date=day, solved=True, score=int(m.group("s")), max=10)


GAME = Game(
    slug="scrandle", name="Scrandle", url="https://scrandle.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=10, marker="scrandle", names=("Scrandle",),
)
