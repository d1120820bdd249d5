"""Posterdle: `#Posterdle #2024-09-04`, `⌛️ 6️⃣ seconds`, `🍿 🟥 🟥 🟩 ⬜️ ⬜️ ⬜️` (see likewise.py)."""

from __future__ import annotations

from .base import Game
from .likewise import reader

GAME = Game(
    slug="posterdle", name="Posterdle", url="https://likewise.com/games/posterdle", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=reader("Posterdle", "🍿"), max=6, marker="posterdle", names=("Posterdle",),
)
