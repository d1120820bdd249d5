"""Anthropeum: `Anthropeum.com · Oct 8 2026`, a row of ten squares, then `92,494 · top 2% of
players today!` (the rank part may be missing).

No puzzle number: the printed date is the puzzle. Score = points, higher is better; every
share is a play. Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json
(anthropeum).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import MONTH_DATE, amount, each, month_date

PATTERN = re.compile(
    rf"Anthropeum\.com[ \t]*·[ \t]*{MONTH_DATE}[ \t]*\n[ \t]*[🟦🟨🟩🟥🟧⬜⬛]+"
    rf"[ \t]*\n[ \t]*(?P<s>\d{{1,3}}(?:[.,  ]\d{{3}})*)(?![\d.,])",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = month_date(m)
    return None if day is None else Found(puzzle=None, date=day, solved=True, score=amount(m.group("s")))


GAME = Game(
    slug="anthropeum", name="Anthropeum", url="https://anthropeum.com", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), marker="anthropeum", names=("Anthropeum",),
)
