"""Spotle: `Spotle #710🎧`, a blank line, one ⬜ per wrong guess then 🟩 (found) or ❌ (out of ten
guesses), then spotle.io.

Score = the position of 🟩, lower is better; ❌ is a failure. Source: Trifase/giochini-bot
games.py (Spotle examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Spotle[ \t]+#(?P<n>{NUMBER})[^\n]*\n(?:[ \t]*\n)*[ \t]*(?P<strip>[⬜⬛🟥🟨 ]*(?:🟩|❌))[ \t]*$",
    re.I | re.M,
)


def build(m: re.Match[str]) -> Found:
    strip = m.group("strip").replace(" ", "")
    found = strip.endswith("🟩")
    return Found(puzzle=to_int(m.group("n")), solved=found, score=len(strip) if found else None, max=10)


GAME = Game(
    slug="spotle", name="Spotle", url="https://spotle.io", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=10, marker="spotle", names=("Spotle",),
)
