"""NFLXdle: `#NFLXdle #2024-09-04`, `⌛️ 3️⃣ seconds`, `📺 🟩 ⬜️ ⬜️ ⬜️ ⬜️ ⬜️` (see likewise.py)."""

from __future__ import annotations

from .base import Game
from .likewise import reader

GAME = Game(
    slug="nflxdle", name="NFLXdle", url="https://likewise.com/games/nflxdle", unit="guesses", lower_is_better=True,
    fail_rule="max_plus_one", parse=reader("NFLXdle", "📺"), max=6, marker="nflxdle", names=("NFLXdle",),
)
