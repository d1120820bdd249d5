"""Don't Wordle: `Don't Wordle 1527 - SURVIVED` (or `- WORDLED`, a failure), the rows with the words
left after each guess, `Undos used: 0`, then `= 10 total score` and the URL.

Score = the total score, higher is better. Its name holds Wordle's: it is never read as
Wordle. Source: Trifase/giochini-bot games.py (DontWordle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"Don['’]t[ \t]+Wordle[ \t]+#?(?P<n>{NUMBER})[ \t]+-"
    rf"[ \t]+(?:(?P<ok>SURVIVED)|WORDLED)(?:(?:\n[^\n]*){{1,16}}?\n[ \t]*=[ \t]*(?P<s>\d+)[ \t]+total[ \t]+score)?",
    re.I,
)


def build(m: re.Match[str]) -> Found | None:
    if m.group("ok") and m.group("s") is None:
        return None
    survived = bool(m.group("ok"))
    return Found(puzzle=to_int(m.group("n")), solved=survived, score=int(m.group("s")) if survived else None)


GAME = Game(
    slug="dontwordle", name="Don't Wordle", url="https://dontwordle.com", unit="points", lower_is_better=False,
    fail_rule="excluded", parse=each(PATTERN, build), marker="wordle", names=("Don't Wordle", "Don’t Wordle"),
)
