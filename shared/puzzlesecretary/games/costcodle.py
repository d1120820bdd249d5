"""Costcodle: `Costcodle #1101 3/6`, then one row per guess (`⬇️🟥`, `⬆️🟨`, the win `✅`).

Costcodle Archive #N is a replay (counted, marked archive); Costcodle Random #N is a random
practice game, not the daily puzzle, so it is rejected. Sources: the game's own share code
(`copyStats()`: `Costcodle #` / `Costcodle Random #`, and `Costcodle Archive #` in
VirenMohindra/costcodle-unlimited src/modules/game.ts); plasticmacaroni/PuzzleTracker
tests/fixtures/share-texts.json. Puzzle #1 was 2023-09-21: `COSTCODLE_START_DATE` in
VirenMohindra/costcodle-unlimited src/modules/constants.ts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int

HEADER = re.compile(rf"(?<![A-Za-z#@])Costcodle(?:[ \t]+(?P<mode>Archive|Random))?[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<s>[1-6Xx])/6")
ROW = re.compile(r"^[ \t]*(?:[⬆⬇][ \t]*[🟥🟨]|✅)[ \t]*$")


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        if m.group("mode") == "Random":
            yield Rejection("costcodle", "Costcodle Random is a practice game, not the daily puzzle", puzzle)
            continue
        failed = m.group("s") in "Xx"
        rows = []
        for line in text[m.end():].split("\n")[1:8]:
            if ROW.match(line):
                rows.append(line.strip())
            else:
                break
        if rows and not failed and (len(rows) != int(m.group("s")) or rows[-1] != "✅"):
            yield Rejection("costcodle", f"the rows do not match the header's {m.group('s')}/6", puzzle)
            continue
        yield Found(
            puzzle=puzzle,
            solved=not failed,
            score=None if failed else int(m.group("s")),
            max=6,
            archive=m.group("mode") == "Archive",
            details={"rows": rows},
        )


GAME = Game(
    slug="costcodle",
    name="Costcodle",
    url="https://costcodle.com",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(1, dt.date(2023, 9, 21)),
    max=6,
    marker="costcodle",
)
