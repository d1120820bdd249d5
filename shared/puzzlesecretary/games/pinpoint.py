"""LinkedIn Pinpoint: guess the category in at most five clues.

Current share: `Pinpoint #126` then `🤔 🤔 📌 ⬜ ⬜ (3/5)`; failure `(X/5)` (zwalsh/dailygames
PinpointFixtures.kt). Original share: `Pinpoint #170 | 3 guesses` then rows `1️⃣ | 64% match`,
solved only if a row reads `100% match 📌`; a failed game prints five rows and no 📌
(Trifase/giochini-bot games.py, localized: `n. 159 | 3 risposte giuste`, `Nr. 323 | 3
Rateversuche`). Score: guesses. Puzzle #1 was 2024-05-01 (Trifase/giochini-bot: #170 on
2024-10-17), launched with Queens and Crossclimb.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .linkedin import MARK, segment

HEADER = re.compile(rf"(?<![A-Za-z#@/])Pinpoint[ \t]*{MARK}[ \t]*(?P<n>{NUMBER})(?![\d:])")
STRIP = re.compile(r"(?P<strip>(?:[🤔📌⬜][ \t]*){1,5})\((?P<s>[1-5Xx])/5\)")
ROW = re.compile(r"^[ \t]*(?P<k>[1-5])\u20e3[ \t]*\|(?P<rest>[^\n]*)$", re.M)


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        own = segment(text, m.end())
        strip = STRIP.search(own)
        if strip:
            failed = strip.group("s") in "Xx"
            yield Found(
                puzzle=puzzle,
                solved=not failed,
                score=None if failed else int(strip.group("s")),
                max=5,
                details={"strip": strip.group("strip").replace(" ", "").strip()},
            )
            continue
        rows = list(ROW.finditer(own))
        if rows:
            pinned = [r for r in rows if "📌" in r.group("rest")]
            guesses = int(pinned[0].group("k")) if pinned else None
            yield Found(
                puzzle=puzzle,
                solved=guesses is not None,
                score=guesses,
                max=5,
                details={"rows": len(rows)},
            )
            continue
        yield Rejection("pinpoint", "a Pinpoint header with no guesses under it does not count", puzzle)


GAME = Game(
    slug="pinpoint",
    name="Pinpoint",
    url="https://www.linkedin.com/games/pinpoint/",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(1, dt.date(2024, 5, 1)),
    max=5,
    marker="pinpoint",
)
