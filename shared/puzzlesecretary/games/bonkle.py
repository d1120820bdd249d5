"""Bonkle: `Bonkle 2026/02/10: 3/9` (the word's length sets the guesses allowed; X a failure), then
one row per guess and the URL.

No puzzle number: the printed date is the puzzle. Score = guesses, lower is better. Source:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json (bonkle).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import Game
from .sharetext import each, iso_date

PATTERN = re.compile(
    r"(?<![A-Za-z#@/.])Bonkle[ \t]+(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2}):"
    r"[ \t]+(?P<s>\d{1,2}|[Xx])/(?P<of>\d{1,2})(?P<hard>\*?)",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    day = iso_date(m.group("y"), m.group("m"), m.group("d"))
    failed = m.group("s") in "Xx"
    if day is None or (not failed and not 1 <= int(m.group("s")) <= int(m.group("of"))):
        return None
    return Found(puzzle=None, date=day, solved=not failed, score=None if failed else int(m.group("s")),
                 max=int(m.group("of")), hard_mode=bool(m.group("hard")))


GAME = Game(
    slug="bonkle", name="Bonkle", url="https://bonkle.maskofdestiny.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), marker="bonkle", names=("Bonkle",),
)
