"""Sedecordle Savior: `Daily Savior #1339`, `Guesses: 19/21` (see sedecordles.py)."""

from __future__ import annotations

from .base import Game
from .sedecordles import mode

GAME = Game(
    slug="sedecordlesavior", name="Sedecordle Savior", url="https://www.sedecordle.com", unit="guesses",
    lower_is_better=True, fail_rule="max_plus_one", parse=mode("Savior"), max=21, marker="savior",
    names=("Sedecordle Savior",),
)
