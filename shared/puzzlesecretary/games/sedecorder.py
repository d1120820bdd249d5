"""Sedec-order: `Daily Sedec-order #1097`, `Guesses: 18/21` (see sedecordles.py)."""

from __future__ import annotations

from .base import Game
from .sedecordles import mode

GAME = Game(
    slug="sedecorder", name="Sedec-order", url="https://www.sedecordle.com", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=mode("Sedec-order"), max=21, marker="sedec-order", names=("Sedec-order",),
)
