"""Metaflora: `🌱 Plant #141 🌾` / `I figured it out in 3 guesses!` (see zooa.py for the format and sources)."""

from __future__ import annotations

from .base import Game
from .zooa import reader

GAME = Game(
    slug="metaflora", name="Metaflora", url="https://flora.metazooa.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=reader("Plant"), marker="plant", names=("Metaflora",),
)
