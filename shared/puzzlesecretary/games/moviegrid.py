"""Movie Grid: `Movie Grid - 10/04/2026:` (month first), `9/9 Correct`, `Score: 2685`, the 3×3 grid,
the URL. The `Off Script` boards (`Movie Grid - Off Script 161:`) are not the daily.

No puzzle number: the printed date is the puzzle. Score = cells right out of 9, higher is
better; solved at 9/9. Source: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json
(moviegrid).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date

PATTERN = re.compile(
    r"Movie[ \t]+Grid[ \t]+-[ \t]+(?P<m>\d{2})/(?P<d>\d{2})/(?P<y>\d{4}):"
    r"[ \t]*\n(?:[ \t]*\n)*[ \t]*(?P<s>\d)/9[ \t]+Correct", re.I
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    if day is None:
        return None
    return Found(puzzle=None, date=day, solved=m.group("s") == "9", score=int(m.group("s")), max=9)


GAME = Game(
    slug="moviegrid", name="Movie Grid", url="https://www.moviegrid.io", unit="points", lower_is_better=False,
    fail_rule="as_printed", parse=each(PATTERN, build), max=9, marker="movie grid", names=("Movie Grid",),
)
