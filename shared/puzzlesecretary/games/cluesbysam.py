"""Clues by Sam: a dated sentence or heading with the day's difficulty, the time, a 5x4 grid.

    I solved the daily #CluesBySam, Sep 25th 2026 (Hard), in 03:08
    #CluesBySam - Sep 25th 2026 (Hard)\\n03:08
    I solved the daily Clues by Sam (Nov 14th 2025) in less than 17 minutes

The score is the time in seconds (lower is better); "less than N minutes" counts as N minutes
and is marked approximate. In the grid 🟩 is a cell solved cleanly, 🟨 a mistake, and a circle
(🟠 🟡 ...) a hint used there; those counts and the difficulty (Easy, Medium, Hard, Tricky,
Evil) go in details. The date is the puzzle. Sources: public parser tests with real shares
(index files 70332020209, 53660969420, 15020692059); pmealey/wordle-random-start
lambdas/src/parsers/cluesbysam-parser.ts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Game
from .clocktime import CLOCK, is_clock, seconds

MONTH = r"[A-Z][a-z]{2,8}\.?"
DATE = rf"(?P<date>{MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}})"
LEVEL = r"(?:[ \t]*\((?P<level>Easy|Medium|Hard|Tricky|Evil)\))?"
HEADER = re.compile(
    rf"(?:I[ \t]+solved[ \t]+the[ \t]+daily[ \t]+)?(?:#CluesBySam|Clues[ \t]+by[ \t]+Sam)[ \t]*[-,]?[ \t]*\(?{DATE}\)?{LEVEL},?"
    rf"(?:[ \t]+in[ \t]+(?:(?P<clock>{CLOCK})|less[ \t]+than[ \t]+(?P<under>\d+)[ \t]+minutes?))?",
    re.IGNORECASE,
)
CLOCK_LINE = re.compile(rf"^[ \t]*(?P<clock>{CLOCK})[ \t]*$")
CIRCLES = "🟠🟡🟢🔵🟣🔴⚪⚫🟤"
CELLS = "🟩🟨🟧🟥🟦🟪🟫" + CIRCLES


def read_date(text: str) -> dt.date | None:
    clean = re.sub(r"(\d)(st|nd|rd|th)", r"\1", text).replace(",", "").replace(".", "")
    for fmt in ("%b %d %Y", "%B %d %Y"):
        try:
            return dt.datetime.strptime(re.sub(r"\s+", " ", clean), fmt).date()
        except ValueError:
            continue
    return None


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        day = read_date(m.group("date"))
        if day is None:
            yield Rejection("cluesbysam", f"the Clues by Sam date {m.group('date')!r} is not a real date")
            continue
        lines = text[m.end():].split("\n")[1:]
        clock, approximate = m.group("clock"), False
        if clock is None and m.group("under") is None and lines and (c := CLOCK_LINE.match(lines[0])):
            clock, lines = c.group("clock"), lines[1:]
        if clock is not None:
            if not is_clock(clock):
                yield Rejection("cluesbysam", f"the Clues by Sam time {clock} is not a real time")
                continue
            score = seconds(clock)
        elif m.group("under") is not None:
            score, approximate = int(m.group("under")) * 60, True
        else:
            yield Rejection("cluesbysam", "a Clues by Sam share needs its time to count")
            continue
        grid = []
        for line in lines:
            cells = line.replace(" ", "")
            if not cells or not all(c in CELLS for c in cells):
                break
            grid.append(cells)
        flat = "".join(grid)
        level = m.group("level")
        yield Found(
            puzzle=None,
            solved=True,
            score=score,
            date=day,
            details={
                "difficulty": level.capitalize() if level else None,
                "approximate": approximate,
                "grid": grid,
                "mistakes": flat.count("🟨"),
                "hints": sum(flat.count(c) for c in CIRCLES),
                "perfect": bool(grid) and set(flat) == {"🟩"},
            },
        )


GAME = Game(
    slug="cluesbysam",
    name="Clues by Sam",
    url="https://cluesbysam.com",
    unit="seconds",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    marker="sam",
)
