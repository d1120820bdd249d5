"""Sedecordle's sixteen-board dailies, read from keycap counts:

  `Daily #1374`, eight lines of two boards (`1️⃣8️⃣⬛0️⃣4️⃣`), `sedecordle.com`, `#sedecordle` (the classic);
  `Daily Sedec-order #1097` / `Daily Savior #1339`, then `Guesses: 18/21` (X/21 a failure).

The classic's score is its last board's guess (the most guesses, 21 at most; a 🟥🟥 board is a
failure); the two modes print their score. Lower is better. Source: pmealey/wordle-random-start
scripts/test-data.json (Sedecordle, Sedec-order, Sedecordle Savior) and its sedecordle parsers.
The modules sedecordle.py, sedecorder.py and sedecordlesavior.py each register one game.
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, to_int
from .sharetext import each, keycap_digits

CLASSIC = re.compile(rf"(?<![A-Za-z])Daily[ \t]+#(?P<n>{NUMBER})[ \t]*\n(?P<boards>(?:[^\n]*\n){{8}})[ \t]*sedecordle\.com", re.I)


def classic(m: re.Match[str]) -> Found | None:
    lines = m.group("boards").strip("\n").split("\n")
    counts = [keycap_digits(part) for line in lines for part in re.split(r"⬛|[ \t]+", line.strip()) if part]
    if len(counts) != 16:
        return None
    failed = any(c == "" for c in counts)
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else max(int(c) for c in counts), max=21)


def mode(name: str):
    pattern = re.compile(rf"Daily[ \t]+{name}[ \t]+#(?P<n>{NUMBER})[ \t]*\n[ \t]*Guesses:[ \t]*(?P<s>\d{{1,2}}|[Xx])/21", re.I)

    def build(m: re.Match[str]) -> Found | None:
        failed = m.group("s") in "Xx"
        if not failed and not 16 <= int(m.group("s")) <= 21:
            return None
        return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("s")), max=21)

    return each(pattern, build)


read_classic = each(CLASSIC, classic)
