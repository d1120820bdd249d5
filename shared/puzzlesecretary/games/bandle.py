"""Bandle: `Bandle #1508 3/6`, a row of squares, `Found: 360/371 (97%)`, hashtags, the URL.

The limit varies by song (`/4`, `/5` or `/6`) and a failure is a lowercase `x/6`. `Found:
a/b` (localized `Encontrado:`, `Gefunden:`, `Trouvées:`) is lifetime stats, a decoy
fraction; the hashtags `#Bandle #Heardle #Wordle` are decoys for other parsers. Sources:
plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json; Trifase/giochini-bot
games.py (#564 on 2024-03-03, so #1 was 2022-08-18).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .strips import strip_after

HEADER = re.compile(rf"(?<![A-Za-z#@])Bandle[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<s>[1-6Xx])/(?P<of>[4-6])(?!\d)")
SQUARES = "🟩🟨🟥⬛⬜"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        limit = int(m.group("of"))
        failed = m.group("s") in "Xx"
        if not failed and int(m.group("s")) > limit:
            yield Rejection("bandle", f"{m.group('s')}/{limit} is not a Bandle score", puzzle)
            continue
        strip = strip_after(text, m.end(), SQUARES, lines=1)
        if strip is not None and len(strip) != limit:
            yield Rejection("bandle", f"the Bandle row has {len(strip)} squares but the song has {limit} clips", puzzle)
            continue
        yield Found(
            puzzle=puzzle,
            solved=not failed,
            score=None if failed else int(m.group("s")),
            max=limit,
            details={"strip": "".join(strip or [])},
        )


GAME = Game(
    slug="bandle",
    name="Bandle",
    url="https://bandle.app",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(564, dt.date(2024, 3, 3)),
    max=6,
    marker="bandle",
)
