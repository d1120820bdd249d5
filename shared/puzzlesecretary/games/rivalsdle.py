"""Rivalsdle: `I found #Rivalsdle hero #286 with a video in 4 tries` (see herodle.py)."""

from __future__ import annotations

from .base import Game
from .herodle import reader

GAME = Game(
    slug="rivalsdle", name="Rivalsdle", url="https://rivalsdle.com", unit="guesses", lower_is_better=True,
    fail_rule="excluded", parse=reader("Rivalsdle"), marker="rivalsdle", names=("Rivalsdle",),
)
