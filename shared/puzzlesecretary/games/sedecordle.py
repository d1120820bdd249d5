"""Sedecordle: `Daily #1374`, eight lines of two keycap counts, `sedecordle.com` (see sedecordles.py)."""

from __future__ import annotations

from .base import Game
from .sedecordles import read_classic

GAME = Game(
    slug="sedecordle", name="Sedecordle", url="https://www.sedecordle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=read_classic, max=21, marker="sedecordle", names=("Sedecordle",),
)
