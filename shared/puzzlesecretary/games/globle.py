"""Globle: no game name in the header and no puzzle number, only the date.

`🌎 Oct 4, 2026 🌍`, `🔥 <streak> | Avg. Guesses: <avg>`, then a colour row (wrapping at 8)
ending ` = <guesses>`, then `https://globle-game.com` and `#globle`. Guesses are unlimited and
there is no failure. Globle Capitals prints the same template, so only a share naming
globle-game.com or `#globle` counts (PuzzleTracker's note). The date printed in the share is
the puzzle's date; without it the date is unknown (None). Sources: plasticmacaroni/
PuzzleTracker tests/fixtures/share-texts.json; Trifase/giochini-bot games.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import Game

MARK = re.compile(r"globle-game\.com|#globle(?![A-Za-z_-])", re.I)
CAPITALS = re.compile(r"globle-?capitals", re.I)
DATE = re.compile(r"🌎[ \t]*(?P<d>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4})[ \t]*🌍")
SQUARES = "⬜🟨🟧🟥🟩"
TAIL = re.compile(rf"(?P<rows>(?:[{SQUARES}][ \t]*)+(?:\n[ \t]*(?:[{SQUARES}][ \t]*)+)*)=[ \t]*(?P<g>\d{{1,4}})(?!\d)")
STREAK = re.compile(r"🔥[ \t]*(?P<streak>\d+)[ \t]*\|[ \t]*Avg\.?[ \t]*Guesses:[ \t]*(?P<avg>\d+(?:[.,]\d+)?)")


def _date(raw: str) -> dt.date | None:
    cleaned = raw.replace(",", " ").replace(".", " ")
    for fmt in ("%b %d %Y", "%B %d %Y"):
        try:
            return dt.datetime.strptime(" ".join(cleaned.split()), fmt).date()
        except ValueError:
            continue
    return None


def parse(text: str) -> Iterator[Found | Rejection]:
    if not MARK.search(text) or CAPITALS.search(text):
        return
    tail = TAIL.search(text)
    if not tail:
        if DATE.search(text):
            yield Rejection("globle", "a Globle share with no `= guesses` row does not count")
        return
    cells = [c for c in tail.group("rows") if c in SQUARES]
    guesses = int(tail.group("g"))
    # A long game's row may be cut short, but never longer than the count, and it ends on the find.
    if len(cells) > guesses or cells[-1] != "🟩":
        yield Rejection("globle", f"the Globle row has {len(cells)} squares but says = {guesses}")
        return
    date_match = DATE.search(text, 0, tail.start())
    date = _date(date_match.group("d")) if date_match else None
    details: dict = {"row": "".join(cells)}
    streak = STREAK.search(text)
    if streak:
        details["streak"] = int(streak.group("streak"))
    yield Found(puzzle=None, solved=True, score=guesses, date=date, details=details)


GAME = Game(
    slug="globle",
    name="Globle",
    url="https://globle-game.com",
    unit="guesses",
    lower_is_better=True,
    fail_rule="excluded",
    parse=parse,
    marker="globle",
)
