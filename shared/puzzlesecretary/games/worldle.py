"""Worldle (teuteuf): `#Worldle #1716 (03.10.2026) 4/6 (100%)`, then one row per guess.

Rows are five proximity squares and a direction arrow (🎉 on the winning row). The share
prints its own date (DD.MM.YYYY), which is used as the puzzle's date; `(P%)` is the best
proximity, printed on failures too (`X/6 (94%)`). 2022 shares print no
date (`#Worldle #27 3/6 (100%) 🙈`); 🙈 (image hidden) or 🌀 (rotated) after the title is the
game's harder mode, counted as hard mode. A lifesaver replaces the score with an emoji (`😛/6`):
the streak was kept, but the country was not found, so it counts as a failure. 2026 adds a
streak line (localized) and a line of bonus-round emoji. Sources: plasticmacaroni/
PuzzleTracker tests/fixtures/share-texts.json; zwalsh/dailygames ShareTextParserTest.kt;
Trifase/giochini-bot games.py. Numbering: the game's own share code counts days from
`START_DATE = 2022-01-21` (teuteuf/worldle src/components/Share.tsx), so #1 was 2022-01-22;
#934 on 2024-08-12 (zwalsh) and #807 on 2024-04-07 (Trifase) agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int

# Slack posters write the name in lower case too (`#worldle #360 1/6 (100%)`, a Slack bot's tests).
HEADER = re.compile(
    rf"#(?i:Worldle)[ \t]*#(?P<n>{NUMBER})[ \t]*(?:\((?P<date>\d{{1,2}}\.\d{{1,2}}\.\d{{4}})\)[ \t]*)?"
    r"(?P<s>[1-6Xx]|[^\s\d/]{1,2})/6(?:[ \t]*\((?P<p>\d{1,3})[ \t]*%\))?"
)
ROW = re.compile(r"^[ \t]*([🟩🟨⬛⬜]{5})[ \t]*([^\s🟩🟨⬛⬜]{1,2})?[ \t]*$")
STREAK = re.compile(r"🔥[^\n\d]*(\d+)")


def _body(lines: list[str]) -> tuple[list[str], int | None]:
    """The grid rows under the header, and the streak line if one stands among them."""
    rows: list[str] = []
    streak = None
    for line in lines:
        row = ROW.match(line)
        if row:
            rows.append(row.group(1))
        elif streak is None and (s := STREAK.search(line)):
            streak = int(s.group(1))
        elif rows:
            break
    return rows, streak


def parse(text: str) -> Iterator[Found | Rejection]:
    for m in HEADER.finditer(text):
        puzzle = to_int(m.group("n"))
        date = None
        if m.group("date"):
            try:
                date = dt.datetime.strptime(m.group("date"), "%d.%m.%Y").date()
            except ValueError:
                yield Rejection("worldle", f"({m.group('date')}) is not a date", puzzle)
                continue
        score = m.group("s")
        solved = score.isdigit()
        rows, streak = _body(text[m.end():].split("\n")[1:9])
        if solved and rows and len(rows) != int(score):
            yield Rejection("worldle", f"the grid has {len(rows)} rows but the header says {score}/6", puzzle)
            continue
        details: dict = {"grid": rows}
        if m.group("p"):
            details["proximity"] = int(m.group("p"))
        if streak is not None:
            details["streak"] = streak
        if not solved and score not in "Xx":
            details["lifesaver"] = True
        # The game's harder modes append 🙈 (image hidden) or 🌀 (rotated) to the title.
        rest = text[m.end():].split("\n", 1)[0]
        mode = "hidden image" if "🙈" in rest else "rotated" if "🌀" in rest else None
        if mode:
            details["mode"] = mode
        yield Found(
            puzzle=puzzle, solved=solved, score=int(score) if solved else None, max=6, hard_mode=mode is not None,
            date=date, details=details,
        )


GAME = Game(
    slug="worldle",
    name="Worldle",
    url="https://worldle.teuteuf.fr",
    unit="guesses",
    lower_is_better=True,
    fail_rule="max_plus_one",
    parse=parse,
    calendar=Calendar(1, dt.date(2022, 1, 22)),
    max=6,
    marker="worldle",
)
