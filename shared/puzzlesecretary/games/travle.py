"""Travle: `#travle #607 +2 (1 hint)`, then one square per guessed country.

The score is `+K`, the guesses beyond the shortest route (lower is better); `(Perfect)` or
`(N hint[s])` may follow, localized (`(1 suggerimento)`). A failure prints `(N away)`
instead of `+K` (`(4 lontano)`) and has no score. Rows: ✅ on the route, 🟩 🟧 🟥 by
closeness. The regional variants (`#travle_usa`, `#travle_gbr`, `#travle_ita`) are other
games and are not read here. Sources: zwalsh/dailygames TravleFixtures.kt; Trifase/
giochini-bot games.py (#351 on 2023-11-30, so #1 was 2022-12-15).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int

HEADER = re.compile(
    rf"#travle[ \t]+#(?P<n>{NUMBER})[ \t]+(?:\+(?P<k>\d{{1,3}})|\((?P<away>\d{{1,3}})[ \t]+[^\d\s)]+\))(?P<rest>[^\n]*)",
    re.I,
)
PAREN = re.compile(r"\((?P<body>[^)]*)\)")
SQUARES = "✅🟩🟧🟥⬛⬜"


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        details: dict = {}
        for p in PAREN.finditer(m.group("rest")):
            body = p.group("body").strip()
            count = re.match(r"(\d+)\s", body)
            if body.lower().startswith(("perfect", "perfetto", "perfekt", "parfait", "perfecto")):
                details["perfect"] = True
            elif count:
                details["hints"] = int(count.group(1))
        nxt = text[m.end():].split("\n")[1:3]
        squares_only = (line.replace(" ", "") for line in nxt if line.strip())
        row = next((cells for cells in squares_only if all(c in SQUARES for c in cells)), "")
        details["row"] = row
        if m.group("away") is not None:
            details["away"] = int(m.group("away"))
            yield Found(puzzle=puzzle, solved=False, score=None, details=details)
        else:
            yield Found(puzzle=puzzle, solved=True, score=int(m.group("k")), details=details)


GAME = Game(
    slug="travle",
    name="Travle",
    url="https://travle.earth",
    unit="guesses",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(351, dt.date(2023, 11, 30)),
    marker="travle",
)
