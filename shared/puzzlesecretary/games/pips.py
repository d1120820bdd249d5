"""NYT Pips: `Pips #N Easy 🟢` then the time `M:SS`; one share per difficulty.

Layouts seen: the time on the next line (`Pips #46 Easy 🟢\\n1:03`), the difficulty on the next
line with the time (`Pips #120\\nEasy 🟢 0:22`), blank lines between (a bundle of all three),
hours for long solves (`1:02:44`) and a trailing 🍪. The numbers of the three difficulties on
one day may differ (Easy #173 beside Medium/Hard #171 in DlesFormatter's EXAMPLES) or agree
(#289 for all three in a public parser_test.rb), so each difficulty is its own puzzle: the
result carries details["variant"] and scores never mix across difficulties. No fail state.
Sources: brianp-develop/DlesFormatter docs EXAMPLES;
a public repository's script/parser_test.rb (index file 58163924370), which also dates
Pips #1 to 2025-08-18 and #379 to 2026-08-31 (a Discord bot's PIPS_START_DATE agrees). Easy
numbers that ran ahead of the others may date a Medium or Hard share a day or two early.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int
from .clocktime import CLOCK, is_clock, seconds

LEVELS = ("easy", "medium", "hard")
HEADER = re.compile(rf"(?<![A-Za-z#@])Pips[ \t]+#[ \t]*(?P<n>{NUMBER})\b")
BODY = re.compile(
    rf"[ \t]*\n?[ \t]*(?P<level>(?i:easy|medium|hard))[ \t]*(?:[🟢🟡🔴][ \t]*)?\s*(?P<time>{CLOCK})(?![\d:])(?P<rest>[^\n]*)"
)


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        body = BODY.match(text, m.end())
        if body is None:
            yield Rejection("pips", "a Pips header needs its difficulty and time to count", puzzle)
            continue
        clock = body.group("time")
        if not is_clock(clock):
            yield Rejection("pips", f"the Pips time {clock} is not a real time", puzzle)
            continue
        level = body.group("level").lower()
        yield Found(
            puzzle=puzzle,
            solved=True,
            score=seconds(clock),
            details={"variant": level, "difficulty": level, "time": clock, "cookie": "🍪" in body.group("rest")},
        )


GAME = Game(
    slug="pips",
    name="Pips",
    url="https://www.nytimes.com/games/pips",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    calendar=Calendar(1, dt.date(2025, 8, 18)),
    marker="pips",
)
