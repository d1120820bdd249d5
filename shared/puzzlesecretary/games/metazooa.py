"""Metazooa: `🦮 Animal #156 🦎` / `I figured it out in 1 guesses!` (see zooa.py for the format and sources)."""

from __future__ import annotations

from .base import Game
from .zooa import reader

GAME = Game(
    slug="metazooa", name="Metazooa", url="https://metazooa.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=reader("Animal"), marker="animal", names=("Metazooa",),
)
