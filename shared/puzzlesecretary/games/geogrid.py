"""GeoGrid: a 3×3 board, then `Score: 123.7 | Rank: 1,253/4,953` and `Board #910 | ♾️ Mode: Off`.

The headline number is `Score:`, a rarity total where lower is better (a wrong cell adds 100,
so an empty board scores 900). `Rank: a/b` is a decoy fraction, never the score. The older
share put the board first, then `🌎Game Summary🌎`, `Board #45`, `Score: 900` and
`Rank: 9,082 / 11,501`. Cells: ❌ is wrong; 🟩 ✅ or a rarity emoji (💎🦄🌈🔷⚡) is right.
Sources: plasticmacaroni/PuzzleTracker tests/fixtures/share-texts.json; Trifase/giochini-bot
games.py (Board #45 anchored on 2024-05-21, so #1 was 2024-04-07).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..results import Found, Rejection
from .base import NUMBER, Calendar, Game, to_int

BOARD = re.compile(rf"Board[ \t]*#(?P<n>{NUMBER})(?![\d])")
SCORE = re.compile(r"Score:[ \t]*(?P<s>\d{1,4}(?:[.,]\d{1,2})?)(?![\d/])")
RANK = re.compile(rf"Rank:[ \t]*(?P<r>{NUMBER})[ \t]*/[ \t]*(?P<of>{NUMBER})")
MODE = re.compile(r"Mode:[ \t]*(?P<m>On|Off)", re.I)
WRONG = "❌"


def _board(before: str) -> list[str]:
    """The last three lines of three cells each, before the score."""
    rows = []
    for line in reversed(before.split("\n")):
        cells = [c for c in line.replace(" ", "") if not c.isspace()]
        if len(cells) == 3 and not any(c.isalnum() for c in cells):
            rows.append("".join(cells))
            if len(rows) == 3:
                break
        elif rows:
            break
    return list(reversed(rows))


def parse(text: str) -> Iterator[Found | Rejection]:
    if not re.search(r"geogrid", text, re.I):
        return
    board = BOARD.search(text)
    score = SCORE.search(text)
    if not board or not score:
        if score or board or RANK.search(text):
            yield Rejection("geogrid", "a GeoGrid share needs both its Board number and its Score")
        return
    puzzle = to_int(board.group("n"))
    value = float(score.group("s").replace(",", "."))
    rows = _board(text[: min(score.start(), board.start())])
    details: dict = {"board": rows}
    correct = None
    if len(rows) == 3:
        correct = sum(1 for r in rows for c in r if c != WRONG)
        details["correct"] = correct
    rank = RANK.search(text)
    if rank:
        details["rank"] = to_int(rank.group("r"))
        details["players"] = to_int(rank.group("of"))
    mode = MODE.search(text)
    if mode:
        details["infinite_mode"] = mode.group("m").lower() == "on"
    yield Found(puzzle=puzzle, solved=correct == 9 if correct is not None else value < 100, score=value, details=details)


GAME = Game(
    slug="geogrid",
    name="GeoGrid",
    url="https://www.geogridgame.com",
    unit="points",
    lower_is_better=True,
    fail_rule="as_printed",
    parse=parse,
    calendar=Calendar(45, dt.date(2024, 5, 21)),
    marker="geogrid",
)
