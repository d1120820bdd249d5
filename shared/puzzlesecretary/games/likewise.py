"""The likewise.com clip games (NFLXdle, Posterdle): `#NFLXdle #2024-09-04`, `⌛️ 3️⃣ seconds` (how long
the clip ran), then `📺 🟥 🟥 🟩 ⬜️ ⬜️ ⬜️` (🍿 for Posterdle): the first 🟩 is the score.

No puzzle number: the date in the header is the puzzle. Score = guesses (six at most), lower
is better; no 🟩 is a failure. Source: Trifase/giochini-bot games.py (NFLXdle and Posterdle
examples). The modules nflxdle.py and posterdle.py each register one game.
"""

from __future__ import annotations

import re

from ..results import Found
from .sharetext import each, iso_date
from .strips import cells, first_green


def reader(name: str, icon: str):
    pattern = re.compile(
        rf"#{name}[ \t]+#(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[^\n]*\n){{1,4}}?[ \t]*(?P<strip>{icon}[^\n]*)", re.I
    )

    def build(m: re.Match[str]) -> Found | None:
        day = iso_date(m.group("y"), m.group("m"), m.group("d"))
        strip = cells(m.group("strip"), "🟩🟥⬛⬜", icon)
        if day is None or strip is None or len(strip) != 6:
            return None
        score = first_green(strip)
        return Found(puzzle=None, date=day, solved=score is not None, score=score, max=6, details={"strip": "".join(strip)})

    return each(pattern, build)
