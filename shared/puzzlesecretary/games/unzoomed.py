"""Unzoomed: `Unzoomed #89 4/6 🔴🔴🟡🟢⚪️⚪️` on one line (one circle per guess: 🔴 wrong, 🟡 close,
🟢 found, ⚪ unused), then the URL; `6/6` with no 🟢 is a failure.

Score = guesses, lower is better. Source: Trifase/giochini-bot games.py (Unzoomed examples).
"""

from __future__ import annotations

import re

from ..results import Found
from .base import NUMBER, Game, to_int
from .sharetext import each

PATTERN = re.compile(
    rf"(?<![A-Za-z#@/.])Unzoomed[ \t]+#(?P<n>{NUMBER})[ \t]+"
    r"(?P<s>[1-6]|[Xx])/6[ \t]+(?P<strip>[🔴🟡🟢⚪]{6})",
    re.I,
)


def build(m: re.Match[str]) -> Found:
    failed = m.group("s") in "Xx" or "🟢" not in m.group("strip")
    return Found(puzzle=to_int(m.group("n")), solved=not failed, score=None if failed else int(m.group("s")), max=6)


GAME = Game(
    slug="unzoomed", name="Unzoomed", url="https://unzoomed.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=each(PATTERN, build), max=6, marker="unzoomed", names=("Unzoomed",),
)
