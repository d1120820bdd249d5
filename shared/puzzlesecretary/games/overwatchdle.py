"""Overwatchdle: `I found #Overwatchdle hero #2 in classic mode in 3 tries` (see herodle.py)."""

from __future__ import annotations

from .base import Game
from .herodle import reader

GAME = Game(
    slug="overwatchdle", name="Overwatchdle", url="https://overwatchdle.net", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=reader("Overwatchdle"), marker="overwatchdle", names=("Overwatchdle",),
)
