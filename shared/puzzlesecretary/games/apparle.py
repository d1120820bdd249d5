"""Apparle: `Apparle #28 3/6`, one line per guess with an arrow and how far off the price was, the
last one `💵` (found) or `🏆` (first try) — or `❌` when all six missed — then the URL.

Score = guesses, lower is better; a last line with ❌ is a failure. Source:
Trifase/giochini-bot games.py (Apparle examples, in a class it no longer registers).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Apparle[ \t]+#(?P<n>{NUMBER})[ \t]+(?P<s>[1-6]|[Xx])/6"
    rf"[ \t]*\n(?P<rows>(?:[^\n]*%[ \t]*(?:\n|$)){{1,6}})",
    re.I,
)


def build(m: re.Match[str]) -> Found:
    last = m.group("rows").strip().split("\n")[-1]
    failed = m.group("s") in "Xx" or "❌" in last
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("s")), max=6)


GAME = Game(
    slug="apparle", name="Apparle", url="https://apparle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="apparle", names=("Apparle",),
)
