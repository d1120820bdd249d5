"""Queens Ultimate Max: `👑 Queens Ultimate - Daily Max #153` / `⏱️ 04:02.18` (see queensultimate.py)."""

from __future__ import annotations

from .base import Game
from .queensultimate import reader

GAME = Game(
    slug="queensultimatemax", name="Queens Ultimate Max", url="https://queensultimate.com/max", unit="seconds",
    lower_is_better=True, fail_rule="excluded", parse=reader("queensultimatemax", "Max"), marker="queens ultimate",
    names=("Queens Ultimate - Daily Max",),
)
